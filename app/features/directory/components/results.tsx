import { Link } from '@remix-run/react'
import { MemberCard, type CardMember } from '~/features/directory/components/member-card'
import { directoryHref, type DirectoryState } from '~/features/directory/query'
import { Pagination } from '~/shared/components/pagination'
import { useT } from '~/shared/i18n'

/** List or map: tabs on phones (wide screens show both side by side). */
export function DirectoryViewTabs({ state }: { state: DirectoryState }) {
  const t = useT()
  return (
    <nav className="tabs directory__views" aria-label={t('directory.views')}>
      {(['liste', 'carte'] as const).map((view) => (
        <Link
          key={view}
          to={directoryHref(state, { view, page: state.page })}
          className={`tabs__link${state.view === view ? ' active' : ''}`}
          aria-current={state.view === view ? 'page' : undefined}
          preventScrollReset
        >
          {t(view === 'liste' ? 'directory.view.list' : 'directory.view.map')}
        </Link>
      ))}
    </nav>
  )
}

/** The page of members found, or the way out when there is none. */
export function MemberResults({
  hits,
  selectedId,
  page,
  pages,
  returnTo,
}: {
  hits: CardMember[]
  selectedId: string | null
  page: number
  pages: number
  returnTo?: string
}) {
  const t = useT()
  return (
    <div className="directory__list">
      {hits.length === 0 ? (
        <div className="card state state--soft">
          <p>
            <strong>{t('directory.empty')}</strong>
          </p>
          <p>{t('directory.emptyHint')}</p>
          <Link to="/annuaire" className="button button--secondary">
            {t('directory.reset')}
          </Link>
        </div>
      ) : (
        <ul className="member-list" role="list">
          {hits.map((hit) => (
            <li key={hit.id}>
              <MemberCard member={hit} selected={hit.id === selectedId} returnTo={returnTo} />
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </div>
  )
}
