import { Form } from '@remix-run/react'
import { ErrorSummary, FieldScope } from '~/shared/components/forms'
import { useFormFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { StatementFields } from '~/features/moderation/components/desk-decision-form'

/**
 * /admin/comptes' « Désactiver » and « Réactiver »: a confirmation that asks for the facts and the
 * clause, since the account's status changes only through a decision with its statement of reasons.
 */
export function AccountDecisionForm({
  userId,
  intent,
  redirectTo,
  summary,
  warning,
  confirm,
}: {
  userId: string
  intent: 'deactivate' | 'reactivate'
  redirectTo: string
  summary: string
  warning: string
  confirm: string
}) {
  const t = useT()
  const form = useFormFailure(`${intent}-${userId}`)
  return (
    <details className="confirm" open={form.failed || undefined}>
      <summary className={`button button--small ${intent === 'deactivate' ? 'button--ghost' : 'button--secondary'}`}>{summary}</summary>
      <FieldScope name={`${intent}-${userId}`}>
        <Form method="post" className="confirm__panel form" noValidate>
          <ErrorSummary errors={form.errors} />
          <p>{warning}</p>
          <p className="muted">{t(intent === 'deactivate' ? 'moderation.accounts.deactivateLead' : 'moderation.accounts.reactivateLead')}</p>
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <StatementFields form={form} clauses={null} withDuration={false} />
          <button
            type="submit"
            name="intent"
            value={intent}
            className={`button button--small ${intent === 'deactivate' ? 'button--danger' : 'button--primary'}`}
          >
            {confirm}
          </button>
        </Form>
      </FieldScope>
    </details>
  )
}
