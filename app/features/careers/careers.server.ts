import { and, asc, count, desc, eq, gt, lte, sql } from 'drizzle-orm'
import { jobApplications, jobOffers, users, type ContractType, type ExperienceLevel, type JobSector, type RemotePolicy } from '../../../db/schema'
import type { Viewer } from '~/features/accounts/accounts.server'
import { approvalMailKey, careersMails } from '~/features/careers/careers-mails.server'
import { APPROVAL_UNDO_MS } from '~/features/careers/schema'
import type { AppContext } from '~/context.server'
import { normalizePlace as foldText } from '~/shared/gazetteer.server'
import { linkOrigin } from '~/shared/http.server'
import { cancelQueuedMails } from '~/shared/mail-queue.server'
import { isPayingMember } from '~/shared/viewer'
import { holdStateOf, holdStateSql, spendHeldEdit } from '~/features/moderation/holds.server'

export { CONTRACT_TYPES, EXPERIENCE_LEVELS, JOB_SECTORS, REMOTE_POLICIES, SALARY_PERIODS, STUDENT_CONTRACT_TYPES } from '../../../db/schema'
export type { ContractType, ExperienceLevel, JobSector, RemotePolicy } from '../../../db/schema'

const DAY_MS = 24 * 60 * 60_000
/** A published offer leaves the listings at its deadline, or this many days after publication. */
export const OFFER_LIFETIME_DAYS = 60

export type JobOffer = typeof jobOffers.$inferSelect
/** What the poster and readers see: the stored state, with « expired » computed from the clock. */
export type OfferStatus = 'pending' | 'published' | 'rejected' | 'expired' | 'filled'

/** Everything the posting form asks; all required but the salary. */
export interface OfferInput {
  title: string
  company: string
  contractType: ContractType
  sector: JobSector
  city: string
  country: string
  remote: RemotePolicy
  description: string
  profileSought: string
  experience: ExperienceLevel
  startDate: string
  deadline: string
  applicationEmail: string
  salaryMin: number | null
  salaryMax: number | null
  salaryPeriod: 'year' | 'month' | null
}

/** Fields whose change sends a published offer back to a webmaster; the dates alone do not. */
const SUBSTANCE: (keyof OfferInput)[] = [
  'title',
  'company',
  'contractType',
  'sector',
  'city',
  'country',
  'remote',
  'description',
  'profileSought',
  'experience',
  'applicationEmail',
  'salaryMin',
  'salaryMax',
  'salaryPeriod',
]

const parisOffsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' })
function parisOffsetMs(at: Date): number {
  const name = parisOffsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? ''
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0
}

/** The last moment of a calendar day in Paris: a deadline of « 30 juin » holds through 30 June. */
export function endOfDayInParis(date: string): Date {
  const utc = Date.parse(`${date}T23:59:59.999Z`)
  return new Date(utc - parisOffsetMs(new Date(utc)))
}

/** Today's date in Paris, `YYYY-MM-DD`. */
export function parisToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

export function expiryOf(deadline: string, publishedAt: Date): Date {
  return new Date(Math.min(endOfDayInParis(deadline).getTime(), publishedAt.getTime() + OFFER_LIFETIME_DAYS * DAY_MS))
}

export function offerStatus(offer: Pick<JobOffer, 'status' | 'expiresAt'>, now: Date): OfferStatus {
  if (offer.status === 'published' && offer.expiresAt && offer.expiresAt.getTime() <= now.getTime()) return 'expired'
  return offer.status
}

type OfferError = 'unknownCity' | 'deadlinePassed'
type Placed = { city: string; country: string; latitude: number; longitude: number }

/** The offer's place from the gazetteer (no network geocoder): an unknown city is refused. */
export function placeOf(ctx: AppContext, city: string, country: string): Placed | null {
  const place = ctx.gazetteer.lookup(city, country || null) ?? (country ? null : ctx.gazetteer.lookup(city))
  return place ? { city: place.name, country: place.country, latitude: place.lat, longitude: place.lng } : null
}

function offerValues(
  ctx: AppContext,
  input: OfferInput,
): { ok: true; values: Omit<OfferInput, 'city' | 'country'> & Placed & { searchText: string } } | { ok: false; error: OfferError } {
  if (input.deadline < parisToday(ctx.now())) return { ok: false, error: 'deadlinePassed' }
  const place = placeOf(ctx, input.city, input.country)
  if (!place) return { ok: false, error: 'unknownCity' }
  const searchText = foldText([input.title, input.company, place.city, input.description, input.profileSought].join(' '))
  return { ok: true, values: { ...input, ...place, searchText } }
}

/** Any logged-in account posts; every offer waits for a webmaster before anyone reads it. */
export function createJobOffer(
  ctx: AppContext,
  authorId: string,
  input: OfferInput,
  repostOf: number | null = null,
): { ok: true; id: number } | { ok: false; error: OfferError } {
  const prepared = offerValues(ctx, input)
  if (!prepared.ok) return prepared
  const now = ctx.now()
  const { id } = ctx.db
    .insert(jobOffers)
    .values({ ...prepared.values, authorId, status: 'pending', createdAt: now, updatedAt: now, repostOf })
    .returning({ id: jobOffers.id })
    .get()
  return { ok: true, id }
}

export type EditResult = { ok: true; status: 'pending' | 'published' } | { ok: false; error: OfferError | 'notFound' | 'notEditable' | 'heldEditUsed' }

/**
 * The poster edits a pending, refused or published offer. A refused one goes back to the queue;
 * a published one whose substance changed too; a published one whose dates alone changed stays
 * published (its expiry follows the new deadline). Filled and expired offers are reposted instead.
 * Held for review after reports: one edit goes (the hold stays, a webmaster decides), a second is refused.
 */
export function updateJobOffer(ctx: AppContext, userId: string, offerId: number, input: OfferInput): EditResult {
  const now = ctx.now()
  const prepared = offerValues(ctx, input)
  return ctx.db.transaction((tx) => {
    const offer = tx
      .select()
      .from(jobOffers)
      .where(and(eq(jobOffers.id, offerId), eq(jobOffers.authorId, userId)))
      .get()
    if (!offer) return { ok: false, error: 'notFound' }
    const status = offerStatus(offer, now)
    if (status === 'filled' || status === 'expired') return { ok: false, error: 'notEditable' }
    if (!prepared.ok) return prepared
    if (!spendHeldEdit(ctx, 'offer', offerId, tx).ok) return { ok: false, error: 'heldEditUsed' }
    const next = prepared.values
    const substanceChanged = SUBSTANCE.some((key) => (next as Record<string, unknown>)[key] !== (offer as Record<string, unknown>)[key])
    const staysPublished = status === 'published' && !substanceChanged
    tx.update(jobOffers)
      .set({
        ...next,
        updatedAt: now,
        status: staysPublished ? 'published' : 'pending',
        rejectionReason: null,
        ...(staysPublished ? { expiresAt: expiryOf(next.deadline, offer.publishedAt!) } : { publishedAt: null, expiresAt: null }),
      })
      .where(eq(jobOffers.id, offerId))
      .run()
    return { ok: true, status: staysPublished ? 'published' : 'pending' }
  })
}

/** « Clôturer »: the poster closes a pending or published offer as filled. */
export function closeJobOffer(ctx: AppContext, userId: string, offerId: number): { ok: true } | { ok: false; error: 'notFound' | 'notClosable' } {
  const now = ctx.now()
  return ctx.db.transaction((tx) => {
    const offer = tx
      .select()
      .from(jobOffers)
      .where(and(eq(jobOffers.id, offerId), eq(jobOffers.authorId, userId)))
      .get()
    if (!offer) return { ok: false, error: 'notFound' }
    const status = offerStatus(offer, now)
    if (status !== 'pending' && status !== 'published') return { ok: false, error: 'notClosable' }
    tx.update(jobOffers).set({ status: 'filled', closedAt: now, updatedAt: now }).where(eq(jobOffers.id, offerId)).run()
    return { ok: true }
  })
}

/** « Republier »: an expired or filled offer comes back as a new offer, awaiting validation. */
export function repostJobOffer(
  ctx: AppContext,
  userId: string,
  offerId: number,
  input: OfferInput,
): { ok: true; id: number } | { ok: false; error: OfferError | 'notFound' | 'notRepostable' } {
  const offer = ownJobOffer(ctx, userId, offerId)
  if (!offer) return { ok: false, error: 'notFound' }
  const status = offerStatus(offer, ctx.now())
  if (status !== 'expired' && status !== 'filled') return { ok: false, error: 'notRepostable' }
  return createJobOffer(ctx, userId, input, offerId)
}

export function ownJobOffer(ctx: AppContext, userId: string, offerId: number): JobOffer | null {
  return (
    ctx.db
      .select()
      .from(jobOffers)
      .where(and(eq(jobOffers.id, offerId), eq(jobOffers.authorId, userId)))
      .get() ?? null
  )
}

/**
 * A webmaster publishes a pending offer; its deadline must still be ahead. The offer is public at
 * once (undo unpublishes it); what cannot be taken back waits for the undo minute to pass: the
 * poster's mail is queued held until then, and the weekly alerts only list offers older than it.
 */
export function approveJobOffer(
  ctx: AppContext,
  webmasterId: string,
  offerId: number,
  options: { baseUrl?: string } = {},
): { ok: true } | { ok: false; error: 'notPending' | 'deadlinePassed' } {
  const now = ctx.now()
  const baseUrl = options.baseUrl ?? linkOrigin(`http://localhost:${ctx.config.PORT}`, ctx.config.APP_URL)
  return ctx.db.transaction((tx) => {
    const offer = tx.select().from(jobOffers).where(eq(jobOffers.id, offerId)).get()
    if (!offer || offer.status !== 'pending') return { ok: false, error: 'notPending' }
    const expiresAt = expiryOf(offer.deadline, now)
    if (expiresAt.getTime() <= now.getTime()) return { ok: false, error: 'deadlinePassed' }
    // `updatedAt` stays the poster's: the queue is ordered and dated by it, and an undo puts the offer back where it stood.
    tx.update(jobOffers)
      .set({ status: 'published', publishedAt: now, expiresAt, reviewedAt: now, reviewedBy: webmasterId, rejectionReason: null })
      .where(eq(jobOffers.id, offerId))
      .run()
    careersMails.offerApproved(ctx, offerId, { baseUrl, notBefore: new Date(now.getTime() + APPROVAL_UNDO_MS) })
    return { ok: true }
  })
}

export type UndoApprovalError = 'notUndoable' | 'tooLate' | 'answered'

/**
 * « Annuler » within the minute after « Publier », by the webmaster who published: the offer goes
 * back to the queue and the poster's held mail is called back. Refused once the minute is over,
 * once a sender took the mail, or once a member applied (their application already left).
 */
export function undoJobOfferApproval(ctx: AppContext, webmasterId: string, offerId: number): { ok: true } | { ok: false; error: UndoApprovalError } {
  const now = ctx.now()
  // IMMEDIATE: the check and the calling back under one write lock, so a mail sender cannot claim
  // the mail between them (it would then be both sent and « cancelled »).
  return ctx.db.transaction(
    (tx) => {
      const offer = tx.select().from(jobOffers).where(eq(jobOffers.id, offerId)).get()
      if (!offer || offer.status !== 'published' || !offer.publishedAt || offer.reviewedBy !== webmasterId) {
        return { ok: false as const, error: 'notUndoable' as const }
      }
      if (now.getTime() - offer.publishedAt.getTime() >= APPROVAL_UNDO_MS) return { ok: false as const, error: 'tooLate' as const }
      const applied = tx.select({ n: count() }).from(jobApplications).where(eq(jobApplications.offerId, offerId)).get()?.n ?? 0
      if (applied > 0) return { ok: false as const, error: 'answered' as const }
      if (cancelQueuedMails(ctx.db, [approvalMailKey(offerId, offer.publishedAt)]).left > 0) return { ok: false as const, error: 'tooLate' as const }
      tx.update(jobOffers)
        .set({ status: 'pending', publishedAt: null, expiresAt: null, reviewedAt: null, reviewedBy: null })
        .where(eq(jobOffers.id, offerId))
        .run()
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

/** The offers `webmasterId` published less than a minute ago: each can still be undone until `undoUntil`. */
export function undoableApprovals(ctx: AppContext, webmasterId: string) {
  const now = ctx.now()
  return ctx.db
    .select({ id: jobOffers.id, title: jobOffers.title, publishedAt: jobOffers.publishedAt })
    .from(jobOffers)
    .where(
      and(
        eq(jobOffers.status, 'published'),
        eq(jobOffers.reviewedBy, webmasterId),
        gt(jobOffers.publishedAt, new Date(now.getTime() - APPROVAL_UNDO_MS)),
        lte(jobOffers.publishedAt, now),
      ),
    )
    .orderBy(desc(jobOffers.publishedAt))
    .all()
    .map((o) => ({ id: o.id, title: o.title, undoUntil: o.publishedAt!.getTime() + APPROVAL_UNDO_MS }))
}

/** A webmaster refuses a pending offer; the reason is mailed to the poster. */
export async function rejectJobOffer(
  ctx: AppContext,
  webmasterId: string,
  input: { offerId: number; reason: string; baseUrl: string },
): Promise<{ ok: true } | { ok: false; error: 'notPending' | 'reasonRequired' }> {
  const reason = input.reason.trim()
  if (!reason) return { ok: false, error: 'reasonRequired' }
  const now = ctx.now()
  const changed = ctx.db.transaction(() => {
    const done = ctx.db
      .update(jobOffers)
      .set({ status: 'rejected', rejectionReason: reason, reviewedAt: now, reviewedBy: webmasterId, updatedAt: now })
      .where(and(eq(jobOffers.id, input.offerId), eq(jobOffers.status, 'pending')))
      .run()
    if (done.changes > 0) careersMails.offerRejected(ctx, input.offerId, input.baseUrl)
    return done.changes > 0
  })
  return changed ? { ok: true } : { ok: false, error: 'notPending' }
}

/** The webmasters' queue, oldest first, with who posted. */
export function moderationQueue(ctx: AppContext) {
  return ctx.db
    .select({ offer: jobOffers, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(jobOffers)
    .innerJoin(users, eq(users.id, jobOffers.authorId))
    .where(eq(jobOffers.status, 'pending'))
    .orderBy(asc(jobOffers.updatedAt))
    .all()
}

export const MY_OFFERS_PER_PAGE = 20

/** « Mes offres d'emploi »: every offer of the poster, its state and how many applied. */
export function myJobOffers(ctx: AppContext, userId: string, page: number) {
  const now = ctx.now()
  const total =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(jobOffers)
      .where(eq(jobOffers.authorId, userId))
      .get()?.n ?? 0
  const rows = ctx.db
    .select({
      offer: jobOffers,
      applications: sql<number>`(select count(*) from ${jobApplications} a where a.offer_id = ${jobOffers.id})`,
      // In the same query: the poster sees which of their offers are held for review.
      hold: holdStateSql('offer', jobOffers.id),
    })
    .from(jobOffers)
    .where(eq(jobOffers.authorId, userId))
    .orderBy(desc(jobOffers.createdAt), desc(jobOffers.id))
    .limit(MY_OFFERS_PER_PAGE)
    .offset((page - 1) * MY_OFFERS_PER_PAGE)
    .all()
  return {
    total,
    pages: Math.max(1, Math.ceil(total / MY_OFFERS_PER_PAGE)),
    offers: rows.map((r) => ({ ...r.offer, status: offerStatus(r.offer, now), applications: r.applications, hold: r.hold })),
  }
}

/**
 * An offer as `viewer` may see it: paying members read open offers; its poster and webmasters
 * also see it in any other state. `notMember` when only the membership is missing.
 */
export function offerForViewer(ctx: AppContext, viewer: Viewer, offerId: number) {
  const now = ctx.now()
  const offer = ctx.db.select().from(jobOffers).where(eq(jobOffers.id, offerId)).get()
  if (!offer) return null
  const status = offerStatus(offer, now)
  const isOwner = offer.authorId === viewer.id
  const isReader = isPayingMember(viewer)
  if (status !== 'published' && !isOwner && !viewer.isWebmaster) return null
  const hold = holdStateOf(ctx, 'offer', offerId)
  const held = hold !== null
  if (held && !isOwner && !viewer.isWebmaster) return null
  if (status === 'published' && !isOwner && !isReader) return 'notMember' as const
  const application = ctx.db
    .select({ id: jobApplications.id, createdAt: jobApplications.createdAt })
    .from(jobApplications)
    .where(and(eq(jobApplications.offerId, offerId), eq(jobApplications.userId, viewer.id)))
    .get()
  return {
    offer: { ...offer, status, searchText: undefined, authorId: undefined },
    isOwner,
    held,
    hold,
    myApplication: application ?? null,
    canApply: status === 'published' && isReader && !isOwner && !application,
  }
}
