import { createContext, useContext, type ReactNode } from 'react'
import { fieldId } from '~/shared/form-result'
import { useT } from '~/shared/i18n'

/** What every control of the kit shows around itself: its label, a hint and its errors. */
export interface FieldFrame {
  label: string
  name: string
  /**
   * An id the page already relies on; otherwise `field-<name>`, the one the error summary links
   * to (without JavaScript, a link to another id goes nowhere).
   */
  id?: string
  hint?: string
  errors?: string[]
}

const ScopeContext = createContext<string | undefined>(undefined)

/**
 * For a page with two forms asking the same name (« Mot de passe actuel » to change the address,
 * and again to change the password): the fields and the summary inside get ids of their own.
 */
export function FieldScope({ name, children }: { name: string; children: ReactNode }) {
  return <ScopeContext.Provider value={name}>{children}</ScopeContext.Provider>
}

export function useFieldScope() {
  return useContext(ScopeContext)
}

/** The control's id: the one given, or derived from its name (and the form's scope) so that links can reach it. */
export function useFieldId(id: string | undefined, name: string) {
  const scope = useFieldScope()
  return id ?? fieldId(name, scope)
}

/** The control's `aria-invalid` and `aria-describedby`, pointing at the hint and the error shown by `FieldHint`/`FieldError`. */
export function describedControl(id: string, hint?: string, errors?: string[]) {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean)
  return { 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': ids.length ? ids.join(' ') : undefined }
}

/** As GOV.UK advises, the rare optional field is marked rather than every required one. */
export function FieldLabel({ htmlFor, label, optional }: { htmlFor: string; label: string; optional?: boolean }) {
  return (
    <label htmlFor={htmlFor}>
      {label}
      {optional ? <OptionalMark /> : null}
    </label>
  )
}

export function OptionalMark() {
  const t = useT()
  return <span className="field__optional"> {t('form.optional')}</span>
}

export function FieldHint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p className="field__hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null
}

/** Next to the field, so that it is read with it and seen where the eye is. */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p className="field__error" id={`${id}-error`}>
      {errors.join(' ')}
    </p>
  ) : null
}
