import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useLocation } from '@remix-run/react'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { Pager } from '~/features/referrals/components/pager'
import referralsCss from '~/features/referrals/components/referrals.css'
import { funnelByPromotion, funnelByReferrer, funnelTotals, type FunnelCounts } from '~/features/referrals/funnel.server'
import { FUNNEL_VIEWS, funnelQuery, pageOf, type FunnelSort, type FunnelView } from '~/features/referrals/schema'
import type { MessageKey } from '~/i18n'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('referrals.admin.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: referralsCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const url = new URL(request.url)
  const query = funnelQuery(url.searchParams)
  const totals = funnelTotals(context.app)
  if (query.view === 'promotions') return { ...query, totals, promotions: funnelByPromotion(context.app, query), referrers: null }
  return { ...query, totals, promotions: null, referrers: funnelByReferrer(context.app, { ...query, page: pageOf(url, 'page') }) }
}

const COLUMN_KEYS: Record<FunnelSort, MessageKey> = {
  name: 'referrals.admin.col.name',
  promotion: 'referrals.admin.col.promotion',
  sent: 'referrals.admin.col.sent',
  joined: 'referrals.admin.col.joined',
  paid: 'referrals.admin.col.paid',
  conversion: 'referrals.admin.col.conversion',
}
const NUMERIC: FunnelSort[] = ['sent', 'joined', 'paid', 'conversion']
const VIEW_KEYS: Record<FunnelView, MessageKey> = { parrains: 'referrals.admin.view.parrains', promotions: 'referrals.admin.view.promotions' }

/** A column heading that sorts by itself: a link (works without JavaScript), `aria-sort` on the current one. */
function SortHeader({ column, sort, dir, view }: { column: FunnelSort; sort: FunnelSort; dir: 'asc' | 'desc'; view: FunnelView }) {
  const t = useT()
  const current = column === sort
  const next = current ? (dir === 'asc' ? 'desc' : 'asc') : NUMERIC.includes(column) ? 'desc' : 'asc'
  const label = t(COLUMN_KEYS[column])
  return (
    <th scope="col" className={NUMERIC.includes(column) ? 'num' : undefined} aria-sort={current ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link
        to={`?${new URLSearchParams({ vue: view, tri: column, ordre: next })}`}
        className="sort-link"
        title={t('referrals.admin.sortBy', { column: label })}
        preventScrollReset
      >
        {label}
        {current ? <span aria-hidden="true">{dir === 'asc' ? '▲' : '▼'}</span> : null}
      </Link>
    </th>
  )
}

function Counts({ row }: { row: FunnelCounts }) {
  const t = useT()
  return (
    <>
      <td className="num" data-label={t('referrals.admin.col.sent')}>
        {row.sent}
      </td>
      <td className="num" data-label={t('referrals.admin.col.joined')}>
        {row.joined}
      </td>
      <td className="num" data-label={t('referrals.admin.col.paid')}>
        {row.paid}
      </td>
      <td className="num" data-label={t('referrals.admin.col.conversion')}>
        {t('referrals.percent', { value: row.conversion })}
      </td>
    </>
  )
}

/** The funnel of recommendations (webmasters): per member who invited, or per promotion, sortable, as CSV. */
export default function AdminReferrals() {
  const t = useT()
  const { search } = useLocation()
  const data = useLoaderData<typeof loader>()
  const { view, sort, dir, totals } = data
  const header = (columns: FunnelSort[]) => columns.map((c) => <SortHeader key={c} column={c} sort={sort} dir={dir} view={view} />)
  return (
    <>
      <h2>{t('referrals.admin.title')}</h2>
      <p className="muted">{t('referrals.admin.lead')}</p>
      <ul className="figures" role="list" aria-label={t('referrals.admin.totals')}>
        {(['sent', 'joined', 'paid'] as const).map((k) => (
          <li key={k} className="figures__item">
            <span className="figures__label">{t(COLUMN_KEYS[k])}</span>
            <span className="figures__value">{totals[k]}</span>
          </li>
        ))}
        <li className="figures__item figures__item--highlight">
          <span className="figures__label">{t('referrals.admin.col.conversion')}</span>
          <span className="figures__value">{t('referrals.percent', { value: totals.conversion })}</span>
        </li>
      </ul>
      {totals.sent === 0 ? (
        <p className="card state state--soft">{t('referrals.admin.empty')}</p>
      ) : (
        <>
          <div className="funnel-toolbar">
            <nav className="tabs" aria-label={t('referrals.admin.view')}>
              {FUNNEL_VIEWS.map((v) => (
                <Link key={v} to={`?vue=${v}`} className={`tabs__link${v === view ? ' active' : ''}`} aria-current={v === view ? 'page' : undefined}>
                  {t(VIEW_KEYS[v])}
                </Link>
              ))}
            </nav>
            <a href={`/admin/recommandations.csv${search}`} className="button button--secondary" download>
              {t('referrals.admin.csv')}
            </a>
          </div>
          {data.referrers ? (
            <>
              <p className="muted">{t('referrals.admin.count', { count: data.referrers.total })}</p>
              <div className="table-wrap">
                <table className="table referrals-table">
                  <thead>
                    <tr>{header(['name', 'promotion', 'sent', 'joined', 'paid', 'conversion'])}</tr>
                  </thead>
                  <tbody>
                    {data.referrers.rows.map((r) => (
                      <tr key={r.referrerId ?? 'former'}>
                        <th scope="row" data-label={t('referrals.admin.col.name')}>
                          {r.referrerId && r.lastName !== null ? (
                            `${r.firstName} ${r.lastName}`
                          ) : (
                            <span className="muted">{t('referrals.admin.formerMember')}</span>
                          )}
                        </th>
                        <td data-label={t('referrals.admin.col.promotion')}>{r.promotion ?? '—'}</td>
                        <Counts row={r} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager param="page" page={data.referrers.page} pages={data.referrers.pages} label={t('referrals.admin.pages')} />
            </>
          ) : (
            <div className="table-wrap">
              <table className="table referrals-table">
                <thead>
                  <tr>{header(['promotion', 'sent', 'joined', 'paid', 'conversion'])}</tr>
                </thead>
                <tbody>
                  {(data.promotions ?? []).map((p) => (
                    <tr key={p.promotion ?? 'none'}>
                      <th scope="row" data-label={t('referrals.admin.col.promotion')}>
                        {p.promotion ?? t('referrals.admin.noPromotion')}
                      </th>
                      <Counts row={p} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  )
}
