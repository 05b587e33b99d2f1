import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import sharp from 'sharp'
import { events } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { FILE_TOO_LARGE } from '~/shared/multipart.server'
import { privateDir, readPrivateFile, removePrivateFile, sniffType } from '~/shared/uploads.server'
import { COVER_SIZES, coverVersion, type CoverSize } from '~/features/events/schema'

const COVERS_AREA = 'event-covers'

export interface CoverImages {
  large: Buffer
  small: Buffer
}

export type CoverUpload = { ok: true; images: CoverImages | null } | { ok: false; error: 'tooLarge' | 'type' }

/**
 * The form's cover field: nothing chosen is fine (null); otherwise a JPEG, PNG or WebP by its
 * content, that sharp can read. Resized here, before anything is saved, so that a broken picture
 * is refused next to its field rather than after the event was written.
 */
export async function readCoverUpload(value: FormDataEntryValue | null): Promise<CoverUpload> {
  if (value === FILE_TOO_LARGE) return { ok: false, error: 'tooLarge' }
  if (!value || typeof value === 'string') return { ok: true, images: null }
  const bytes = new Uint8Array(await value.arrayBuffer())
  if (!sniffType(bytes, ['image/jpeg', 'image/png', 'image/webp'])) return { ok: false, error: 'type' }
  const resize = (size: CoverSize) =>
    sharp(bytes, { limitInputPixels: 40_000_000 })
      .rotate()
      .resize(COVER_SIZES[size].width, COVER_SIZES[size].height, { fit: 'cover', position: 'attention' })
      .webp({ quality: size === 'large' ? 80 : 74 })
      .toBuffer()
  try {
    // One stored picture per size: cards load the small one, the event page the large one.
    const [large, small] = await Promise.all([resize('large'), resize('small')])
    return { ok: true, images: { large, small } }
  } catch {
    return { ok: false, error: 'type' }
  }
}

const fileName = (storedName: string, size: CoverSize) => (size === 'large' ? storedName : storedName.replace(/\.webp$/, '-small.webp'))

/** Stores both sizes under a new name (the URL's version), then forgets the previous cover. */
export async function setEventCover(ctx: AppContext, eventId: number, images: CoverImages) {
  const folder = privateDir(ctx.config.DATA_DIR, COVERS_AREA)
  await fs.mkdir(folder, { recursive: true })
  const storedName = `${crypto.randomUUID()}.webp`
  await fs.writeFile(path.join(folder, fileName(storedName, 'small')), images.small, { mode: 0o600 })
  await fs.writeFile(path.join(folder, storedName), images.large, { mode: 0o600 })
  const previous = coverName(ctx, eventId)
  ctx.db.update(events).set({ coverImage: storedName }).where(eq(events.id, eventId)).run()
  if (previous) await removeCoverFiles(ctx, previous)
}

export async function removeEventCover(ctx: AppContext, eventId: number) {
  const previous = coverName(ctx, eventId)
  if (!previous) return
  ctx.db.update(events).set({ coverImage: null }).where(eq(events.id, eventId)).run()
  await removeCoverFiles(ctx, previous)
}

function coverName(ctx: AppContext, eventId: number): string | null {
  return ctx.db.select({ cover: events.coverImage }).from(events).where(eq(events.id, eventId)).get()?.cover ?? null
}

async function removeCoverFiles(ctx: AppContext, storedName: string) {
  await removePrivateFile(ctx.config.DATA_DIR, COVERS_AREA, fileName(storedName, 'large'))
  await removePrivateFile(ctx.config.DATA_DIR, COVERS_AREA, fileName(storedName, 'small'))
}

/**
 * The cover's bytes and its current version. Event pages are public, members-only events
 * included, so their covers are too: no viewer to check.
 */
export async function eventCover(ctx: AppContext, eventId: number, size: CoverSize): Promise<{ bytes: Buffer; version: string } | null> {
  const storedName = coverName(ctx, eventId)
  if (!storedName) return null
  const bytes = await readPrivateFile(ctx.config.DATA_DIR, COVERS_AREA, fileName(storedName, size)).catch(() => null)
  return bytes ? { bytes, version: coverVersion(storedName)! } : null
}
