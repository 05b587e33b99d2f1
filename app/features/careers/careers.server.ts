import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { jobApplications, jobOffers, users, type ContractType, type ExperienceLevel, type JobSector, type RemotePolicy } from '../../../db/schema'
import type { Viewer } from '~/features/accounts/accounts.server'
import { careersMails } from '~/features/careers/careers-mails.server'
import type { AppContext } from '~/context.server'
import { normalizePlace as foldText } from '~/shared/gazetteer.server'
import { isPayingMember } from '~/shared/viewer'

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

function parisOffsetMs(at: Date): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')
      ?.value ?? ''
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

/** A published offer that has not expired: what members read and answer. */
export function openOfferCondition(now: Date) {
  return and(eq(jobOffers.status, 'published'), sql`${jobOffers.expiresAt} > ${now.getTime()}`)
}

type OfferError = 'unknownCity' | 'deadlinePassed'
type Placed = { city: string; country: string; latitude: number; longitude: number }

/** The offer's place from the gazetteer (no network geocoder): an unknown city is refused. */
function placeOf(ctx: AppContext, city: string, country: string): Placed | null {
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

export type EditResult = { ok: true; status: 'pending' | 'published' } | { ok: false; error: OfferError | 'notFound' | 'notEditable' }

/**
 * The poster edits a pending, refused or published offer. A refused one goes back to the queue;
 * a published one whose substance changed too; a published one whose dates alone changed stays
 * published (its expiry follows the new deadline). Filled and expired offers are reposted instead.
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

/** A webmaster publishes a pending offer; its deadline must still be ahead. */
export function approveJobOffer(ctx: AppContext, webmasterId: string, offerId: number): { ok: true } | { ok: false; error: 'notPending' | 'deadlinePassed' } {
  const now = ctx.now()
  return ctx.db.transaction((tx) => {
    const offer = tx.select().from(jobOffers).where(eq(jobOffers.id, offerId)).get()
    if (!offer || offer.status !== 'pending') return { ok: false, error: 'notPending' }
    const expiresAt = expiryOf(offer.deadline, now)
    if (expiresAt.getTime() <= now.getTime()) return { ok: false, error: 'deadlinePassed' }
    tx.update(jobOffers)
      .set({ status: 'published', publishedAt: now, expiresAt, reviewedAt: now, reviewedBy: webmasterId, rejectionReason: null, updatedAt: now })
      .where(eq(jobOffers.id, offerId))
      .run()
    return { ok: true }
  })
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
    offers: rows.map((r) => ({ ...r.offer, status: offerStatus(r.offer, now), applications: r.applications })),
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
  if (status === 'published' && !isOwner && !isReader) return 'notMember' as const
  const application = ctx.db
    .select({ id: jobApplications.id, createdAt: jobApplications.createdAt })
    .from(jobApplications)
    .where(and(eq(jobApplications.offerId, offerId), eq(jobApplications.userId, viewer.id)))
    .get()
  return {
    offer: { ...offer, status, searchText: undefined, authorId: undefined },
    isOwner,
    myApplication: application ?? null,
    canApply: status === 'published' && isReader && !isOwner && !application,
  }
}
