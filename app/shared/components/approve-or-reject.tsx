import { Form } from '@remix-run/react'
import { ErrorSummary, Field, FieldScope, SubmitButton } from '~/shared/components/forms'

/**
 * A moderation queue's two answers for one item: approve at once, or reject with a reason (asked
 * in a panel that stays open, with its error, when the reason was missing).
 */
export function ApproveOrReject({
  idName,
  id,
  labels,
  open,
  reasonErrors,
  reasonMaxLength,
}: {
  idName: string
  id: string | number
  labels: { approve: string; reject: string; reason: string; reasonHint?: string; confirm: string }
  open: boolean
  reasonErrors?: string[]
  /** The area's limit, the same its parser holds the reason to. */
  reasonMaxLength: number
}) {
  return (
    <div className="actions">
      <Form method="post">
        <input type="hidden" name={idName} value={id} />
        <SubmitButton intent="approve">{labels.approve}</SubmitButton>
      </Form>
      <details className="confirm" open={open}>
        <summary className="button button--ghost">{labels.reject}</summary>
        {/* One panel per item of the queue: each its own ids. */}
        <FieldScope name={`${idName}-${id}`}>
          <Form method="post" className="confirm__panel form">
            <input type="hidden" name={idName} value={id} />
            <ErrorSummary errors={reasonErrors?.length ? { reason: reasonErrors } : undefined} />
            <Field label={labels.reason} hint={labels.reasonHint} name="reason" required maxLength={reasonMaxLength} errors={reasonErrors} />
            <button type="submit" name="intent" value="reject" className="button button--danger">
              {labels.confirm}
            </button>
          </Form>
        </FieldScope>
      </details>
    </div>
  )
}
