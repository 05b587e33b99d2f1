import { and, asc, desc, eq, gte, inArray, isNotNull, lt, sql, type Placeholder, type SQL } from 'drizzle-orm'
import { type Db, preparedOnce } from '../../../db/client'
import { eventOrganizers, eventRegistrations, eventTicketTypes, events, groupMembers, groups, users } from '../../../db/schema'
import type { Viewer } from '~/features/accounts/accounts.server'
import type { AppContext } from '~/context.server'
import { statements } from '~/features/events/event-statements.server'
import { accessChanged } from '~/features/accounts/access.server'
import { canSeeProfile, photoShownSql } from '~/features/directory/profiles.server'
import { isPayingMember } from '~/shared/viewer'
import { coverVersion } from '~/features/events/schema'
import { notHeldSql, spendHeldEdit } from '~/features/moderation/holds.server'

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type EventRow = typeof events.$inferSelect
export type TicketTypeRow = typeof eventTicketTypes.$inferSelect

/* ---------- Who may organize what ---------- */

export function isEventOrganizer(ctx: AppContext, userId: string): boolean {
  return organizerStatements(ctx.db).isOrganizer.get({ userId }) !== undefined
}

/** The groups a member moderates: they organize events for those. */
export function moderatedGroups(ctx: AppContext, userId: string) {
  return organizerStatements(ctx.db).moderatedGroups.all({ userId })
}

// Asked by every event page (« can this viewer create or manage events? »): prepared once per connection.
const organizerStatements = preparedOnce((db) => ({
  isOrganizer: db
    .select({ id: eventOrganizers.userId })
    .from(eventOrganizers)
    .where(eq(eventOrganizers.userId, sql.placeholder('userId')))
    .prepare(),
  moderatedGroups: db
    .select({ id: groups.id, name: groups.name })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(
      and(
        eq(groupMembers.userId, sql.placeholder('userId')),
        eq(groupMembers.role, 'moderator'),
        eq(groupMembers.status, 'active'),
        eq(groups.status, 'active'),
      ),
    )
    .orderBy(asc(groups.name))
    .prepare(),
}))

/** What the viewer may create: association-wide events (webmasters, organizers) and/or their groups' events. */
export function organizerScope(ctx: AppContext, viewer: Viewer | null) {
  if (!isPayingMember(viewer)) return { associationWide: false, groups: [] as { id: number; name: string }[] }
  const associationWide = viewer.isWebmaster || isEventOrganizer(ctx, viewer.id)
  const groupList = viewer.isWebmaster
    ? ctx.db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.status, 'active')).orderBy(asc(groups.name)).all()
    : moderatedGroups(ctx, viewer.id)
  return { associationWide, groups: groupList }
}

export function canCreateEvents(ctx: AppContext, viewer: Viewer | null): boolean {
  const scope = organizerScope(ctx, viewer)
  return scope.associationWide || scope.groups.length > 0
}

/** Webmasters manage every event; the organizer theirs; a group's moderators their group's. */
export function canManageEvent(ctx: AppContext, viewer: Viewer | null, event: Pick<EventRow, 'organizerId' | 'groupId'>): boolean {
  if (!viewer) return false
  if (viewer.isWebmaster) return true
  if (viewer.role !== 'member') return false
  if (event.organizerId === viewer.id) return true
  if (event.groupId === null) return false
  const row = ctx.db
    .select({ role: groupMembers.role })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, event.groupId), eq(groupMembers.userId, viewer.id), eq(groupMembers.status, 'active')))
    .get()
  return row?.role === 'moderator'
}

export function setEventOrganizer(ctx: AppContext, input: { userId: string; grantedBy: string; allowed: boolean }) {
  if (input.allowed) {
    ctx.db.insert(eventOrganizers).values({ userId: input.userId, grantedBy: input.grantedBy, grantedAt: ctx.now() }).onConflictDoNothing().run()
  } else {
    ctx.db.delete(eventOrganizers).where(eq(eventOrganizers.userId, input.userId)).run()
  }
  accessChanged(ctx, input.userId)
}

/* ---------- Creating and editing ---------- */

export interface TicketTypeInput {
  name: string
  priceCents: number
  quota: number | null
  eligibility: TicketTypeRow['eligibility']
}

export interface EventInput {
  title: string
  description: string
  groupId: number | null
  audience: 'members' | 'everyone'
  online: boolean
  venue: string | null
  address: string | null
  city: string | null
  onlineUrl: string | null
  startsAt: Date
  endsAt: Date
  timeZone: string
  capacity: number | null
  registrationDeadline: Date | null
  cancellationDeadline: Date | null
  maxGuests: number
  ticketing: boolean
  ticketTypes: TicketTypeInput[]
}

export type SaveEventResult =
  | { ok: true; eventId: number }
  | { ok: false; field: string; error: 'unknownCity' | 'notAllowedGroup' | 'notAllowed' | 'capacityBelowRegistered' | 'heldEditUsed' }

function placeOf(ctx: AppContext, input: EventInput) {
  if (input.online || !input.city) return { ok: true as const, city: input.city, latitude: null, longitude: null }
  const place = ctx.gazetteer.lookup(input.city)
  if (!place) return { ok: false as const }
  return { ok: true as const, city: place.name, latitude: place.lat, longitude: place.lng }
}

function checkScope(ctx: AppContext, viewer: Viewer, groupId: number | null) {
  const scope = organizerScope(ctx, viewer)
  if (groupId === null) return scope.associationWide ? null : ('notAllowed' as const)
  return scope.groups.some((g) => g.id === groupId) ? null : ('notAllowedGroup' as const)
}

export function createEvent(ctx: AppContext, viewer: Viewer, input: EventInput): SaveEventResult {
  const scopeError = checkScope(ctx, viewer, input.groupId)
  if (scopeError) return { ok: false, field: 'groupId', error: scopeError }
  const place = placeOf(ctx, input)
  if (!place.ok) return { ok: false, field: 'city', error: 'unknownCity' }
  const now = ctx.now()
  const eventId = ctx.db.transaction((tx) => {
    const { ticketTypes, ...fields } = input
    const { id } = tx
      .insert(events)
      .values({ ...fields, ...place, organizerId: viewer.id, createdAt: now, updatedAt: now })
      .returning({ id: events.id })
      .get()
    if (input.ticketing) insertTicketTypes(tx, id, ticketTypes)
    return id
  })
  return { ok: true, eventId }
}

function insertTicketTypes(tx: Tx, eventId: number, ticketTypes: TicketTypeInput[]) {
  ticketTypes.forEach((type, position) =>
    tx
      .insert(eventTicketTypes)
      .values({ ...type, eventId, position })
      .run(),
  )
}

/**
 * Saves the organizer's changes. Ticket types are replaced only while nobody holds a ticket
 * (prices paid must stay what they were); the capacity never drops below the places taken.
 */
export function updateEvent(ctx: AppContext, viewer: Viewer, eventId: number, input: EventInput): SaveEventResult {
  const event = ctx.db.select().from(events).where(eq(events.id, eventId)).get()
  if (!event || !canManageEvent(ctx, viewer, event)) return { ok: false, field: 'form', error: 'notAllowed' }
  if (input.groupId !== event.groupId) {
    const scopeError = checkScope(ctx, viewer, input.groupId)
    if (scopeError) return { ok: false, field: 'groupId', error: scopeError }
  }
  const place = placeOf(ctx, input)
  if (!place.ok) return { ok: false, field: 'city', error: 'unknownCity' }
  const now = ctx.now()
  return ctx.db.transaction(
    (tx) => {
      const taken = placesTaken(ctx.db, eventId)
      if (input.capacity !== null && input.capacity < taken) return { ok: false, field: 'capacity', error: 'capacityBelowRegistered' } as const
      // Held for review after reports: its organizers edit it once (the hold stays); a webmaster reviewing it is not counted.
      if (!viewer.isWebmaster && !spendHeldEdit(ctx, 'event', eventId, tx).ok) return { ok: false, field: 'form', error: 'heldEditUsed' } as const
      const { ticketTypes, ...fields } = input
      tx.update(events)
        .set({ ...fields, ...place, updatedAt: now })
        .where(eq(events.id, eventId))
        .run()
      const sold =
        tx
          .select({ n: sql<number>`count(*)` })
          .from(eventRegistrations)
          .where(and(eq(eventRegistrations.eventId, eventId), isNotNull(eventRegistrations.ticketTypeId)))
          .get()?.n ?? 0
      if (sold === 0) {
        tx.delete(eventTicketTypes).where(eq(eventTicketTypes.eventId, eventId)).run()
        if (input.ticketing) insertTicketTypes(tx, eventId, ticketTypes)
      }
      return { ok: true, eventId } as const
    },
    { behavior: 'immediate' },
  )
}

/**
 * Places held or confirmed: what counts against the capacity. `db` is the top-level handle: its
 * prepared read runs on the same connection, so inside a transaction it sees that transaction's writes.
 */
export function placesTaken(db: Db, eventId: number): number {
  return statements(db).placesTaken.get({ eventId })?.n ?? 0
}

/** The form of a new event, prefilled from an existing one (« Dupliquer »), dates left for the organizer. */
export function eventAsInput(ctx: AppContext, eventId: number): (EventInput & Pick<EventRow, 'id' | 'organizerId'>) | null {
  const event = ctx.db.select().from(events).where(eq(events.id, eventId)).get()
  if (!event) return null
  const ticketTypes = ticketTypesOf(ctx.db, eventId).map(({ name, priceCents, quota, eligibility }) => ({ name, priceCents, quota, eligibility }))
  return { ...event, ticketTypes }
}

export function ticketTypesOf(db: Tx | Db, eventId: number): TicketTypeRow[] {
  return db.select().from(eventTicketTypes).where(eq(eventTicketTypes.eventId, eventId)).orderBy(asc(eventTicketTypes.position)).all()
}

/* ---------- Reading ---------- */

export interface EventFilters {
  when: 'upcoming' | 'past'
  month?: string
  city?: string
  online?: boolean
  paid?: boolean
  groupId?: number
  page: number
}

export const EVENTS_PER_PAGE = 12

export function listEvents(ctx: AppContext, filters: EventFilters) {
  const now = ctx.now().getTime()
  const shape: ListShape = {
    when: filters.when,
    month: !!filters.month,
    city: !!filters.city,
    online: filters.online !== undefined,
    paid: filters.paid,
    group: !!filters.groupId,
  }
  const values: Record<string, string | number> = { now, offset: (filters.page - 1) * EVENTS_PER_PAGE }
  if (filters.month) {
    const [year, month] = filters.month.split('-').map(Number)
    values.monthStart = Date.UTC(year, month - 1, 1) - 2 * 3600_000
    values.monthEnd = Date.UTC(year, month, 1)
  }
  if (filters.city) values.city = filters.city
  if (filters.online !== undefined) values.online = Number(filters.online)
  if (filters.groupId) values.groupId = filters.groupId
  const statement = listStatement(ctx.db, shape)
  const total = statement.total.get(values)?.n ?? 0
  return { total, events: toCards(ctx, statement.rows.all(values)) }
}

/** Which filters a list has (each combination is its own SQL): their values are placeholders. */
interface ListShape {
  when: EventFilters['when']
  month: boolean
  city: boolean
  online: boolean
  paid: boolean | undefined
  group: boolean
}

// The list page's count and page, prepared once per connection for each combination of filters
// asked (at most 96; the page without filters is nearly every visit).
const listStatements = preparedOnce(() => new Map<string, ReturnType<typeof prepareList>>())

function listStatement(db: Db, shape: ListShape) {
  const key = JSON.stringify(shape)
  const statements = listStatements(db)
  let prepared = statements.get(key)
  if (!prepared) statements.set(key, (prepared = prepareList(db, shape)))
  return prepared
}

function prepareList(db: Db, shape: ListShape) {
  const now = sql.placeholder('now')
  const where: SQL[] = [shape.when === 'upcoming' ? gte(events.endsAt, now) : lt(events.endsAt, now)]
  if (shape.when === 'upcoming') where.push(eq(events.status, 'published'))
  // Held for review after reports: not listed (its page shows it to its organizers only).
  where.push(notHeldSql('event', events.id))
  if (shape.month) where.push(gte(events.startsAt, sql.placeholder('monthStart')), lt(events.startsAt, sql.placeholder('monthEnd')))
  if (shape.city) where.push(eq(events.city, sql.placeholder('city')))
  if (shape.online) where.push(eq(events.online, sql.placeholder('online')))
  if (shape.paid !== undefined) {
    const paid = sql`exists (select 1 from ${eventTicketTypes} where ${eventTicketTypes.eventId} = ${events.id} and ${eventTicketTypes.priceCents} > 0)`
    where.push(shape.paid ? and(eq(events.ticketing, true), paid)! : sql`not (${events.ticketing} = 1 and ${paid})`)
  }
  if (shape.group) where.push(eq(events.groupId, sql.placeholder('groupId')))
  const condition = and(...where)
  return {
    total: db
      .select({ n: sql<number>`count(*)` })
      .from(events)
      .where(condition)
      .prepare(),
    rows: db
      .select({ event: events, groupName: groups.name })
      .from(events)
      .leftJoin(groups, eq(groups.id, events.groupId))
      .where(condition)
      .orderBy(shape.when === 'upcoming' ? asc(events.startsAt) : desc(events.startsAt))
      .limit(EVENTS_PER_PAGE)
      .offset(sql.placeholder('offset'))
      .prepare(),
  }
}

/** What an event card shows, for rows read with their group's name: two more reads for all of them. */
function toCards(ctx: AppContext, rows: { event: EventRow; groupName: string | null }[]) {
  const ids = rows.map((r) => r.event.id)
  const taken = placesByEvent(ctx, ids)
  const prices = priceRanges(ctx, ids)
  return rows.map(({ event, groupName }) => ({
    ...summaryOf(event),
    groupName,
    placesLeft: event.capacity === null ? null : Math.max(0, event.capacity - (taken.get(event.id) ?? 0)),
    price: event.ticketing ? (prices.get(event.id) ?? null) : null,
  }))
}

// Held for review after reports: not on the home page's agenda, counts or « my next events » either.
const upcomingCondition = (now: Date | Placeholder) => and(eq(events.status, 'published'), gte(events.endsAt, now), notHeldSql('event', events.id))

/** The home page's agenda for visitors: the next events open to any account (never members-only ones). */
export function upcomingPublicEvents(ctx: AppContext, limit = 3) {
  const rows = ctx.db
    .select({ event: events, groupName: groups.name })
    .from(events)
    .leftJoin(groups, eq(groups.id, events.groupId))
    .where(and(upcomingCondition(ctx.now()), eq(events.audience, 'everyone')))
    .orderBy(asc(events.startsAt))
    .limit(limit)
    .all()
  return toCards(ctx, rows)
}

export function upcomingEventCount(ctx: AppContext): number {
  return (
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(events)
      .where(upcomingCondition(ctx.now()))
      .get()?.n ?? 0
  )
}

/** The viewer's next events (registered, paying or waiting), soonest first, with where they stand. */
export function myUpcomingEvents(ctx: AppContext, userId: string, limit = 3) {
  const rows = cardStatements(ctx.db).mine.all({ userId, now: ctx.now().getTime(), limit })
  const cards = toCards(ctx, rows)
  return cards.map((card, i) => ({ ...card, registration: rows[i]!.status as 'confirmed' | 'held' | 'waitlisted' }))
}

function summaryOf(event: EventRow) {
  const { id, title, startsAt, endsAt, timeZone, online, venue, city, latitude, longitude, capacity, status } = event
  return { id, title, startsAt, endsAt, timeZone, online, venue, city, latitude, longitude, capacity, status, cover: coverVersion(event.coverImage) }
}

// The cards' reads (the home page's on every visit): prepared once per connection. A page's ids go
// in as one JSON array (`json_each`), so one statement serves any number of cards.
const cardStatements = preparedOnce((db) => {
  const ids = sql`(select value from json_each(${sql.placeholder('ids')}))`
  return {
    mine: db
      .select({ event: events, groupName: groups.name, status: eventRegistrations.status })
      .from(eventRegistrations)
      .innerJoin(events, eq(events.id, eventRegistrations.eventId))
      .leftJoin(groups, eq(groups.id, events.groupId))
      .where(
        and(
          eq(eventRegistrations.userId, sql.placeholder('userId')),
          inArray(eventRegistrations.status, ['confirmed', 'held', 'waitlisted']),
          upcomingCondition(sql.placeholder('now')),
        ),
      )
      .orderBy(asc(events.startsAt))
      .limit(sql.placeholder('limit'))
      .prepare(),
    placesTaken: db
      .select({ eventId: eventRegistrations.eventId, n: sql<number>`sum(${eventRegistrations.places})` })
      .from(eventRegistrations)
      .where(and(sql`${eventRegistrations.eventId} in ${ids}`, inArray(eventRegistrations.status, ['held', 'confirmed'])))
      .groupBy(eventRegistrations.eventId)
      .prepare(),
    priceRanges: db
      .select({
        eventId: eventTicketTypes.eventId,
        min: sql<number>`min(${eventTicketTypes.priceCents})`,
        max: sql<number>`max(${eventTicketTypes.priceCents})`,
      })
      .from(eventTicketTypes)
      .where(sql`${eventTicketTypes.eventId} in ${ids}`)
      .groupBy(eventTicketTypes.eventId)
      .prepare(),
  }
})

function placesByEvent(ctx: AppContext, ids: number[]) {
  if (ids.length === 0) return new Map<number, number>()
  const rows = cardStatements(ctx.db).placesTaken.all({ ids: JSON.stringify(ids) })
  return new Map(rows.map((r) => [r.eventId, r.n]))
}

function priceRanges(ctx: AppContext, ids: number[]) {
  if (ids.length === 0) return new Map<number, { min: number; max: number }>()
  const rows = cardStatements(ctx.db).priceRanges.all({ ids: JSON.stringify(ids) })
  return new Map(rows.map((r) => [r.eventId, { min: r.min, max: r.max }]))
}

/** Upcoming places for the map, and the filter choices (cities and groups with events). */
export function eventFacets(ctx: AppContext) {
  const prepared = facetStatements(ctx.db)
  const now = ctx.now().getTime()
  const cities = prepared.cities.all({ now })
  const groupRows = prepared.groups.all()
  const points = prepared.points.all({ now })
  return { cities: cities.map((c) => c.city!), groups: groupRows, points }
}

// The list page's map and filter choices, on every visit: prepared once per connection.
const facetStatements = preparedOnce((db) => {
  const upcoming = upcomingCondition(sql.placeholder('now'))
  return {
    cities: db
      .selectDistinct({ city: events.city })
      .from(events)
      .where(and(upcoming, isNotNull(events.city), eq(events.online, false)))
      .orderBy(asc(events.city))
      .prepare(),
    groups: db
      .selectDistinct({ id: groups.id, name: groups.name })
      .from(events)
      .innerJoin(groups, eq(groups.id, events.groupId))
      .orderBy(asc(groups.name))
      .prepare(),
    points: db
      .select({
        id: events.id,
        title: events.title,
        startsAt: events.startsAt,
        timeZone: events.timeZone,
        city: events.city,
        latitude: events.latitude,
        longitude: events.longitude,
      })
      .from(events)
      .where(and(upcoming, isNotNull(events.latitude)))
      .orderBy(asc(events.startsAt))
      .limit(500)
      .prepare(),
  }
})

export function eventById(ctx: AppContext, eventId: number) {
  const prepared = statements(ctx.db)
  const row = prepared.eventDetails.get({ eventId })
  if (!row) return null
  return { ...row, ticketTypes: prepared.ticketTypes.all({ eventId }) }
}
export type EventDetails = NonNullable<ReturnType<typeof eventById>>

/** The last moment to register: the organizer's deadline, else the start. */
export function registrationClosesAt(event: Pick<EventRow, 'registrationDeadline' | 'startsAt'>): Date {
  return event.registrationDeadline ?? event.startsAt
}

/** Paid tickets may be cancelled by the attendee until then: the organizer's deadline, else the start. */
export function cancellationClosesAt(event: Pick<EventRow, 'cancellationDeadline' | 'startsAt'>): Date {
  return event.cancellationDeadline ?? event.startsAt
}

/** Events the viewer manages, for « Mes événements ». */
export function managedEvents(ctx: AppContext, viewer: Viewer) {
  const groupIds = moderatedGroups(ctx, viewer.id).map((g) => g.id)
  const mine = viewer.isWebmaster
    ? undefined
    : groupIds.length > 0
      ? sql`(${events.organizerId} = ${viewer.id} or ${inArray(events.groupId, groupIds)})`
      : eq(events.organizerId, viewer.id)
  return ctx.db
    .select({ id: events.id, title: events.title, startsAt: events.startsAt, timeZone: events.timeZone, status: events.status })
    .from(events)
    .where(and(mine, gte(events.endsAt, new Date(ctx.now().getTime() - 30 * 86400_000))))
    .orderBy(asc(events.startsAt))
    .limit(50)
    .all()
}

/**
 * The organizer's address is their account's, a member's private data: it is shown to whoever may
 * see their profile (`canSeeProfile`) and to the event's managers. Everyone else — visitors and
 * non-members, on a members-only event or a public one — gets the association's address instead.
 */
export function organizerEmailFor(ctx: AppContext, viewer: Viewer | null, details: Pick<EventDetails, 'event' | 'organizer'>): string {
  const { email, id } = details.organizer
  if (email === ctx.config.ASSOCIATION_EMAIL || canSeeProfile(ctx, viewer, id) || canManageEvent(ctx, viewer, details.event)) return email
  return ctx.config.ASSOCIATION_EMAIL
}

/** Whether the organizer's avatar may be their photo for this viewer (visitors never see photos). */
export function organizerPhotoShown(ctx: AppContext, viewer: Viewer | null, organizerId: string): boolean {
  if (!viewer) return false
  const prepared = organizerPhotoStatements(ctx.db)[isPayingMember(viewer) ? 'member' : 'registered']
  return prepared.get({ viewerId: viewer.id, organizerId })?.shown ?? false
}

// On every event page: prepared once per connection for a viewer who pays (the directory's rule and
// their own photo) and one who does not (no photo, `photoShownSql`'s rule).
const organizerPhotoStatements = preparedOnce((db) => {
  const shown = (role: 'member' | 'registered') =>
    db
      .select({ shown: photoShownSql(users.id, { id: sql.placeholder('viewerId'), role }) })
      .from(users)
      .where(eq(users.id, sql.placeholder('organizerId')))
      .prepare()
  return { member: shown('member'), registered: shown('registered') }
})
