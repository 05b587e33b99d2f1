import { formatDate, type MessageKey } from '~/i18n'
import { Avatar } from '~/shared/components/avatar'
import { useRootData, useT } from '~/shared/i18n'
import type { DeskReport } from '~/features/moderation/desk.server'
import type { TargetState } from '~/features/moderation/desk-targets.server'

const weightFormat = (locale: string, weight: number) => new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(weight)

/** Every report of a target: reason (and clause), the reporter with their weight, the date, the text as written. */
export function DeskReportList({ reports, showStatus = false }: { reports: DeskReport[]; showStatus?: boolean }) {
  const t = useT()
  const { locale } = useRootData()
  return (
    <ol className="desk-reports">
      {reports.map((r) => (
        <li key={r.id} className="desk-report">
          <p className="desk-report__head">
            <strong>{t(`moderation.reports.reason.${r.reason}` as MessageKey)}</strong>
            {r.clause ? <span> · {t('moderation.desk.clause', { clause: r.clause })}</span> : null}
            {showStatus ? (
              <span className={`badge ${r.status === 'open' ? '' : 'badge--success'}`}>{t(`moderation.desk.reportStatus.${r.status}` as MessageKey)}</span>
            ) : null}
          </p>
          <p className="desk-report__who">
            {r.reporter ? (
              <span className="person-cell">
                <Avatar person={{ id: r.reporter.id, firstName: r.reporter.firstName, lastName: r.reporter.lastName, photo: false }} size="small" />
                <span>{t('moderation.desk.reporter', { name: `${r.reporter.firstName} ${r.reporter.lastName}`, weight: weightFormat(locale, r.weight) })}</span>
              </span>
            ) : (
              <span className="muted">{t('moderation.desk.reporterGone')}</span>
            )}
            <span className="muted"> · {formatDate(locale, new Date(r.createdAt), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' })}</span>
          </p>
          <p className="quote">{r.text}</p>
        </li>
      ))}
    </ol>
  )
}

export function TargetStateBadge({ state, held, restricted }: { state: TargetState; held?: boolean; restricted?: boolean }) {
  const t = useT()
  return (
    <span className="desk-badges">
      <span className={`badge ${state === 'visible' ? 'badge--success' : 'badge--danger'}`}>{t(`moderation.desk.state.${state}` as MessageKey)}</span>
      {held ? <span className="badge badge--danger">{t('moderation.desk.held')}</span> : null}
      {restricted ? <span className="badge badge--danger">{t('moderation.desk.restricted')}</span> : null}
    </span>
  )
}

/** The content as it was reported (the snapshot) and, when it changed or is gone, as it is now. */
export function DeskContent({
  asReported,
  now,
}: {
  asReported: { title: string; text: string; author: string } | null
  now: { state: TargetState; title: string; text: string; url: string | null }
}) {
  const t = useT()
  const changed = asReported && (now.state !== 'visible' || (now.text && asReported.text && now.text !== asReported.text))
  return (
    <div className="desk-content">
      {asReported ? (
        <figure className="desk-content__version">
          <figcaption className="muted">{t('moderation.desk.asReported')}</figcaption>
          {asReported.title ? <p className="desk-content__title">{asReported.title}</p> : null}
          {asReported.author && asReported.author !== asReported.title ? <p className="muted">{asReported.author}</p> : null}
          {asReported.text ? <p className="quote">{asReported.text}</p> : null}
        </figure>
      ) : null}
      {!asReported || changed ? (
        <figure className="desk-content__version">
          <figcaption className="muted">
            {t('moderation.desk.now')}
            {changed ? ` — ${t('moderation.desk.changed')}` : ''}
          </figcaption>
          {now.state === 'gone' ? (
            <p>{t('moderation.desk.state.gone')}</p>
          ) : (
            <>
              {now.title ? <p className="desk-content__title">{now.title}</p> : null}
              {now.text ? <p className="quote">{now.text}</p> : null}
            </>
          )}
        </figure>
      ) : null}
      {now.url && now.state !== 'gone' ? (
        <p>
          <a href={now.url}>{t('moderation.desk.view')}</a>
        </p>
      ) : null}
    </div>
  )
}
