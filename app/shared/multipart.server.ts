import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import type { z } from 'zod'
import type { Translate } from '~/i18n'
import { MAX_UPLOAD_BYTES, sniffType, type ProofMimeType } from '~/shared/uploads.server'
import { unreadableBody } from '~/shared/http.server'
import { parseForm, type FieldErrors } from '~/shared/validation'

export const FILE_TOO_LARGE = '__file_too_large__'
const MAX_FIELD_BYTES = 64 * 1024
/**
 * What a text field over `MAX_FIELD_BYTES` becomes, never `''` (which would save an empty bio as
 * « enregistré »). It is longer than any field's limit, so a schema's own `max` refuses it even in
 * a route that forgot to look for it; `parseUploadFields` turns it into « trop long » next to the field.
 */
export const FIELD_TOO_LONG = `__field_too_long__${'.'.repeat(MAX_FIELD_BYTES)}`
// Beyond this the upload is not read at all (a 5 MB limit shouldn't cost us 500 MB of reading).
const HARD_LIMIT = 4 * MAX_UPLOAD_BYTES

export class UploadTooLarge extends Error {}

/**
 * Multipart form data with files kept in memory up to `maxFileBytes`. An oversized file becomes a
 * marker instead of an exception, so the other fields survive and the error lands next to the field.
 */
export async function parseUploadForm(request: Request, maxFileBytes = MAX_UPLOAD_BYTES): Promise<FormData> {
  const handler: UploadHandler = async ({ filename, data, contentType }) => {
    const chunks: Uint8Array[] = []
    let size = 0
    let tooLarge = false
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size > HARD_LIMIT) throw new UploadTooLarge()
      if (size > (filename ? maxFileBytes : MAX_FIELD_BYTES)) tooLarge = true
      else chunks.push(chunk)
    }
    if (filename === undefined) return tooLarge ? FIELD_TOO_LONG : Buffer.concat(chunks).toString('utf8')
    if (tooLarge) return FILE_TOO_LARGE
    if (size === 0) return undefined
    return new File([Buffer.concat(chunks)], filename, { type: contentType })
  }
  try {
    return await unstable_parseMultipartFormData(request, handler)
  } catch (error) {
    // Not a multipart body, or a malformed one: the client's mistake, a 400 (see `readForm`).
    if (error instanceof UploadTooLarge) throw error
    throw unreadableBody(error)
  }
}

/** The text fields of a multipart form, to show again: a field cut by the parser comes back empty. */
export function uploadFormValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of formData) if (typeof value === 'string' && value !== FIELD_TOO_LONG && value !== FILE_TOO_LARGE) values[key] = value
  return values
}

/**
 * `parseForm` for multipart bodies. A field the parser cut is checked by the schema like any
 * over-long value (its own « N caractères au plus »), and is refused even where a schema sets no limit.
 */
export function parseUploadFields<T extends z.ZodTypeAny>(schema: T, formData: FormData, t: Translate): ReturnType<typeof parseForm<T>> {
  const parsed = parseForm(schema, formData, t)
  const cut = [...formData].filter(([, value]) => value === FIELD_TOO_LONG).map(([key]) => key)
  if (cut.length === 0) return parsed
  const errors: FieldErrors = parsed.success ? {} : parsed.errors
  for (const field of cut) errors[field] ??= [t('error.tooLong', { max: MAX_FIELD_BYTES })]
  return { success: false, errors }
}

export type ProofUpload =
  { ok: true; file: { bytes: Uint8Array; type: ProofMimeType; ext: string; originalName: string } } | { ok: false; error: 'missing' | 'tooLarge' | 'type' }

/** A PDF, JPEG or PNG of at most 5 MB, its type read from its content. */
export async function readProofUpload(value: FormDataEntryValue | null): Promise<ProofUpload> {
  if (value === FILE_TOO_LARGE) return { ok: false, error: 'tooLarge' }
  if (!value || typeof value === 'string') return { ok: false, error: 'missing' }
  const bytes = new Uint8Array(await value.arrayBuffer())
  const sniffed = sniffType(bytes, ['application/pdf', 'image/jpeg', 'image/png'])
  if (!sniffed) return { ok: false, error: 'type' }
  return { ok: true, file: { bytes, type: sniffed.type, ext: sniffed.ext, originalName: value.name || `fiche.${sniffed.ext}` } }
}
