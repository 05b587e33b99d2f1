import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
export type ProofMimeType = 'application/pdf' | 'image/jpeg' | 'image/png'
export type UploadMimeType = ProofMimeType | 'image/webp'

const signatures: { type: UploadMimeType; ext: string; bytes: (number | null)[] }[] = [
  { type: 'application/pdf', ext: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', ext: 'jpg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', ext: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // RIFF, four bytes of size (any), then WEBP.
  { type: 'image/webp', ext: 'webp', bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50] },
]

/** The file's real type, read from its first bytes (its name and declared type prove nothing). */
export function sniffType<T extends UploadMimeType>(bytes: Uint8Array, allowed: readonly T[]): { type: T; ext: string } | null {
  const found = signatures.find((s) => s.bytes.every((b, i) => b === null || bytes[i] === b))
  return found && (allowed as readonly UploadMimeType[]).includes(found.type) ? { type: found.type as T, ext: found.ext } : null
}

/** Private files live under DATA_DIR/private, never under public/: only routes that check rights serve them. */
export function privateDir(dataDir: string, area: string) {
  return path.resolve(dataDir, 'private', area)
}

export async function storePrivateFile(dataDir: string, area: string, bytes: Uint8Array, ext: string): Promise<string> {
  const dir = privateDir(dataDir, area)
  await fs.mkdir(dir, { recursive: true })
  const storedName = `${crypto.randomUUID()}.${ext}`
  await fs.writeFile(path.join(dir, storedName), bytes, { mode: 0o600 })
  return storedName
}

export function readPrivateFile(dataDir: string, area: string, storedName: string): Promise<Buffer> {
  // storedName comes from our database, but never let it climb out of the folder.
  return fs.readFile(path.join(privateDir(dataDir, area), path.basename(storedName)))
}

export async function removePrivateFile(dataDir: string, area: string, storedName: string) {
  await fs.rm(path.join(privateDir(dataDir, area), path.basename(storedName)), { force: true })
}
