import { useId } from 'react'

/** A labelled textarea whose hint and error are tied to it, like the other fields. */
export function TextArea({
  label,
  name,
  hint,
  max,
  rows = 8,
  defaultValue,
  errors,
}: {
  label: string
  name: string
  hint?: string
  max: number
  rows?: number
  defaultValue?: string
  errors?: string[]
}) {
  const id = useId()
  const described = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={max}
        required
        defaultValue={defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={described}
      />
      <ErrorText id={id} errors={errors} />
    </div>
  )
}

/** A field's error, with the id its control points to through aria-describedby. */
export function ErrorText({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p className="field__error" id={`${id}-error`}>
      {errors.join(' ')}
    </p>
  ) : null
}
