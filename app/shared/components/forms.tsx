import { useNavigation } from '@remix-run/react'
import { useId, type InputHTMLAttributes, type ReactNode } from 'react'
import { useT } from '~/shared/i18n'

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string
  name: string
  hint?: string
  errors?: string[]
}

/** A labelled input whose hint and errors are tied to it (aria-describedby), as screen readers expect. */
export function Field({ label, name, hint, errors, required, ...input }: FieldProps) {
  const t = useT()
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {/* As GOV.UK advises, mark the rare optional field rather than every required one. */}
        {required ? null : <span className="field__optional"> {t('form.optional')}</span>}
      </label>
      <FieldMessages id={id} hint={hint} />
      <input
        id={id}
        name={name}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...input}
      />
      <FieldMessages id={id} errors={errors} />
    </div>
  )
}

/** The form's primary button; shows progress while this form is being submitted. */
export function SubmitButton({
  children,
  intent,
  className = 'button button--primary',
  autoFocus,
}: {
  children: ReactNode
  intent?: string
  className?: string
  /** For a page whose one task is this button (a link from a mail), so that Enter does it. */
  autoFocus?: boolean
}) {
  const t = useT()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && (intent === undefined || navigation.formData?.get('intent') === intent)
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

/** The new-password field, with its policy as a hint (sign-up, change, reset). */
export function NewPasswordField({ name, label, errors }: { name: string; label: string; errors?: string[] }) {
  const t = useT()
  return <Field label={label} hint={t('field.passwordHint')} name={name} type="password" autoComplete="new-password" required minLength={10} errors={errors} />
}

export function EmailField({ name = 'email', label, defaultValue, errors }: { name?: string; label?: string; defaultValue?: string; errors?: string[] }) {
  const t = useT()
  return <Field label={label ?? t('field.email')} name={name} type="email" autoComplete="email" required defaultValue={defaultValue} errors={errors} />
}

function describedBy(id: string, hint?: string, errors?: string[]) {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

function FieldMessages({ id, hint, errors }: { id: string; hint?: string; errors?: string[] }) {
  return (
    <>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p className="field__error" id={`${id}-error`}>
          {errors.join(' ')}
        </p>
      ) : null}
    </>
  )
}

export function SelectField({
  label,
  name,
  options,
  placeholder,
  defaultValue,
  hint,
  errors,
}: {
  label: string
  name: string
  options: { value: string; label: string }[]
  placeholder?: string
  defaultValue?: string
  hint?: string
  errors?: string[]
}) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        required
        defaultValue={defaultValue ?? ''}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
      >
        {placeholder ? (
          <option value="" disabled>
            {placeholder}
          </option>
        ) : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages id={id} hint={hint} errors={errors} />
    </div>
  )
}

export function RadioGroup({
  legend,
  name,
  options,
  value,
  onChange,
  errors,
}: {
  legend: string
  name: string
  options: { value: string; label: string }[]
  value?: string
  onChange?: (value: string) => void
  errors?: string[]
}) {
  const id = useId()
  return (
    <fieldset className="field radios" aria-describedby={describedBy(id, undefined, errors)}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="radio">
          <input type="radio" name={name} value={o.value} defaultChecked={value === o.value} onChange={() => onChange?.(o.value)} required />
          <span>{o.label}</span>
        </label>
      ))}
      <FieldMessages id={id} errors={errors} />
    </fieldset>
  )
}

export function FileField({ label, name, accept, hint, errors }: { label: string; name: string; accept: string; hint?: string; errors?: string[] }) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <FieldMessages id={id} hint={hint} />
      <input
        id={id}
        type="file"
        name={name}
        accept={accept}
        className="file-input"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
      />
      <FieldMessages id={id} errors={errors} />
    </div>
  )
}
