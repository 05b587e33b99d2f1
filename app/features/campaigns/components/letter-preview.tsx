import { bodyChunks } from '~/features/campaigns/schema'
import { RichText } from '~/shared/components/rich-text'
import { useRootData, useT } from '~/shared/i18n'

/**
 * The letter as a recipient reads it: the greeting with their first name, the body through the
 * same parser as the mail (React elements from plain data: nothing of the text is HTML), the
 * signature, and the unsubscribe line every letter carries.
 */
export function LetterPreview({ subject, body, firstName, id }: { subject: string; body: string; firstName: string; id?: string }) {
  const t = useT()
  const { settings } = useRootData()
  return (
    <article className="letter-preview" aria-label={t('campaigns.preview.label')} id={id}>
      <p className="letter-preview__subject">
        <span className="muted">{t('campaigns.preview.subject')}</span> {subject} — {settings.associationName}
      </p>
      <div className="letter-preview__body">
        <p>{t('mail.greeting', { firstName })}</p>
        {bodyChunks(body).map((chunk, i) => (
          <RichText key={i} text={chunk} />
        ))}
        <p>{t('mail.signature', { name: settings.associationName })}</p>
      </div>
      <p className="letter-preview__footer muted">
        {t('campaigns.mail.unsubscribe')} · {t('privacy.consents.manageAll')}
      </p>
    </article>
  )
}
