import { z } from 'zod'
import { isMessageKey, type MessageKey, type Translate } from '~/i18n'

// Messages are catalogue keys: the route translates them for the reader's language.
const msg = (key: MessageKey) => key

export const emailField = z
  .string({ required_error: msg('error.required') })
  .trim()
  .min(1, msg('error.required'))
  .max(254, msg('error.email'))
  .email(msg('error.email'))

/** The length rules of a new password; the server adds the common-password check (`newPasswordField`). */
export const passwordRules = z
  .string({ required_error: msg('error.required') })
  .min(1, msg('error.required'))
  .min(10, msg('error.passwordTooShort'))
  .max(200, msg('error.passwordTooLong'))

/** The password typed to prove who you are: no policy, just present. */
export const currentPasswordField = z
  .string({ required_error: msg('error.required') })
  .min(1, msg('error.required'))
  .max(200, msg('error.passwordTooLong'))

export const nameField = z
  .string({ required_error: msg('error.required') })
  .trim()
  .min(1, msg('error.required'))
  .max(100, msg('error.tooLong'))

export type FieldErrors = Record<string, string[]>
/** What was typed into a form, by field name, to put back after an error. */
export type FormValues = Record<string, string>

/** Form data as a plain object (the last value wins for repeated names). */
export function formObject(formData: FormData): FormValues {
  const out: FormValues = {}
  for (const [key, value] of formData) if (typeof value === 'string') out[key] = value
  return out
}

export function parseForm<T extends z.ZodTypeAny>(
  schema: T,
  formData: FormData,
  t: Translate,
): { success: true; data: z.infer<T> } | { success: false; errors: FieldErrors } {
  const result = schema.safeParse(formObject(formData))
  if (result.success) return { success: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    // One message per field, the first that applies: "required" before "invalid".
    errors[field] ??= [translateIssue(issue.message, t, issue)]
  }
  return { success: false, errors }
}

/** What `parseFields` gives back: each valid field's value, and the others' errors. */
export type ParsedFields<S extends z.ZodRawShape> = { data: { [K in keyof S]?: z.output<S[K]> }; errors: FieldErrors }

/**
 * An object schema's fields checked one by one, for a form with rules across fields or rules
 * that need the database: zod runs an object's refinements only once every field passes, which
 * shows one batch of errors, then the next after another submit. With each valid field's value
 * in hand, the caller checks those rules in the same pass and every error shows at once.
 */
export function parseFields<S extends z.ZodRawShape>(schema: z.ZodObject<S>, values: FormValues, t: Translate): ParsedFields<S> {
  const data: Record<string, unknown> = {}
  const errors: FieldErrors = {}
  for (const [name, field] of Object.entries(schema.shape)) {
    const result = (field as z.ZodTypeAny).safeParse(values[name])
    if (result.success) data[name] = result.data
    else errors[name] = [translateIssue(result.error.issues[0].message, t, result.error.issues[0])]
  }
  return { data: data as ParsedFields<S>['data'], errors }
}

function translateIssue(message: string, t: Translate, issue: z.ZodIssue): string {
  // zod's own messages (« Invalid enum value… ») are English and about a missing or forged value.
  if (!isMessageKey(message)) return t('error.required')
  const params = issue.code === 'too_big' ? { max: Number(issue.maximum) } : undefined
  return t(message, params)
}

// Any origin works as the base: only whether the target stays on it matters.
const SITE = 'http://site.invalid'

/**
 * A redirect target that stays on this site, or `fallback`. The target is resolved the way a
 * browser would resolve it (the WHATWG URL parser strips tabs and newlines and reads `\\` as `/`,
 * so `/\t/evil.example` or `/x/../\\evil.example` name another host); it is kept only if it lands
 * on our own origin, and then as its normalised path, query and fragment, percent-encoded, so the
 * `Location` header is always valid and always local.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (!to || typeof to !== 'string') return fallback
  let url: URL
  try {
    url = new URL(to, SITE)
  } catch {
    return fallback
  }
  if (url.origin !== SITE) return fallback
  // `/.//evil.example` normalises to the path `//evil.example`, which a browser reads as a host.
  const path = url.pathname.replace(/^\/+/, '/')
  return `${path}${url.search}${url.hash}`
}
