import { Form } from '@remix-run/react'
import { useT } from '~/shared/i18n'
import { SubmitButton } from '~/shared/components/forms'

/**
 * A reported message with the reporter's words, and its removal. The reports themselves are
 * decided by the webmasters at `/admin/moderation` (moderation's one reporting system).
 */
export function ReportCard({ report }: { report: { id: number; body: string; deleted: unknown; reason: string } }) {
  const t = useT()
  return (
    <>
      <blockquote className="quote">{report.deleted ? t('chat.deleted') : report.body}</blockquote>
      <p>
        <strong>{t('admin.groups.reason')}</strong> {report.reason}
      </p>
      <p className="muted">{t('admin.groups.deskNote')}</p>
      <Form method="post" className="actions">
        <input type="hidden" name="id" value={report.id} />
        {report.deleted ? null : (
          <SubmitButton intent="remove" className="button button--danger button--small">
            {t('admin.groups.remove')}
          </SubmitButton>
        )}
      </Form>
    </>
  )
}
