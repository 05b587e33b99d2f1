import { sql } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'
import { groups } from './groups'

/**
 * An event of the association, or of one group (its moderators organize it). Times are instants
 * (UTC ms) shown in `timeZone`. `capacity` null means no limit; a place is a registrant or a guest.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    groupId: integer('group_id').references(() => groups.id, { onDelete: 'set null' }),
    organizerId: text('organizer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** Who may register: dues-paying members only, or any account (non-members invited). */
    audience: text('audience', { enum: ['members', 'everyone'] })
      .notNull()
      .default('members'),
    online: integer('online', { mode: 'boolean' }).notNull().default(false),
    venue: text('venue'),
    address: text('address'),
    city: text('city'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    /** Shown to registrants only. */
    onlineUrl: text('online_url'),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    timeZone: text('time_zone').notNull().default('Europe/Paris'),
    capacity: integer('capacity'),
    registrationDeadline: integer('registration_deadline', { mode: 'timestamp_ms' }),
    /** Paid tickets can be cancelled (and refunded) by the attendee until then. */
    cancellationDeadline: integer('cancellation_deadline', { mode: 'timestamp_ms' }),
    maxGuests: integer('max_guests').notNull().default(0),
    ticketing: integer('ticketing', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['published', 'cancelled'] })
      .notNull()
      .default('published'),
    /** The cover's stored name (a WebP under DATA_DIR/private/event-covers); new at each upload, so it versions its URL. */
    coverImage: text('cover_image'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('events_starts_idx').on(t.status, t.startsAt), index('events_group_idx').on(t.groupId)],
)

/** With ticketing on: what a place costs, for whom, and how many of them there are. */
export const eventTicketTypes = sqliteTable(
  'event_ticket_types',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    priceCents: integer('price_cents').notNull(),
    quota: integer('quota'),
    /** Who may pick it: anyone, dues-paying members, student members; `guests` prices the +N. */
    eligibility: text('eligibility', { enum: ['anyone', 'members', 'students', 'guests'] }).notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('event_ticket_types_event_idx').on(t.eventId)],
)

/**
 * One row per person and event (the unique index makes a second registration impossible).
 * `held`: a place kept while paying, until `holdExpiresAt`. `waitlisted` rows are promoted in
 * `waitlistedAt` order. `places` is the registrant plus guests; only held and confirmed count.
 */
export const eventRegistrations = sqliteTable(
  'event_registrations',
  {
    id: text('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['held', 'confirmed', 'waitlisted', 'cancelled'] }).notNull(),
    guests: integer('guests').notNull().default(0),
    places: integer('places').notNull(),
    ticketTypeId: integer('ticket_type_id').references(() => eventTicketTypes.id, { onDelete: 'set null' }),
    guestTicketTypeId: integer('guest_ticket_type_id').references(() => eventTicketTypes.id, { onDelete: 'set null' }),
    amountCents: integer('amount_cents').notNull().default(0),
    holdExpiresAt: integer('hold_expires_at', { mode: 'timestamp_ms' }),
    checkoutSessionId: text('checkout_session_id').unique(),
    checkoutUrl: text('checkout_url'),
    paymentReference: text('payment_reference'),
    paidAt: integer('paid_at', { mode: 'timestamp_ms' }),
    refundReference: text('refund_reference'),
    refundedAt: integer('refunded_at', { mode: 'timestamp_ms' }),
    /** What the QR code carries and what the desk types: unique, unguessable, easy to read aloud. */
    ticketCode: text('ticket_code').notNull().unique(),
    checkedInAt: integer('checked_in_at', { mode: 'timestamp_ms' }),
    checkedInBy: text('checked_in_by').references(() => users.id, { onDelete: 'set null' }),
    showName: integer('show_name', { mode: 'boolean' }).notNull().default(true),
    source: text('source', { enum: ['web', 'invitation'] })
      .notNull()
      .default('web'),
    waitlistedAt: integer('waitlisted_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('event_registrations_once').on(t.eventId, t.userId),
    index('event_registrations_status_idx').on(t.eventId, t.status),
    index('event_registrations_hold_idx').on(t.status, t.holdExpiresAt),
    index('event_registrations_user_idx').on(t.userId),
  ],
)

/** What happened, in order: the organizer's live feed, and the counters' version (its id). */
export const eventActivity = sqliteTable(
  'event_activity',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['registered', 'held', 'waitlisted', 'promoted', 'cancelled', 'released', 'checkedIn', 'refunded'] }).notNull(),
    places: integer('places').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('event_activity_event_idx').on(t.eventId, t.id)],
)

/** Members a webmaster allowed to organize association-wide events. */
export const eventOrganizers = sqliteTable('event_organizers', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  grantedBy: text('granted_by').references(() => users.id, { onDelete: 'set null' }),
  grantedAt: integer('granted_at', { mode: 'timestamp_ms' }).notNull(),
})

/** One sending of invitations to a segment, worked through in batches in the background. */
export const eventInvitationSends = sqliteTable(
  'event_invitation_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    segment: text('segment', { mode: 'json' }).$type<InvitationSegment>().notNull(),
    total: integer('total').notNull(),
    sent: integer('sent').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    status: text('status', { enum: ['running', 'done'] }).notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('event_invitation_sends_status_idx').on(t.status)],
)

export type InvitationSegment = { kind: 'members' } | { kind: 'promotions'; promotions: number[] } | { kind: 'group'; groupId: number } | { kind: 'everyone' }

/**
 * One invitation per person and event. The « Participer » link carries the id and an HMAC of
 * it: it cannot be forged, names its invitee, and serves once (`usedAt`).
 */
export const eventInvitations = sqliteTable(
  'event_invitations',
  {
    id: text('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sendId: integer('send_id').references(() => eventInvitationSends.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['queued', 'sent', 'failed'] }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('event_invitations_once').on(t.eventId, t.userId),
    index('event_invitations_queue_idx')
      .on(t.sendId, t.status)
      .where(sql`status = 'queued'`),
  ],
)

/** People who asked not to receive event invitations any more (the link in every invitation). */
export const invitationOptOuts = sqliteTable('invitation_opt_outs', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
})
