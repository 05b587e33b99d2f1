import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { formatDate, type MessageKey } from '~/i18n'
import { FilterSelect } from '~/shared/components/forms'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { DeskContent, DeskReportList, TargetStateBadge } from '~/features/moderation/components/desk-reports'
import { DeskFilters, targetPath, REPORT_REASONS, REPORT_TARGETS } from '~/features/moderation/schema'
import { deskQueue } from '~/features/moderation/desk.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('moderation.desk.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const params = new URL(request.url).searchParams
  const filter = DeskFilters.parse({ kind: params.get('kind') || undefined, reason: params.get('reason') || undefined, status: params.get('status') ?? 'open' })
  return { filter, ...deskQueue(context.app, filter, pageParam(request)) }
}

/** The queue: one card per reported target, oldest first, with every report and the content as reported. */
export default function ModerationQueue() {
  const t = useT()
  const { locale } = useRootData()
  const { filter, groups, counts, page, pages } = useLoaderData<typeof loader>()
  const filtered = Boolean(filter.kind || filter.reason || filter.status !== 'open')
  return (
    <>
      <p className="muted">{t('moderation.desk.lead')}</p>
      <p>
        <strong>{t('moderation.desk.counts', { open: counts.open, handled: counts.handled })}</strong>
      </p>
      <ul className="desk-counts" aria-label={t('moderation.desk.filter.kind')}>
        {counts.byKind.map((k) => (
          <li key={k.kind}>{t('moderation.desk.kindCount', { kind: k.kind, count: k.count })}</li>
        ))}
      </ul>
      <Form method="get" className="desk-filters" aria-label={t('moderation.desk.filters')}>
        <FilterSelect
          label={t('moderation.desk.filter.status')}
          name="status"
          value={filter.status}
          options={[
            { value: 'open', label: t('moderation.desk.filter.open') },
            { value: 'handled', label: t('moderation.desk.filter.handled') },
          ]}
        />
        <FilterSelect
          label={t('moderation.desk.filter.kind')}
          name="kind"
          value={filter.kind}
          anyLabel={t('moderation.desk.filter.any')}
          options={REPORT_TARGETS.map((kind) => ({ value: kind, label: t('moderation.reports.kind', { kind }) }))}
        />
        <FilterSelect
          label={t('moderation.desk.filter.reason')}
          name="reason"
          value={filter.reason}
          anyLabel={t('moderation.desk.filter.any')}
          options={REPORT_REASONS.map((reason) => ({ value: reason, label: t(`moderation.reports.reason.${reason}` as MessageKey) }))}
        />
        <button type="submit" className="button button--secondary">
          {t('moderation.desk.filter.submit')}
        </button>
      </Form>
      {groups.length === 0 ? (
        <div className="card state state--soft">
          <p>{filtered ? t('moderation.desk.empty') : t('moderation.desk.emptyOpen')}</p>
          {filtered ? <Link to="/admin/moderation">{t('moderation.desk.showAll')}</Link> : null}
        </div>
      ) : (
        <ol className="desk-groups">
          {groups.map((g) => {
            const title = g.now.title || g.asReported.title || t('moderation.desk.untitled')
            return (
              <li key={`${g.kind}:${g.id}`} className="card">
                <div className="desk-group__head">
                  <h3>{t('moderation.desk.target.title', { kind: g.kind, title })}</h3>
                  <TargetStateBadge state={g.now.state} held={g.now.held} restricted={!!g.now.restricted} />
                </div>
                <p className="muted">
                  {t('moderation.desk.reportCount', { count: g.reports.length })} · {t('moderation.desk.weight', { weight: g.weight })}
                  {g.firstAt ? ` · ${t('moderation.desk.since', { date: formatDate(locale, new Date(g.firstAt)) })}` : ''}
                </p>
                <DeskContent asReported={g.asReported} now={g.now} />
                <DeskReportList reports={g.reports} />
                <Link to={targetPath(g.kind, g.id)} className="button button--primary" aria-label={t('moderation.desk.examineTarget', { title })}>
                  {t('moderation.desk.examine')}
                </Link>
              </li>
            )
          })}
        </ol>
      )}
      <Pagination page={page} pages={pages} />
    </>
  )
}
