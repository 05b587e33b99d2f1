import { Link } from '@remix-run/react'
import { formatDate, type MessageKey } from '~/i18n'
import { PageHeader } from '~/shared/components/layout'
import { RichText } from '~/shared/components/rich-text'
import { useRootData, useT } from '~/shared/i18n'
import { TermsDocument } from '~/features/moderation/components/terms-document'
import type { TermsPageVersion, TermsStatus } from '~/features/moderation/terms.server'

type HistoryItem = { version: number; status: TermsStatus; effectiveAt: string }

const STATUS_KEYS: Record<TermsStatus, MessageKey> = {
  current: 'terms.history.current',
  upcoming: 'terms.history.upcoming',
  past: 'terms.history.past',
}

/** /cgu and /cgu/:version: one version's text, where it stands, and every version. */
export function TermsPage({ shown, history }: { shown: TermsPageVersion | null; history: HistoryItem[] }) {
  const t = useT()
  const { locale } = useRootData()
  const date = (iso: string) => formatDate(locale, new Date(iso))
  const line = !shown
    ? null
    : shown.status === 'current'
      ? t('terms.inForce', { version: shown.version, date: date(shown.effectiveAt) })
      : shown.status === 'upcoming'
        ? t('terms.upcomingLine', { version: shown.version, date: date(shown.effectiveAt) })
        : t('terms.pastLine', { version: shown.version, from: date(shown.effectiveAt), to: shown.replacedAt ? date(shown.replacedAt) : '…' })
  const hasCurrent = history.some((h) => h.status === 'current')
  return (
    <div className="terms-page">
      <PageHeader title={t('terms.title')} lead={t('terms.lead')}>
        {line ? <p className="terms-meta">{line}</p> : null}
      </PageHeader>
      {shown && shown.status !== 'current' ? (
        <div className="alert alert--info" role="note">
          <p>
            {shown.status === 'past' ? t('terms.replaced') : t('terms.notYet', { date: date(shown.effectiveAt) })}{' '}
            {hasCurrent ? <Link to="/cgu">{t('terms.readCurrent')}</Link> : null}
          </p>
        </div>
      ) : null}
      {shown ? <TermsDocument body={shown.body} /> : <p className="card state state--soft">{t('terms.none')}</p>}
      {history.length > 0 ? (
        <section className="card terms-versions" aria-labelledby="terms-versions">
          <h2 id="terms-versions">{t('terms.history')}</h2>
          <ul className="terms-history">
            {history.map((h) => (
              <li key={h.version}>
                {shown?.version === h.version ? (
                  <strong aria-current="page">{t('terms.history.read', { version: h.version })}</strong>
                ) : (
                  <Link to={`/cgu/${h.version}`}>{t('terms.history.read', { version: h.version })}</Link>
                )}
                <span className={`badge${h.status === 'current' ? ' badge--success' : ''}`}>{t(STATUS_KEYS[h.status])}</span>
                <span className="muted">
                  {h.status === 'upcoming'
                    ? t('terms.history.fromUpcoming', { date: date(h.effectiveAt) })
                    : t('terms.history.from', { date: date(h.effectiveAt) })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}

/** A version's summary of changes, as members read it before accepting. */
export function TermsChanges({ summary }: { summary: string }) {
  const t = useT()
  return (
    <section className="terms-changes" aria-labelledby="terms-changes">
      <h2 id="terms-changes">{t('terms.changes')}</h2>
      <RichText text={summary} />
    </section>
  )
}
