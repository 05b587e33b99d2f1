import { Form } from '@remix-run/react'

/**
 * A destructive action behind a second click: the summary opens a panel that says what will
 * happen, and only its button posts (works without JavaScript).
 */
export function ConfirmAction({
  label,
  warning,
  confirmLabel,
  intent,
  fields,
}: {
  label: string
  warning?: string
  confirmLabel: string
  intent: string
  fields: Record<string, string | number>
}) {
  return (
    <details className="confirm">
      <summary className="button button--ghost button--small">{label}</summary>
      <Form method="post" className="confirm__panel">
        {warning ? <p>{warning}</p> : null}
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" name="intent" value={intent} className="button button--danger button--small">
          {confirmLabel}
        </button>
      </Form>
    </details>
  )
}
