import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm'
import { type Db, preparedOnce } from '../../../db/client'
import { eventActivity, eventRegistrations, eventTicketTypes, events, groups, memberships, users } from '../../../db/schema'

/**
 * The registration path's reads, prepared once per connection: a burst of RSVPs runs them
 * thousands of times, and building and preparing the SQL each time cost more than running it.
 * Keyed by the database object, so each process (and each test database) has its own.
 */
export const statements = preparedOnce((db) => prepare(db))

const eventId = sql.placeholder('eventId')
const userId = sql.placeholder('userId')
const registrationId = sql.placeholder('registrationId')

/**
 * A placeholder named after each column, outside the column's encoder (drizzle's encoders do not
 * take null for a date): the statement is given driver values (`driverValues`).
 */
function placeholders<const K extends string>(columns: readonly K[]) {
  const values = {} as Record<K, SQL>
  for (const column of columns) values[column] = sql`${sql.placeholder(column)}`
  return values
}

/** What SQLite stores for each value: dates as milliseconds, booleans as 0 or 1. */
export function driverValues<T extends Record<string, unknown>>(values: T): Record<keyof T, string | number | null> {
  const stored = {} as Record<keyof T, string | number | null>
  for (const key of Object.keys(values) as (keyof T)[]) {
    const value = values[key]
    stored[key] = value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : (value as string | number | null)
  }
  return stored
}

function prepare(db: Db) {
  return {
    /** An event with its group's name and its organizer (pages, mails). */
    eventDetails: db
      .select({ event: events, groupName: groups.name, organizer: { id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email } })
      .from(events)
      .innerJoin(users, eq(users.id, events.organizerId))
      .leftJoin(groups, eq(groups.id, events.groupId))
      .where(eq(events.id, eventId))
      .prepare(),
    ticketTypes: db.select().from(eventTicketTypes).where(eq(eventTicketTypes.eventId, eventId)).orderBy(asc(eventTicketTypes.position)).prepare(),
    registrationWithUser: db
      .select({ registration: eventRegistrations, user: users })
      .from(eventRegistrations)
      .innerJoin(users, eq(users.id, eventRegistrations.userId))
      .where(eq(eventRegistrations.id, registrationId))
      .prepare(),
    event: db.select().from(events).where(eq(events.id, eventId)).prepare(),
    registration: db
      .select()
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.userId, userId)))
      .prepare(),
    /** Role, membership and name of one person, in one read. */
    person: db
      .select({
        role: users.role,
        status: users.status,
        firstName: users.firstName,
        lastName: users.lastName,
        membershipStatus: memberships.status,
        membershipKind: memberships.kind,
      })
      .from(users)
      .leftJoin(memberships, eq(memberships.userId, users.id))
      .where(eq(users.id, userId))
      .prepare(),
    /** Whether any hold of the event has run out (cheap, so the release runs only when needed). */
    anyExpiredHold: db
      .select({ id: eventRegistrations.id })
      .from(eventRegistrations)
      .where(
        and(
          eq(eventRegistrations.eventId, eventId),
          eq(eventRegistrations.status, 'held'),
          sql`${eventRegistrations.holdExpiresAt} < ${sql.placeholder('now')}`,
        ),
      )
      .limit(1)
      .prepare(),
    /** A new registration, every column given (registerIn): the burst's one write per person. */
    insertRegistration: db
      .insert(eventRegistrations)
      .values(
        placeholders([
          'id',
          'eventId',
          'userId',
          'ticketCode',
          'status',
          'guests',
          'places',
          'ticketTypeId',
          'guestTicketTypeId',
          'amountCents',
          'holdExpiresAt',
          'waitlistedAt',
          'checkoutSessionId',
          'checkoutUrl',
          'paymentReference',
          'paidAt',
          'refundReference',
          'refundedAt',
          'checkedInAt',
          'checkedInBy',
          'showName',
          'source',
          'createdAt',
          'updatedAt',
        ]),
      )
      .returning()
      .prepare(),
    insertActivity: db
      .insert(eventActivity)
      .values({ eventId, userId, kind: sql.placeholder('kind'), places: sql.placeholder('places'), createdAt: sql.placeholder('createdAt') })
      .prepare(),
    placesTaken: db
      .select({ n: sql<number>`coalesce(sum(${eventRegistrations.places}), 0)` })
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, ['held', 'confirmed'])))
      .prepare(),
    counters: db
      .select({
        confirmed: sql<number>`coalesce(sum(case when ${eventRegistrations.status} = 'confirmed' then ${eventRegistrations.places} end), 0)`,
        held: sql<number>`coalesce(sum(case when ${eventRegistrations.status} = 'held' then ${eventRegistrations.places} end), 0)`,
        waitlist: sql<number>`coalesce(sum(case when ${eventRegistrations.status} = 'waitlisted' then 1 end), 0)`,
        checkedIn: sql<number>`coalesce(sum(case when ${eventRegistrations.status} = 'confirmed' and ${eventRegistrations.checkedInAt} is not null then ${eventRegistrations.places} end), 0)`,
        capacity: sql<number | null>`(select ${events.capacity} from ${events} where ${events.id} = ${eventId})`,
        version: sql<number>`coalesce((select max(${eventActivity.id}) from ${eventActivity} where ${eventActivity.eventId} = ${eventId}), 0)`,
      })
      .from(eventRegistrations)
      .where(eq(eventRegistrations.eventId, eventId))
      .prepare(),
  }
}
