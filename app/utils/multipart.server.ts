import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { MAX_UPLOAD_BYTES, sniffType, type ProofMimeType } from '../services/uploads.server'

export const FILE_TOO_LARGE = '__file_too_large__'
const MAX_FIELD_BYTES = 64 * 1024
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
    if (filename === undefined) return tooLarge ? '' : Buffer.concat(chunks).toString('utf8')
    if (tooLarge) return FILE_TOO_LARGE
    if (size === 0) return undefined
    return new File([Buffer.concat(chunks)], filename, { type: contentType })
  }
  return unstable_parseMultipartFormData(request, handler)
}

export type ProofUpload =
  | { ok: true; file: { bytes: Uint8Array; type: ProofMimeType; ext: string; originalName: string } }
  | { ok: false; error: 'missing' | 'tooLarge' | 'type' }

/** A PDF, JPEG or PNG of at most 5 MB, its type read from its content. */
export async function readProofUpload(value: FormDataEntryValue | null): Promise<ProofUpload> {
  if (value === FILE_TOO_LARGE) return { ok: false, error: 'tooLarge' }
  if (!value || typeof value === 'string') return { ok: false, error: 'missing' }
  const bytes = new Uint8Array(await value.arrayBuffer())
  const sniffed = sniffType(bytes, ['application/pdf', 'image/jpeg', 'image/png'])
  if (!sniffed) return { ok: false, error: 'type' }
  return { ok: true, file: { bytes, type: sniffed.type, ext: sniffed.ext, originalName: value.name || `fiche.${sniffed.ext}` } }
}
