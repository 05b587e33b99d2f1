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

/** Where an error that belongs to no field (a refusal of the whole form) is filed. */
export const FORM_ERRORS = 'form'

/**
 * The id of the kit's control named `name` (the first box of a group): derived from the name so
 * that an error summary, rendered before the fields, can link to it. `scope` tells apart two
 * forms of one page that ask the same name (see `FieldScope`).
 */
export function fieldId(name: string, scope?: string): string {
  const safe = (part: string) => part.replace(/[^A-Za-z0-9_-]/g, '-')
  return scope ? `field-${safe(scope)}-${safe(name)}` : `field-${safe(name)}`
}

export interface SummaryItem {
  name: string
  message: string
  /** The id to link to; none for the form's own errors. */
  target?: string
}

/** The error summary's lines: the form's own errors first (no field to go to), then one per field, in the order given. */
export function summaryItems(errors: FieldErrors, scope?: string): SummaryItem[] {
  const items: SummaryItem[] = []
  for (const message of errors[FORM_ERRORS] ?? []) items.push({ name: FORM_ERRORS, message })
  for (const [name, messages] of Object.entries(errors)) {
    if (name === FORM_ERRORS || !messages?.length) continue
    items.push({ name, message: messages.join(' '), target: fieldId(name, scope) })
  }
  return items
}
