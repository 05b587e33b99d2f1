import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '~/features/accounts/guards.server'
import setupCss from '~/features/elections/components/setup-pages.css'
import { StageBadge } from '~/features/elections/components/stage-timeline'
import { electionsForMembers, type ElectionSummary } from '~/features/elections/setup.server'
import { formatDateTime } from '~/i18n'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { PageHeader } from '~/shared/components/layout'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { isPayingMember } from '~/shared/viewer'

export const meta = titleMeta('elections.list.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: setupCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  return { ...electionsForMembers(context.app, pageParam(request)), member: isPayingMember(viewer) }
}

type Listed = Omit<ElectionSummary, 'candidacyOpensAt' | 'candidacyClosesAt' | 'votingOpensAt' | 'votingClosesAt' | 'publishedAt'> & {
  candidacyOpensAt: string | Date
  candidacyClosesAt: string | Date
  votingOpensAt: string | Date
  votingClosesAt: string | Date
}

function ElectionCards({ elections }: { elections: Listed[] }) {
  const t = useT()
  const { locale } = useRootData()
  const at = (d: string | Date) => formatDateTime(locale, new Date(d))
  return (
    <ul className="list-plain election-list">
      {elections.map((e) => (
        <li key={e.id} className="card election-card">
          <h3 className="election-card__title">
            <Link to={`/elections/${e.id}`}>{e.title}</Link>
          </h3>
          <p>
            <StageBadge stage={e.stage} />
          </p>
          <p className="muted">
            {e.stage === 'announced' || e.stage === 'candidacy'
              ? t('elections.list.candidacy', { opens: at(e.candidacyOpensAt), closes: at(e.candidacyClosesAt) })
              : t('elections.list.voting', { opens: at(e.votingOpensAt), closes: at(e.votingClosesAt) })}
            {' · '}
            {t('elections.list.seats', { count: e.seats })}
          </p>
        </li>
      ))}
    </ul>
  )
}

export default function Elections() {
  const t = useT()
  const { current, upcoming, past, page, pages, member } = useLoaderData<typeof loader>()
  const none = current.length === 0 && upcoming.length === 0 && past.length === 0
  return (
    // Under « Mon compte », beside « Recommander ma promotion »: the menu's entry leads here.
    <AccountLayout>
      <div className="setup-page">
        <PageHeader title={t('elections.list.title')} lead={t('elections.list.lead')} />
        {!member ? (
          <div className="alert alert--info" role="status">
            <p>{t('elections.list.notMember')}</p>
            <p>
              <Link to="/cotiser" className="button button--primary">
                {t('elections.list.cotiser')}
              </Link>
            </p>
          </div>
        ) : null}
        {none ? (
          <div className="card state">
            <p>{t('elections.list.empty')}</p>
          </div>
        ) : null}
        {current.length > 0 ? (
          <section aria-labelledby="elections-current">
            <h2 id="elections-current">{t('elections.list.current')}</h2>
            <ElectionCards elections={current} />
          </section>
        ) : null}
        {upcoming.length > 0 ? (
          <section aria-labelledby="elections-upcoming">
            <h2 id="elections-upcoming">{t('elections.list.upcoming')}</h2>
            <ElectionCards elections={upcoming} />
          </section>
        ) : null}
        {past.length > 0 ? (
          <section aria-labelledby="elections-past">
            <h2 id="elections-past">{t('elections.list.past')}</h2>
            <ElectionCards elections={past} />
            <Pagination page={page} pages={pages} />
          </section>
        ) : null}
      </div>
    </AccountLayout>
  )
}
