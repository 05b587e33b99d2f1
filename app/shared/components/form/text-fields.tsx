import type { InputHTMLAttributes, TextareaHTMLAttributes } from 'react'
import { useT } from '~/shared/i18n'
import { describedControl, FieldError, FieldHint, FieldLabel, useFieldId, type FieldFrame } from '~/shared/components/form/field-parts'

type FieldProps = FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'>

/** A labelled input whose hint and errors are tied to it (aria-describedby), as screen readers expect. */
export function Field({ label, name, id: fixedId, hint, errors, required, ...input }: FieldProps) {
  const id = useFieldId(fixedId, name)
  return (
    <div className="field">
      <FieldLabel htmlFor={id} label={label} optional={!required} />
      <FieldHint id={id} hint={hint} />
      <input id={id} name={name} required={required} {...describedControl(id, hint, errors)} {...input} />
      <FieldError id={id} errors={errors} />
    </div>
  )
}

type TextAreaFieldProps = FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'>

/** Like `Field`, for text that runs over several lines. */
export function TextAreaField({ label, name, id: fixedId, hint, errors, required, ...textarea }: TextAreaFieldProps) {
  const id = useFieldId(fixedId, name)
  return (
    <div className="field">
      <FieldLabel htmlFor={id} label={label} optional={!required} />
      <FieldHint id={id} hint={hint} />
      <textarea id={id} name={name} required={required} {...describedControl(id, hint, errors)} {...textarea} />
      <FieldError id={id} errors={errors} />
    </div>
  )
}

export function FileField({ label, name, id: fixedId, accept, hint, errors, required }: FieldFrame & { accept: string; required?: boolean }) {
  const id = useFieldId(fixedId, name)
  return (
    <div className="field">
      <FieldLabel htmlFor={id} label={label} optional={!required} />
      <FieldHint id={id} hint={hint} />
      <input id={id} type="file" name={name} accept={accept} required={required} className="file-input" {...describedControl(id, hint, errors)} />
      <FieldError id={id} errors={errors} />
    </div>
  )
}

/** The new-password field, with its policy as a hint (sign-up, change, reset). */
export function NewPasswordField({ name, label, errors }: { name: string; label: string; errors?: string[] }) {
  const t = useT()
  return <Field label={label} hint={t('field.passwordHint')} name={name} type="password" autoComplete="new-password" required minLength={10} errors={errors} />
}

/** Last name (with its hint about the birth name) and first name, as the sign-up and Cotiser forms ask them. */
export function PersonNameFields({
  values,
  errors,
}: {
  values: { lastName?: string; firstName?: string }
  errors: { lastName?: string[]; firstName?: string[] }
}) {
  const t = useT()
  return (
    <>
      <Field
        label={t('field.lastName')}
        hint={t('field.lastNameHint')}
        name="lastName"
        autoComplete="family-name"
        required
        maxLength={100}
        defaultValue={values.lastName}
        errors={errors.lastName}
      />
      <Field
        label={t('field.firstName')}
        name="firstName"
        autoComplete="given-name"
        required
        maxLength={100}
        defaultValue={values.firstName}
        errors={errors.firstName}
      />
    </>
  )
}

export function EmailField({ name = 'email', label, defaultValue, errors }: { name?: string; label?: string; defaultValue?: string; errors?: string[] }) {
  const t = useT()
  return <Field label={label ?? t('field.email')} name={name} type="email" autoComplete="email" required defaultValue={defaultValue} errors={errors} />
}
