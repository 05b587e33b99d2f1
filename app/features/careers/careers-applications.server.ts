import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
import { jobApplications, jobOffers } from '../../../db/schema'
import { FILE_TOO_LARGE } from '~/shared/multipart.server'
import type { Viewer } from '~/features/accounts/accounts.server'
import { careersMails } from '~/features/careers/careers-mails.server'
import { offerStatus } from '~/features/careers/careers.server'
import type { AppContext } from '~/context.server'
import { readPrivateFile, removePrivateFile, sniffType, storePrivateFile } from '~/shared/uploads.server'
import { isHeld } from '~/features/moderation/holds.server'

export const CV_AREA = 'cvs'
export const APPLICATIONS_PER_PAGE = 20
const MINUTE_MS = 60_000

export type CvUpload = { ok: true; cv: { bytes: Uint8Array; originalName: string } } | { ok: false; error: 'missing' | 'tooLarge' | 'type' }

/** A CV is a PDF of at most 5 MB, its type read from its first bytes (the name proves nothing). */
export async function readCvUpload(value: FormDataEntryValue | null): Promise<CvUpload> {
  if (value === FILE_TOO_LARGE) return { ok: false, error: 'tooLarge' }
  if (!value || typeof value === 'string') return { ok: false, error: 'missing' }
  const bytes = new Uint8Array(await value.arrayBuffer())
  if (!sniffType(bytes, ['application/pdf'])) return { ok: false, error: 'type' }
  return { ok: true, cv: { bytes, originalName: (value.name || 'cv.pdf').slice(0, 200) } }
}

/** The file name the recruiter receives: « CV - Camille Lefèvre.pdf ». */
function cvFilename(originalName: string) {
  const base =
    originalName
      .replace(/\.pdf$/i, '')
      .replace(/[^\p{L}\p{N} ._-]/gu, '')
      .trim() || 'cv'
  return `${base}.pdf`
}

type ApplyError = 'notOpen' | 'ownOffer' | 'duplicate'

/**
 * Applies to an open offer: the CV is kept as a private file, then the application row (the
 * unique index refuses a second one) and its mail to the offer's address, CV attached, are
 * written in one transaction; the mail queue delivers it.
 */
export async function applyToJobOffer(
  ctx: AppContext,
  input: { offerId: number; userId: string; message: string; cv: { bytes: Uint8Array; originalName: string }; baseUrl: string },
): Promise<{ ok: true; id: number; emailed: boolean } | { ok: false; error: ApplyError }> {
  const now = ctx.now()
  const offer = ctx.db.select().from(jobOffers).where(eq(jobOffers.id, input.offerId)).get()
  // Held for review after reports: closed to applications as to readers until a webmaster decides.
  if (!offer || offerStatus(offer, now) !== 'published' || isHeld(ctx, 'offer', offer.id)) return { ok: false, error: 'notOpen' }
  if (offer.authorId === input.userId) return { ok: false, error: 'ownOffer' }
  if (findApplication(ctx, input.offerId, input.userId)) return { ok: false, error: 'duplicate' }

  const storedName = await storePrivateFile(ctx.config.DATA_DIR, CV_AREA, input.cv.bytes, 'pdf')
  let id: number
  try {
    // The application and its mail (the CV attached) are written together.
    id = ctx.db.transaction(() => {
      const row = ctx.db
        .insert(jobApplications)
        .values({
          offerId: input.offerId,
          userId: input.userId,
          message: input.message,
          cvStoredName: storedName,
          cvOriginalName: input.cv.originalName,
          cvSize: input.cv.bytes.length,
          createdAt: now,
        })
        .onConflictDoNothing({ target: [jobApplications.offerId, jobApplications.userId] })
        .returning({ id: jobApplications.id })
        .get()
      if (row) queueApplicationMail(ctx, row.id, Buffer.from(input.cv.bytes), input.baseUrl)
      return row?.id ?? 0
    })
  } catch (error) {
    await removePrivateFile(ctx.config.DATA_DIR, CV_AREA, storedName)
    throw error
  }
  if (!id) {
    // Another request of the same member won the race: the database kept the first one.
    await removePrivateFile(ctx.config.DATA_DIR, CV_AREA, storedName)
    return { ok: false, error: 'duplicate' }
  }
  return { ok: true, id, emailed: true }
}

function findApplication(ctx: AppContext, offerId: number, userId: string) {
  return ctx.db
    .select({ id: jobApplications.id })
    .from(jobApplications)
    .where(and(eq(jobApplications.offerId, offerId), eq(jobApplications.userId, userId)))
    .get()
}

/** Queues one application's mail to the offer's mailbox (with the CV) and records when. */
function queueApplicationMail(ctx: AppContext, applicationId: number, cv: Buffer, baseUrl: string) {
  const application = ctx.db.select().from(jobApplications).where(eq(jobApplications.id, applicationId)).get()
  if (!application) return
  careersMails.application(ctx, {
    offerId: application.offerId,
    applicantId: application.userId,
    message: application.message,
    cv: { filename: cvFilename(application.cvOriginalName), content: cv },
    baseUrl,
  })
  ctx.db.update(jobApplications).set({ emailedAt: ctx.now() }).where(eq(jobApplications.id, applicationId)).run()
}

/** Sends an application saved before the mail queue existed (its mail was never queued). */
async function mailApplication(ctx: AppContext, applicationId: number, baseUrl: string): Promise<boolean> {
  const application = ctx.db.select().from(jobApplications).where(eq(jobApplications.id, applicationId)).get()
  if (!application) return false
  try {
    const bytes = await readPrivateFile(ctx.config.DATA_DIR, CV_AREA, application.cvStoredName)
    ctx.db.transaction(() => queueApplicationMail(ctx, applicationId, bytes, baseUrl))
    return true
  } catch (error) {
    ctx.logger.error({ err: error, applicationId }, 'application mail not queued; the careers job will retry')
    return false
  }
}

/** Applications whose mail was never queued (saved before the queue existed), retried for a week (a minute after they arrived, at the earliest). */
export async function retryUnsentApplications(ctx: AppContext, baseUrl: string): Promise<number> {
  const now = ctx.now().getTime()
  const unsent = ctx.db
    .select({ id: jobApplications.id })
    .from(jobApplications)
    .where(
      and(
        isNull(jobApplications.emailedAt),
        lt(jobApplications.createdAt, new Date(now - MINUTE_MS)),
        gt(jobApplications.createdAt, new Date(now - 7 * 24 * 60 * MINUTE_MS)),
      ),
    )
    .all()
  let sent = 0
  for (const { id } of unsent) {
    // Claimed first, so that two processes (or two runs) never mail the same application twice.
    const claimed = ctx.db
      .update(jobApplications)
      .set({ mailClaimedAt: new Date(now) })
      .where(
        and(
          eq(jobApplications.id, id),
          isNull(jobApplications.emailedAt),
          or(isNull(jobApplications.mailClaimedAt), lt(jobApplications.mailClaimedAt, new Date(now - 10 * MINUTE_MS))),
        ),
      )
      .run()
    if (claimed.changes === 1 && (await mailApplication(ctx, id, baseUrl))) sent++
  }
  return sent
}

/** « Mes candidatures »: the member's applications, newest first, with the offer's state. */
export function myApplications(ctx: AppContext, userId: string, page: number) {
  const now = ctx.now()
  const total =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(jobApplications)
      .where(eq(jobApplications.userId, userId))
      .get()?.n ?? 0
  const rows = ctx.db
    .select({
      id: jobApplications.id,
      createdAt: jobApplications.createdAt,
      emailedAt: jobApplications.emailedAt,
      cvOriginalName: jobApplications.cvOriginalName,
      offerId: jobOffers.id,
      title: jobOffers.title,
      company: jobOffers.company,
      contractType: jobOffers.contractType,
      city: jobOffers.city,
      status: jobOffers.status,
      expiresAt: jobOffers.expiresAt,
    })
    .from(jobApplications)
    .innerJoin(jobOffers, eq(jobOffers.id, jobApplications.offerId))
    .where(eq(jobApplications.userId, userId))
    .orderBy(desc(jobApplications.createdAt), desc(jobApplications.id))
    .limit(APPLICATIONS_PER_PAGE)
    .offset((page - 1) * APPLICATIONS_PER_PAGE)
    .all()
  return {
    total,
    pages: Math.max(1, Math.ceil(total / APPLICATIONS_PER_PAGE)),
    applications: rows.map(({ expiresAt, status, ...r }) => ({ ...r, offerStatus: offerStatus({ status, expiresAt }, now) })),
  }
}

/** The CV sent with an application: only its applicant downloads it again. */
export async function cvForApplicant(ctx: AppContext, viewer: Viewer, applicationId: number) {
  const application = ctx.db
    .select()
    .from(jobApplications)
    .where(and(eq(jobApplications.id, applicationId), eq(jobApplications.userId, viewer.id)))
    .get()
  if (!application) return null
  const bytes = await readPrivateFile(ctx.config.DATA_DIR, CV_AREA, application.cvStoredName).catch(() => null)
  return bytes ? { bytes, filename: cvFilename(application.cvOriginalName) } : null
}
