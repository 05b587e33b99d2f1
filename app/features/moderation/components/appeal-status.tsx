import { formatDate } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'
import type { AppealState } from '~/features/moderation/appeals.server'

/** Where a contest stands when the form is no longer offered: too late, pending, or answered. */
export function AppealStatus({ state, deadline, appeal, contact }: Pick<AppealState, 'state' | 'deadline' | 'appeal'> & { contact: string }) {
  const t = useT()
  const { locale } = useRootData()
  const date = (iso: string) => formatDate(locale, new Date(iso))
  if (state === 'late')
    return (
      <section className="card" aria-labelledby="delai">
        <h2 id="delai">{t('moderation.appeal.lateTitle')}</h2>
        <p>{t('moderation.appeal.late', { date: date(deadline) })}</p>
        <p>
          <a href="/contact">{t('moderation.appeal.contact')}</a> · <a href={`mailto:${contact}`}>{contact}</a>
        </p>
      </section>
    )
  if (!appeal) return null
  return (
    <section className="card" aria-live="polite">
      <p>{t('moderation.appeal.filed', { date: date(appeal.createdAt) })}</p>
      {appeal.answeredAt ? (
        <>
          <p>
            <strong>{t('moderation.appeal.answered', { date: date(appeal.answeredAt), outcome: appeal.outcome ?? 'upheld' })}</strong>
          </p>
          {appeal.answer ? <p className="quote">{t('moderation.appeal.answer', { answer: appeal.answer })}</p> : null}
        </>
      ) : (
        <p>{t('moderation.appeal.pending')}</p>
      )}
    </section>
  )
}
