import crypto from 'node:crypto'
import { and, asc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm'
import { type Db, preparedOnce } from '../../../db/client'
import { eventActivity, eventRegistrations, events, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { driverValues, statements } from '~/features/events/event-statements.server'
import type { ActivityItem, ActivityKind, EventCounters } from '~/features/events/realtime'
import { rooms } from '~/shared/rooms'
import { isPayingMember } from '~/shared/viewer'
import { photoShownSql, type ProfileViewer } from '~/features/directory/profiles.server'
import { placesTaken, registrationClosesAt, ticketTypesOf, type EventRow, type TicketTypeRow, type Tx } from '~/features/events/events.server'

export type RegistrationRow = typeof eventRegistrations.$inferSelect

/** A place is kept this long while its holder pays (then released to the next person). */
export const HOLD_MS = 15 * 60_000
/** Someone promoted from the waitlist to a paid place has a day to pay for it. */
export const PROMOTED_HOLD_MS = 24 * 3600_000

export function eventCounters(db: Db, eventId: number): EventCounters {
  const row = statements(db).counters.get({ eventId })!
  return { eventId, ...row, capacity: row.capacity ?? null }
}

/** Ticket codes: 10 characters of Crockford's base32 (no I, L, O, U), about 50 bits, shown as XXXXX-XXXXX. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
// Random bytes drawn 4 KB at a time: a burst of registrations asks for a thousand codes at once.
let pool = Buffer.alloc(0)
let used = 0
export function newTicketCode(): string {
  if (used + 10 > pool.length) {
    pool = crypto.randomBytes(4096)
    used = 0
  }
  const bytes = pool.subarray(used, (used += 10))
  return Array.from(bytes, (b) => CODE_ALPHABET[b % 32]).join('')
}
export function formatTicketCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`
}
/** What the desk typed or the camera read, made comparable: case, dashes, spaces, O/0 and I/L/1 forgiven. */
export function normalizeTicketCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/^AMICALE:/, '')
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}

/* ---------- The changes, each in one immediate transaction ---------- */

interface Change {
  registration: RegistrationRow
  kind: ActivityKind
}

/** What a transaction did: the activity to publish, people to mail, holds whose checkout must close. */
export interface Outcome {
  eventId: number
  changes: Change[]
  /** The activity rows written for the changes, in order (the feed's item ids). */
  activityIds: number[]
  counters: EventCounters
}

/** How an outcome gets its counters: read at once, or (a batch) once for all at its end. */
export type CountersOf = (db: Db, eventId: number) => EventCounters

/** `db` is the connection's top-level handle: its prepared reads see this transaction's writes. */
function record(tx: Tx, db: Db, eventId: number, changes: Change[], now: Date, countersOf: CountersOf = eventCounters): Outcome {
  const activityIds = changes.map((change) =>
    Number(
      statements(db).insertActivity.run({ eventId, userId: change.registration.userId, kind: change.kind, places: change.registration.places, createdAt: now })
        .lastInsertRowid,
    ),
  )
  return { eventId, changes, activityIds, counters: countersOf(db, eventId) }
}

/** Holds past their time become free places again; inside the caller's transaction. */
function releaseEventHoldsIn(tx: Tx, db: Db, eventId: number, now: Date): Change[] {
  if (!statements(db).anyExpiredHold.get({ eventId, now: now.getTime() })) return []
  const expired = tx
    .update(eventRegistrations)
    .set({ status: 'cancelled', holdExpiresAt: null, updatedAt: now })
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, 'held'), lt(eventRegistrations.holdExpiresAt, now)))
    .returning()
    .all()
  return expired.map((registration) => ({ registration, kind: 'released' as const }))
}

/**
 * Fills free places from the waitlist, first come first served; a party too big for what is free
 * waits while smaller ones behind it go in. A paid place is held a day for the promoted person.
 */
function promoteFromWaitlist(tx: Tx, db: Db, event: EventRow, now: Date): Change[] {
  if (event.status !== 'published' || event.startsAt <= now) return []
  let free = event.capacity === null ? Infinity : event.capacity - placesTaken(db, event.id)
  if (free <= 0) return []
  const waiting = tx
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.status, 'waitlisted')))
    .orderBy(asc(eventRegistrations.waitlistedAt))
    .all()
  const promoted: Change[] = []
  for (const registration of waiting) {
    if (registration.places > free) continue
    free -= registration.places
    const paid = registration.amountCents > 0
    const next = tx
      .update(eventRegistrations)
      .set(paid ? { status: 'held', holdExpiresAt: new Date(now.getTime() + PROMOTED_HOLD_MS), updatedAt: now } : { status: 'confirmed', updatedAt: now })
      .where(eq(eventRegistrations.id, registration.id))
      .returning()
      .get()
    promoted.push({ registration: next, kind: 'promoted' })
    if (free <= 0) break
  }
  return promoted
}

export type RegisterError =
  'notFound' | 'cancelled' | 'closed' | 'membersOnly' | 'tooManyGuests' | 'ticketTypeRequired' | 'ticketTypeNotAllowed' | 'ticketTypeFull' | 'inactiveAccount'
export type RegisterResult = { ok: true; registration: RegistrationRow; already: boolean; outcome: Outcome | null } | { ok: false; error: RegisterError }

export interface RegisterInput {
  eventId: number
  userId: string
  guests: number
  ticketTypeId?: number | null
  showName?: boolean
  source?: 'web' | 'invitation'
}

/**
 * Registers someone: a confirmed place, a held place while paying, or the waitlist when full.
 * The count and the write happen in one IMMEDIATE transaction: SQLite lets one writer in at a
 * time (across processes too), so the capacity holds whatever the concurrency.
 */
export function registerForEvent(ctx: AppContext, input: RegisterInput): RegisterResult {
  const result = ctx.db.transaction((tx) => registerIn(ctx, tx, input, ctx.now()), { behavior: 'immediate' })
  if (result.ok && result.outcome) publishOutcome(ctx, result.outcome)
  return result
}

/**
 * The registration itself, inside the caller's IMMEDIATE transaction (one per registration, or
 * one for a whole batch: registration-batcher.server.ts). The caller publishes the outcome after
 * its commit.
 */
export function registerIn(ctx: AppContext, tx: Tx, input: RegisterInput, now: Date, countersOf?: CountersOf): RegisterResult {
  const db = ctx.db
  const prepared = statements(ctx.db)
  const event = prepared.event.get({ eventId: input.eventId })
  if (!event) return { ok: false, error: 'notFound' }
  if (event.status !== 'published') return { ok: false, error: 'cancelled' }
  const existing = prepared.registration.get({ eventId: event.id, userId: input.userId })
  if (existing && existing.status !== 'cancelled') return { ok: true, registration: existing, already: true, outcome: null }
  if (registrationClosesAt(event) <= now) return { ok: false, error: 'closed' }
  const person = prepared.person.get({ userId: input.userId })
  // A deactivated account cannot log in, and no invitation link registers it either.
  if (person?.status !== 'active') return { ok: false, error: 'inactiveAccount' }
  const isMember = person?.membershipStatus === 'active'
  const isWebmaster = person?.role === 'webmaster'
  if (event.audience === 'members' && !isMember && !isWebmaster) return { ok: false, error: 'membersOnly' }
  if (input.guests < 0 || input.guests > event.maxGuests) return { ok: false, error: 'tooManyGuests' }

  const released = releaseEventHoldsIn(tx, db, event.id, now)
  const places = 1 + input.guests
  const pricing = event.ticketing
    ? priceTickets(tx, event, input, { isMember: isMember || isWebmaster, isStudent: isMember && person?.membershipKind === 'student' })
    : { ok: true as const, ticketTypeId: null, guestTicketTypeId: null, amountCents: 0 }
  if (!pricing.ok) return pricing
  const free = event.capacity === null ? Infinity : event.capacity - placesTaken(db, event.id)
  const status = places <= free ? (pricing.amountCents > 0 ? 'held' : 'confirmed') : 'waitlisted'
  const values = {
    status,
    guests: input.guests,
    places,
    ticketTypeId: pricing.ticketTypeId,
    guestTicketTypeId: pricing.guestTicketTypeId,
    amountCents: pricing.amountCents,
    holdExpiresAt: status === 'held' ? new Date(now.getTime() + HOLD_MS) : null,
    waitlistedAt: status === 'waitlisted' ? now : null,
    checkoutSessionId: null,
    checkoutUrl: null,
    paymentReference: null,
    paidAt: null,
    refundReference: null,
    refundedAt: null,
    checkedInAt: null,
    checkedInBy: null,
    showName: input.showName ?? true,
    source: input.source ?? 'web',
    updatedAt: now,
  } as const
  const registration = existing
    ? tx.update(eventRegistrations).set(values).where(eq(eventRegistrations.id, existing.id)).returning().get()
    : prepared.insertRegistration.get(
        driverValues({ ...values, id: crypto.randomUUID(), eventId: event.id, userId: input.userId, ticketCode: newTicketCode(), createdAt: now }),
      )!
  const kind = status === 'confirmed' ? 'registered' : status === 'held' ? 'held' : 'waitlisted'
  const promoted = released.length > 0 ? promoteFromWaitlist(tx, db, event, now) : []
  return { ok: true, registration, already: false, outcome: record(tx, db, event.id, [...released, ...promoted, { registration, kind }], now, countersOf) }
}

function priceTickets(
  tx: Tx,
  event: EventRow,
  input: RegisterInput,
  who: { isMember: boolean; isStudent: boolean },
): { ok: true; ticketTypeId: number; guestTicketTypeId: number | null; amountCents: number } | { ok: false; error: RegisterError } {
  const types = ticketTypesOf(tx, event.id)
  const type = types.find((t) => t.id === input.ticketTypeId)
  if (!type) return { ok: false, error: 'ticketTypeRequired' }
  if (!eligible(type, who)) return { ok: false, error: 'ticketTypeNotAllowed' }
  const guestType = input.guests > 0 ? (types.find((t) => t.eligibility === 'guests') ?? type) : null
  const wanted = new Map<number, number>([[type.id, 1]])
  if (guestType) wanted.set(guestType.id, (wanted.get(guestType.id) ?? 0) + input.guests)
  for (const [typeId, count] of wanted) {
    const quota = types.find((t) => t.id === typeId)!.quota
    if (quota !== null && soldOf(tx, event.id, typeId) + count > quota) return { ok: false, error: 'ticketTypeFull' }
  }
  return {
    ok: true,
    ticketTypeId: type.id,
    guestTicketTypeId: guestType?.id ?? null,
    amountCents: type.priceCents + (guestType ? guestType.priceCents * input.guests : 0),
  }
}

export function eligible(type: Pick<TicketTypeRow, 'eligibility'>, who: { isMember: boolean; isStudent: boolean }): boolean {
  if (type.eligibility === 'guests') return false
  if (type.eligibility === 'members') return who.isMember
  if (type.eligibility === 'students') return who.isStudent
  return true
}

/** Places of one ticket type taken (held, confirmed, and waitlisted ones: they were promised a type). */
function soldOf(tx: Tx, eventId: number, typeId: number): number {
  const row = tx
    .select({
      n: sql<number>`coalesce(sum((case when ${eventRegistrations.ticketTypeId} = ${typeId} then 1 else 0 end) + (case when ${eventRegistrations.guestTicketTypeId} = ${typeId} then ${eventRegistrations.guests} else 0 end)), 0)`,
    })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, ['held', 'confirmed', 'waitlisted'])))
    .get()
  return row?.n ?? 0
}

export type CancelResult = { ok: true; registration: RegistrationRow; outcome: Outcome } | { ok: false; error: 'notRegistered' }

/**
 * Frees a registration's places and promotes the waitlist, in one transaction. Refunds are the
 * caller's business (event-tickets), made before this is called so that nothing is half done.
 */
export function cancelRegistration(ctx: AppContext, input: { eventId: number; userId: string; refundReference?: string | null }): CancelResult {
  const now = ctx.now()
  const db = ctx.db
  const result = ctx.db.transaction(
    (tx): CancelResult => {
      const event = tx.select().from(events).where(eq(events.id, input.eventId)).get()
      const current = tx
        .select()
        .from(eventRegistrations)
        .where(and(eq(eventRegistrations.eventId, input.eventId), eq(eventRegistrations.userId, input.userId)))
        .get()
      if (!event || !current || current.status === 'cancelled') return { ok: false, error: 'notRegistered' }
      const refund = input.refundReference ? { refundReference: input.refundReference, refundedAt: now } : {}
      const registration = tx
        .update(eventRegistrations)
        .set({ status: 'cancelled', holdExpiresAt: null, updatedAt: now, ...refund })
        .where(eq(eventRegistrations.id, current.id))
        .returning()
        .get()
      const changes: Change[] = [{ registration, kind: input.refundReference ? 'refunded' : 'cancelled' }]
      if (current.status !== 'waitlisted') changes.push(...promoteFromWaitlist(tx, db, event, now))
      return { ok: true, registration, outcome: record(tx, db, event.id, changes, now) }
    },
    { behavior: 'immediate' },
  )
  if (result.ok) publishOutcome(ctx, result.outcome)
  return result
}

/** After the organizer raised the capacity: the waitlist fills the new places. */
export function promoteWaitlist(ctx: AppContext, eventId: number): Outcome | null {
  const now = ctx.now()
  const db = ctx.db
  const outcome = ctx.db.transaction(
    (tx) => {
      const event = tx.select().from(events).where(eq(events.id, eventId)).get()
      const promoted = event ? promoteFromWaitlist(tx, db, event, now) : []
      return promoted.length > 0 ? record(tx, db, eventId, promoted, now) : null
    },
    { behavior: 'immediate' },
  )
  if (outcome) publishOutcome(ctx, outcome)
  return outcome
}

/** Every expired hold of every event (the background job, every few seconds). */
export function releaseAllExpiredHolds(ctx: AppContext): Outcome[] {
  const now = ctx.now()
  const db = ctx.db
  const eventIds = ctx.db
    .selectDistinct({ id: eventRegistrations.eventId })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.status, 'held'), lt(eventRegistrations.holdExpiresAt, now)))
    .all()
    .map((r) => r.id)
  const outcomes: Outcome[] = []
  for (const eventId of eventIds) {
    const outcome = ctx.db.transaction(
      (tx) => {
        const event = tx.select().from(events).where(eq(events.id, eventId)).get()!
        const released = releaseEventHoldsIn(tx, db, eventId, now)
        if (released.length === 0) return null
        return record(tx, db, eventId, [...released, ...promoteFromWaitlist(tx, db, event, now)], now)
      },
      { behavior: 'immediate' },
    )
    if (outcome) {
      publishOutcome(ctx, outcome)
      outcomes.push(outcome)
    }
  }
  return outcomes
}

/** A paid place: held → confirmed, once. Returns null when the row was not held any more. */
export function confirmPaidRegistration(tx: Tx, db: Db, registration: RegistrationRow, payment: { reference: string | null }, now: Date) {
  const event = tx.select().from(events).where(eq(events.id, registration.eventId)).get()!
  if (registration.status === 'held') {
    const next = tx
      .update(eventRegistrations)
      .set({ status: 'confirmed', holdExpiresAt: null, paidAt: now, paymentReference: payment.reference, updatedAt: now })
      .where(eq(eventRegistrations.id, registration.id))
      .returning()
      .get()
    return { registration: next, outcome: record(tx, db, event.id, [{ registration: next, kind: 'registered' }], now) }
  }
  // Paid after the hold ran out: take the place again if it is still free, else it must be refunded.
  const free = event.capacity === null ? Infinity : event.capacity - placesTaken(db, event.id)
  if (registration.status === 'cancelled' && event.status === 'published' && registration.places <= free) {
    const next = tx
      .update(eventRegistrations)
      .set({ status: 'confirmed', paidAt: now, paymentReference: payment.reference, updatedAt: now })
      .where(eq(eventRegistrations.id, registration.id))
      .returning()
      .get()
    return { registration: next, outcome: record(tx, db, event.id, [{ registration: next, kind: 'registered' }], now) }
  }
  tx.update(eventRegistrations)
    .set({ paidAt: now, paymentReference: payment.reference, updatedAt: now })
    .where(eq(eventRegistrations.id, registration.id))
    .run()
  return null
}

export type CheckInResult =
  | { ok: true; name: string; places: number; counters: EventCounters }
  | { ok: false; error: 'unknownCode' | 'notConfirmed' | 'alreadyCheckedIn'; name?: string; at?: Date }

/** The desk: a confirmed ticket enters once; the second scan is refused with the time of the first. */
export function checkIn(ctx: AppContext, input: { eventId: number; code: string; organizerId: string }): CheckInResult {
  const now = ctx.now()
  const db = ctx.db
  const code = normalizeTicketCode(input.code)
  const result = ctx.db.transaction(
    (tx) => {
      const row = tx
        .select({ registration: eventRegistrations, firstName: users.firstName, lastName: users.lastName })
        .from(eventRegistrations)
        .innerJoin(users, eq(users.id, eventRegistrations.userId))
        .where(and(eq(eventRegistrations.eventId, input.eventId), eq(eventRegistrations.ticketCode, code)))
        .get()
      if (!row) return { ok: false, error: 'unknownCode' } as const
      const name = `${row.firstName} ${row.lastName}`
      if (row.registration.status !== 'confirmed') return { ok: false, error: 'notConfirmed', name } as const
      if (row.registration.checkedInAt) return { ok: false, error: 'alreadyCheckedIn', name, at: row.registration.checkedInAt } as const
      const next = tx
        .update(eventRegistrations)
        .set({ checkedInAt: now, checkedInBy: input.organizerId, updatedAt: now })
        .where(eq(eventRegistrations.id, row.registration.id))
        .returning()
        .get()
      return { ok: true, name, places: next.places, outcome: record(tx, db, input.eventId, [{ registration: next, kind: 'checkedIn' }], now) } as const
    },
    { behavior: 'immediate' },
  )
  if (!result.ok) return result
  publishOutcome(ctx, result.outcome)
  return { ok: true, name: result.name, places: result.places, counters: result.outcome.counters }
}

/* ---------- Telling the world ---------- */

/** After commit: counters to everyone on the event page, the feed to its organizers. */
export function publishOutcome(ctx: AppContext, outcome: Outcome) {
  publishOutcomes(ctx, [outcome])
}

/**
 * The same for the outcomes of one commit (a batch of registrations): one message per event, with
 * the newest counters and every change in commit order.
 */
export function publishOutcomes(ctx: AppContext, outcomes: Outcome[]) {
  if (outcomes.length === 0) return
  const names = namesOf(ctx, [...new Set(outcomes.flatMap((o) => o.changes.map((c) => c.registration.userId)))])
  const at = ctx.now().toISOString()
  const byEvent = new Map<number, { counters: EventCounters; activity: ActivityItem[] }>()
  for (const outcome of outcomes) {
    const activity = outcome.changes.map((c, i) => ({
      id: outcome.activityIds[i]!,
      kind: c.kind,
      name: names.get(c.registration.userId) ?? '',
      places: c.registration.places,
      at,
    }))
    const current = byEvent.get(outcome.eventId)
    if (!current) byEvent.set(outcome.eventId, { counters: outcome.counters, activity })
    else {
      if (outcome.counters.version >= current.counters.version) current.counters = outcome.counters
      current.activity.push(...activity)
    }
  }
  for (const payload of byEvent.values()) ctx.bus.publish({ type: 'event:changed', payload })
  for (const outcome of outcomes)
    for (const change of outcome.changes) {
      if (change.kind === 'promoted' || change.kind === 'released') {
        ctx.bus.publish({
          type: `registration:${change.kind}`,
          room: rooms.user(change.registration.userId),
          payload: { registrationId: change.registration.id, eventId: outcome.eventId },
        })
      }
    }
}

function namesOf(ctx: AppContext, userIds: string[]) {
  if (userIds.length === 1) {
    const person = statements(ctx.db).person.get({ userId: userIds[0] })
    return new Map(person ? [[userIds[0], `${person.firstName} ${person.lastName}`]] : [])
  }
  const rows = ctx.db.select({ id: users.id, firstName: users.firstName, lastName: users.lastName }).from(users).where(inArray(users.id, userIds)).all()
  return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`]))
}

/* ---------- Reading ---------- */

export function registrationOf(ctx: AppContext, eventId: number, userId: string) {
  return statements(ctx.db).registration.get({ eventId, userId }) ?? null
}

export function registrationBySession(ctx: AppContext, sessionId: string) {
  return ctx.db.select().from(eventRegistrations).where(eq(eventRegistrations.checkoutSessionId, sessionId)).get() ?? null
}

/** Names shown on the event page: confirmed attendees who allow it, to logged-in members. */
/** Those who chose to appear, with whether the viewer may see their photo (the directory's rule). */
export function attendeeNames(ctx: AppContext, eventId: number, viewer: ProfileViewer, limit = 60) {
  const prepared = attendeeStatements(ctx.db)
  return (isPayingMember(viewer) ? prepared.namesForMember : prepared.namesWithoutPhotos).all({ eventId, viewerId: viewer.id, limit })
}

export function countShownAttendees(ctx: AppContext, eventId: number): number {
  return attendeeStatements(ctx.db).countShown.get({ eventId })?.n ?? 0
}

// The event page's attendees, on every visit: prepared once per connection. A viewer who does not
// pay sees no photo (`photoShownSql`'s rule), a paying one the directory's and their own.
const attendeeStatements = preparedOnce((db) => {
  const shown = and(
    eq(eventRegistrations.eventId, sql.placeholder('eventId')),
    eq(eventRegistrations.status, 'confirmed'),
    eq(eventRegistrations.showName, true),
  )
  const names = (role: 'member' | 'registered') =>
    db
      .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, photo: photoShownSql(users.id, { id: sql.placeholder('viewerId'), role }) })
      .from(eventRegistrations)
      .innerJoin(users, eq(users.id, eventRegistrations.userId))
      .where(shown)
      .orderBy(asc(users.lastName), asc(users.firstName))
      .limit(sql.placeholder('limit'))
      .prepare()
  return {
    namesForMember: names('member'),
    namesWithoutPhotos: names('registered'),
    countShown: db
      .select({ n: sql<number>`count(*)` })
      .from(eventRegistrations)
      .where(shown)
      .prepare(),
  }
})

/** The organizer's list (and CSV): everyone registered, held or waiting, with what they paid. */
export function attendeeList(ctx: AppContext, eventId: number, filter: { status?: RegistrationRow['status']; arrived?: boolean } = {}) {
  const where = [eq(eventRegistrations.eventId, eventId)]
  if (filter.status) where.push(eq(eventRegistrations.status, filter.status))
  if (filter.arrived !== undefined) where.push(filter.arrived ? isNotNull(eventRegistrations.checkedInAt) : sql`${eventRegistrations.checkedInAt} is null`)
  return (
    ctx.db
      // The avatar as any other member may see it (the directory's rule); organizers are members.
      .select({
        registration: eventRegistrations,
        firstName: users.firstName,
        lastName: users.lastName,
        email: users.email,
        photo: photoShownSql(users.id, null),
      })
      .from(eventRegistrations)
      .innerJoin(users, eq(users.id, eventRegistrations.userId))
      .where(and(...where))
      .orderBy(asc(users.lastName), asc(users.firstName))
      .all()
  )
}

export function recentActivity(ctx: AppContext, eventId: number, limit = 30): ActivityItem[] {
  return ctx.db
    .select({
      id: eventActivity.id,
      kind: eventActivity.kind,
      places: eventActivity.places,
      createdAt: eventActivity.createdAt,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(eventActivity)
    .leftJoin(users, eq(users.id, eventActivity.userId))
    .where(eq(eventActivity.eventId, eventId))
    .orderBy(sql`${eventActivity.id} desc`)
    .limit(limit)
    .all()
    .map((r) => ({ id: r.id, kind: r.kind, places: r.places, name: r.firstName ? `${r.firstName} ${r.lastName}` : '', at: r.createdAt.toISOString() }))
}

/** « Mes billets »: the viewer's registrations to events not over since more than a week. */
export function ticketsOf(ctx: AppContext, userId: string) {
  return ctx.db
    .select({
      registration: eventRegistrations,
      event: {
        id: events.id,
        title: events.title,
        startsAt: events.startsAt,
        timeZone: events.timeZone,
        city: events.city,
        venue: events.venue,
        online: events.online,
        status: events.status,
      },
    })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    .where(and(eq(eventRegistrations.userId, userId), inArray(eventRegistrations.status, ['held', 'confirmed', 'waitlisted'])))
    .orderBy(asc(events.startsAt))
    .all()
}
