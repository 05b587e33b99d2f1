import { useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useT } from '~/shared/i18n'

/** The form's primary button; shows progress while this form is being submitted. */
export function SubmitButton({
  children,
  intent,
  className = 'button button--primary',
  autoFocus,
  pending,
}: {
  children: ReactNode
  intent?: string
  /** Busy for a reason the navigation does not know (a socket's answer awaited). */
  pending?: boolean
  className?: string
  /** For a page whose one task is this button (a link from a mail), so that Enter does it. */
  autoFocus?: boolean
}) {
  const t = useT()
  const navigation = useNavigation()
  const busy = pending === true || (navigation.state === 'submitting' && (intent === undefined || navigation.formData?.get('intent') === intent))
  return (
    <button
      type="submit"
      name={intent ? 'intent' : undefined}
      value={intent}
      className={className}
      aria-busy={busy || undefined}
      disabled={busy}
      // eslint-disable-next-line jsx-a11y/no-autofocus -- opt-in, for a page whose one purpose is this button
      autoFocus={autoFocus}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {busy ? t('form.sending') : children}
    </button>
  )
}

export function FormAlert({ messages, tone = 'error' }: { messages?: string[]; tone?: 'error' | 'success' | 'info' }) {
  if (!messages?.length) return null
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  )
}
