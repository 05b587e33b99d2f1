import { useActionData } from '@remix-run/react'
import type { FieldErrors, FormValues } from '~/shared/validation'

/** What `formError` sends: the page's side of it. */
export interface FormFailure {
  errors: FieldErrors
  values: FormValues
}

/** `failed` tells a form sent back with errors (whose boxes left unticked are unticked) from one shown afresh. */
export type FormResult = FormFailure & { failed: boolean }

const none: FormResult = { failed: false, errors: {}, values: {} }

/** The errors and values of an action's answer if it was a failure of this form (of this `intent`, when the page has several). */
export function formFailure(data: unknown, intent?: string): FormResult {
  if (!data || typeof data !== 'object' || !('errors' in data) || !('values' in data)) return none
  if (intent !== undefined && (data as { intent?: unknown }).intent !== intent) return none
  const { errors, values } = data as FormFailure
  return { failed: true, errors, values }
}

export function useFormFailure(intent?: string): FormResult {
  return formFailure(useActionData(), intent)
}
