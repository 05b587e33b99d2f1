import crypto from 'node:crypto'
import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm'
import { dataExports, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { readPrivateFile, removePrivateFile, storePrivateFile } from '~/shared/uploads.server'
import { composeMail } from '~/shared/mail-layout.server'
import type { Viewer } from '~/shared/viewer'
import { buildArchive } from '~/features/privacy/archive.server'
import { EXPORTS_AREA } from '~/features/privacy/files.server'
import { recordDocumentAccess } from '~/features/privacy/access-log.server'

const DAY_MS = 24 * 60 * 60_000
/** An archive downloads for seven days after it is ready; then retention removes it. */
export const EXPORT_KEPT_MS = 7 * DAY_MS
/** One archive a day per person (asked by themselves; a webmaster answering a request is not counted). */
export const EXPORT_EVERY_MS = DAY_MS
const MAX_ATTEMPTS = 3

export type RequestExportResult = { ok: true; exportId: string } | { ok: false; error: 'tooSoon' }

/** Builds in this process, one at a time: an archive reads files and renders PDFs, it need not race itself. */
const building = new WeakMap<AppContext, Promise<number>>()

function siteOrigin(ctx: AppContext): string {
  return ctx.config.APP_URL ?? `http://localhost:${ctx.config.PORT}`
}

/** When the person may ask for their next archive (null: now). */
export function nextExportAllowedAt(ctx: AppContext, userId: string): Date | null {
  return nextAllowed(ctx.db, userId, ctx.now())
}

function nextAllowed(db: Pick<AppContext['db'], 'select'>, userId: string, now: Date): Date | null {
  const recent = db
    .select({ createdAt: dataExports.createdAt })
    .from(dataExports)
    .where(
      and(
        eq(dataExports.userId, userId),
        isNull(dataExports.requestedBy),
        ne(dataExports.status, 'failed'),
        gt(dataExports.createdAt, new Date(now.getTime() - EXPORT_EVERY_MS)),
      ),
    )
    .orderBy(desc(dataExports.createdAt))
    .get()
  return recent ? new Date(recent.createdAt.getTime() + EXPORT_EVERY_MS) : null
}

/**
 * Asks for an archive of a person's data (art. 15 and 20), prepared in the background; a mail
 * links to it when ready. One a day per person. `requestedBy`: the webmaster running it for a
 * request received by mail or post (`requestId`), null when the person asked.
 */
export function requestExport(
  ctx: AppContext,
  input: { userId: string; requestedBy: string | null; requestId?: number | null; baseUrl: string },
): RequestExportResult {
  const now = ctx.now()
  const exportId = crypto.randomBytes(18).toString('base64url')
  // Immediate: two clicks at once cannot both pass the once-a-day check.
  const result = ctx.db.transaction(
    (tx): RequestExportResult => {
      if (input.requestedBy === null && nextAllowed(tx, input.userId, now)) return { ok: false, error: 'tooSoon' }
      tx.insert(dataExports)
        .values({
          id: exportId,
          userId: input.userId,
          requestedBy: input.requestedBy,
          requestId: input.requestId ?? null,
          createdAt: now,
          expiresAt: new Date(now.getTime() + EXPORT_KEPT_MS),
        })
        .run()
      return { ok: true, exportId }
    },
    { behavior: 'immediate' },
  )
  if (result.ok) setImmediate(() => void buildPendingExports(ctx, input.baseUrl))
  return result
}

/**
 * Builds every archive still pending (the one just asked for, or those a stopped process left),
 * one at a time. Each is claimed by bumping its attempts, so two processes never build the same
 * one; the ready state and the mail commit together. Returns how many were made ready.
 */
export function buildPendingExports(ctx: AppContext, baseUrl = siteOrigin(ctx)): Promise<number> {
  const previous = building.get(ctx) ?? Promise.resolve(0)
  const next = previous
    .then(() => buildAll(ctx, baseUrl))
    .catch((error: unknown) => {
      ctx.logger.error({ err: error }, 'export: building the pending archives failed')
      return 0
    })
  building.set(ctx, next)
  return next
}

/** Resolves once the archives this process is building are done (the server waits for it before closing the database). */
export function exportsSettled(ctx: AppContext): Promise<unknown> {
  return building.get(ctx) ?? Promise.resolve()
}

async function buildAll(ctx: AppContext, baseUrl: string): Promise<number> {
  let ready = 0
  const pending = ctx.db.select().from(dataExports).where(eq(dataExports.status, 'pending')).orderBy(dataExports.createdAt).all()
  for (const row of pending) {
    const claimed = ctx.db
      .update(dataExports)
      .set({ attempts: row.attempts + 1 })
      .where(and(eq(dataExports.id, row.id), eq(dataExports.status, 'pending'), eq(dataExports.attempts, row.attempts)))
      .run().changes
    if (claimed === 0) continue
    try {
      if (await buildOne(ctx, row.id, row.userId, baseUrl)) ready++
    } catch (error) {
      ctx.logger.error({ err: error, exportId: row.id }, 'export: an archive could not be built')
      if (row.attempts + 1 >= MAX_ATTEMPTS) ctx.db.update(dataExports).set({ status: 'failed' }).where(eq(dataExports.id, row.id)).run()
    }
  }
  return ready
}

async function buildOne(ctx: AppContext, exportId: string, userId: string, baseUrl: string): Promise<boolean> {
  const archive = await buildArchive(ctx, userId)
  if (!archive) return false
  const storedName = await storePrivateFile(ctx.config.DATA_DIR, EXPORTS_AREA, archive.bytes, 'zip')
  const now = ctx.now()
  const expiresAt = new Date(now.getTime() + EXPORT_KEPT_MS)
  const done = ctx.db.transaction((tx) => {
    const changed = tx
      .update(dataExports)
      .set({ status: 'ready', storedName, size: archive.bytes.length, readyAt: now, expiresAt })
      .where(and(eq(dataExports.id, exportId), eq(dataExports.status, 'pending')))
      .run().changes
    if (changed === 0) return false
    const to = tx.select({ email: users.email, firstName: users.firstName, locale: users.locale }).from(users).where(eq(users.id, userId)).get()
    if (!to) return false
    ctx.mail.enqueue(
      composeMail(ctx.config, {
        to: to.email,
        locale: to.locale,
        firstName: to.firstName,
        subject: 'privacy.export.mail.subject',
        paragraphs: [{ key: 'privacy.export.mail.ready' }, { key: 'privacy.export.mail.session', params: { days: EXPORT_KEPT_MS / DAY_MS } }],
        action: { label: 'privacy.export.mail.action', url: `${baseUrl}/mon-compte/donnees/export/${exportId}` },
      }),
      { kind: 'privacy.export', dedupeKey: `export:${exportId}` },
    )
    return true
  })
  // The row went meanwhile (an erasure): its archive must not outlive it.
  if (!done) await removePrivateFile(ctx.config.DATA_DIR, EXPORTS_AREA, storedName)
  return done
}

export interface ExportSummary {
  id: string
  status: 'pending' | 'ready' | 'failed'
  createdAt: Date
  readyAt: Date | null
  expiresAt: Date
  size: number | null
}

/** The person's archives still downloadable or being prepared, newest first. */
export function exportsOf(ctx: AppContext, userId: string): ExportSummary[] {
  return ctx.db
    .select({
      id: dataExports.id,
      status: dataExports.status,
      createdAt: dataExports.createdAt,
      readyAt: dataExports.readyAt,
      expiresAt: dataExports.expiresAt,
      size: dataExports.size,
    })
    .from(dataExports)
    .where(and(eq(dataExports.userId, userId), gt(dataExports.expiresAt, ctx.now())))
    .orderBy(desc(dataExports.createdAt))
    .limit(5)
    .all()
}

/**
 * An archive's bytes, for its owner with their session, or for a webmaster when it was run for a
 * request (that opening is logged and shown to the person); null otherwise, or once expired.
 */
export async function exportDownload(ctx: AppContext, viewer: Viewer, exportId: string): Promise<{ bytes: Buffer; filename: string } | null> {
  const row = ctx.db.select().from(dataExports).where(eq(dataExports.id, exportId)).get()
  if (!row || row.status !== 'ready' || !row.storedName || row.expiresAt <= ctx.now()) return null
  const own = row.userId === viewer.id
  if (!own && !(viewer.isWebmaster && row.requestedBy !== null)) return null
  let bytes: Buffer
  try {
    bytes = await readPrivateFile(ctx.config.DATA_DIR, EXPORTS_AREA, row.storedName)
  } catch {
    return null
  }
  if (!own) recordDocumentAccess(ctx, { actorId: viewer.id, subjectUserId: row.userId, document: 'export', documentId: row.id })
  const day = (row.readyAt ?? row.createdAt).toISOString().slice(0, 10)
  return { bytes, filename: `mes-donnees-${day}.zip` }
}
