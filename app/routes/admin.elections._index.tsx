import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireWebmaster } from '~/features/accounts/guards.server'
import setupCss from '~/features/elections/components/setup-pages.css'
import { StageBadge } from '~/features/elections/components/stage-timeline'
import { electionsForWebmasters } from '~/features/elections/setup.server'
import { formatDateTime } from '~/i18n'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('elections.admin.list.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: setupCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  return electionsForWebmasters(context.app, pageParam(request))
}

export default function AdminElections() {
  const t = useT()
  const { locale } = useRootData()
  const { elections, total, page, pages } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="admin-elections-title" className="setup-page">
      <div className="setup-page__head">
        <h2 id="admin-elections-title">{t('elections.admin.list.title')}</h2>
        <Link to="/admin/elections/nouvelle" className="button button--primary">
          {t('elections.admin.list.create')}
        </Link>
      </div>
      <p className="muted">{t('elections.admin.list.count', { count: total })}</p>
      {elections.length === 0 ? (
        <div className="card state">
          <p>{t('elections.admin.list.empty')}</p>
        </div>
      ) : (
        <ul className="list-plain election-list">
          {elections.map((e) => (
            <li key={e.id} className="card election-card">
              <h3 className="election-card__title">
                <Link to={`/admin/elections/${e.id}`}>{e.title}</Link>
              </h3>
              <p>
                <StageBadge stage={e.stage} />
              </p>
              <p className="muted">
                {t('elections.list.voting', {
                  opens: formatDateTime(locale, new Date(e.votingOpensAt)),
                  closes: formatDateTime(locale, new Date(e.votingClosesAt)),
                })}
                {' · '}
                {t('elections.list.seats', { count: e.seats })}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  )
}
