import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { AppContext } from '~/context.server'
import { privateDir } from '~/shared/uploads.server'
import { UPLOAD_LIFETIME_MS } from '~/features/roster/schema'

// Between the preview and the apply, the file waits on the server (issue #17): under
// DATA_DIR/private/roster-uploads, named by its SHA-256, for a day at most. The page carries a
// token signed with SESSION_SECRET that names the file, its name as uploaded, when and by whom it
// was previewed: only that webmaster may apply it, within the day, and once — the apply takes the
// file away first (an atomic rename), so a second click finds nothing. Files are swept a day
// after their upload by the next preview; the privacy registry has no row for them, being files
// that hold the list only for that day.

export const UPLOADS_AREA = 'roster-uploads'

export interface StoredUpload {
  sha256: string
  filename: string
  issuedAt: number
  by: string
}

const sign = (secret: string, value: string) => crypto.createHmac('sha256', secret).update(`roster-upload:${value}`).digest('base64url').slice(0, 32)

function payload(upload: StoredUpload) {
  return `${upload.sha256}.${upload.issuedAt}.${Buffer.from(upload.filename).toString('base64url')}`
}

/** Keeps the file for its apply and returns the token the preview page carries. */
export async function storeRosterUpload(ctx: AppContext, input: { bytes: Uint8Array; filename: string; by: string }): Promise<string> {
  const dir = privateDir(ctx.config.DATA_DIR, UPLOADS_AREA)
  await fs.mkdir(dir, { recursive: true })
  await sweepRosterUploads(ctx)
  const sha256 = crypto.createHash('sha256').update(input.bytes).digest('hex')
  await fs.writeFile(path.join(dir, `${sha256}.csv`), input.bytes, { mode: 0o600 })
  const upload: StoredUpload = { sha256, filename: safeFilename(input.filename), issuedAt: ctx.now().getTime(), by: input.by }
  const value = payload(upload)
  return `${value}.${sign(ctx.config.SESSION_SECRET, `${value}.${upload.by}`)}`
}

/** The upload a token names, if this site signed it for this webmaster within the day. */
export function uploadOfToken(ctx: AppContext, token: string | null | undefined, viewerId: string): StoredUpload | null {
  if (!token || token.length > 1000) return null
  const parts = token.split('.')
  if (parts.length !== 4) return null
  const [sha256, issued, name, mac] = parts as [string, string, string, string]
  if (!/^[0-9a-f]{64}$/.test(sha256) || !/^\d{1,15}$/.test(issued)) return null
  const expected = Buffer.from(sign(ctx.config.SESSION_SECRET, `${sha256}.${issued}.${name}.${viewerId}`))
  const given = Buffer.from(mac)
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null
  const issuedAt = Number(issued)
  if (ctx.now().getTime() - issuedAt > UPLOAD_LIFETIME_MS) return null
  return { sha256, issuedAt, filename: Buffer.from(name, 'base64url').toString('utf8'), by: viewerId }
}

const filePath = (ctx: AppContext, sha256: string) => path.join(privateDir(ctx.config.DATA_DIR, UPLOADS_AREA), `${sha256}.csv`)

/** The stored file's bytes, or null when it was applied or swept since. */
export async function readRosterUpload(ctx: AppContext, upload: StoredUpload): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await fs.readFile(filePath(ctx, upload.sha256)))
  } catch {
    return null
  }
}

/**
 * Takes the stored file away for its apply: the rename succeeds for one caller only, so two
 * clicks (or two webmasters, or two processes) never apply one preview twice. The caller removes
 * what it took with `discardClaimedUpload`.
 */
export async function claimRosterUpload(ctx: AppContext, upload: StoredUpload): Promise<{ bytes: Uint8Array; claimed: string } | null> {
  const claimed = `${filePath(ctx, upload.sha256)}.${crypto.randomUUID()}.applying`
  try {
    await fs.rename(filePath(ctx, upload.sha256), claimed)
    return { bytes: new Uint8Array(await fs.readFile(claimed)), claimed }
  } catch {
    return null
  }
}

export async function discardClaimedUpload(claimed: string) {
  await fs.rm(claimed, { force: true })
}

/** Removes the uploads (and claims a stopped process left) older than a day. */
export async function sweepRosterUploads(ctx: AppContext) {
  const dir = privateDir(ctx.config.DATA_DIR, UPLOADS_AREA)
  const names = await fs.readdir(dir).catch(() => [] as string[])
  const cutoff = ctx.now().getTime() - UPLOAD_LIFETIME_MS
  for (const name of names) {
    const file = path.join(dir, name)
    const stat = await fs.stat(file).catch(() => null)
    if (stat && stat.mtimeMs < cutoff) await fs.rm(file, { force: true })
  }
}

function safeFilename(name: string): string {
  const printable = [...name].filter((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127).join('')
  const base = path.basename(printable.replace(/\\/g, '/'))
  return (base || 'diplomes.csv').slice(0, 200)
}
