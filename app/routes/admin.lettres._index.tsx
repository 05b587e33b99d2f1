import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDate } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { listCampaigns } from '~/features/campaigns/campaigns.server'
import campaignsCss from '~/features/campaigns/components/campaigns.css'
import { SegmentSummary } from '~/features/campaigns/components/segment-summary'
import { CAMPAIGNS_PER_PAGE, STATUS_LABELS } from '~/features/campaigns/schema'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('campaigns.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: campaignsCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const page = pageParam(request)
  const { rows, total } = listCampaigns(context.app, { page, perPage: CAMPAIGNS_PER_PAGE })
  return {
    page,
    pages: Math.max(1, Math.ceil(total / CAMPAIGNS_PER_PAGE)),
    total,
    campaigns: rows.map((c) => ({ ...c, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(), sentAt: c.sentAt?.toISOString() ?? null })),
  }
}

const BADGES = { draft: 'badge campaign-badge--draft', sending: 'badge campaign-badge--sending', sent: 'badge badge--success' } as const

export default function Campaigns() {
  const t = useT()
  const { locale } = useRootData()
  const { campaigns, page, pages, total } = useLoaderData<typeof loader>()
  const date = (iso: string) => formatDate(locale, new Date(iso))
  return (
    <section className="campaigns" aria-labelledby="campaigns-title">
      <div className="campaigns__head">
        <div>
          <h2 id="campaigns-title">{t('campaigns.title')}</h2>
          <p className="muted">{t('campaigns.lead')}</p>
        </div>
        <Link to="/admin/lettres/nouvelle" className="button button--primary">
          {t('campaigns.new')}
        </Link>
      </div>
      {total === 0 ? (
        <div className="card state state--soft">
          <p>{t('campaigns.empty')}</p>
        </div>
      ) : (
        <>
          <p className="muted">{t('campaigns.count', { count: total })}</p>
          <div className="table-wrap">
            <table className="table campaigns__table">
              <caption className="visually-hidden">{t('campaigns.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('campaigns.col.subject')}</th>
                  <th scope="col">{t('campaigns.col.segment')}</th>
                  <th scope="col">{t('campaigns.col.status')}</th>
                  <th scope="col">{t('campaigns.col.mails')}</th>
                  <th scope="col">{t('campaigns.col.dates')}</th>
                </tr>
              </thead>
              <tbody>
                {campaigns.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/admin/lettres/${c.id}`}>{c.subject}</Link>
                      {c.author ? <div className="muted campaigns__author">{t('campaigns.by', { name: c.author })}</div> : null}
                    </td>
                    <td data-label={t('campaigns.col.segment')}>
                      <SegmentSummary segment={c.segment} />
                    </td>
                    <td data-label={t('campaigns.col.status')}>
                      <span className={BADGES[c.status]}>{t(STATUS_LABELS[c.status])}</span>
                    </td>
                    <td data-label={t('campaigns.col.mails')}>{c.status === 'draft' ? '—' : t('campaigns.mails', { queued: c.queued, total: c.total })}</td>
                    <td data-label={t('campaigns.col.dates')}>
                      <div>{t('campaigns.createdOn', { date: date(c.createdAt) })}</div>
                      {c.sentAt ? <div>{t('campaigns.sentOn', { date: date(c.sentAt) })}</div> : null}
                      {!c.sentAt && c.status === 'draft' ? <div className="muted">{t('campaigns.updatedOn', { date: date(c.updatedAt) })}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pages={pages} />
        </>
      )}
    </section>
  )
}
