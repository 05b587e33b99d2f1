import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

// RGPD self-service (issue « RGPD en libre-service »): log-ins, exports, accesses to private
// documents, consents and their history, requests received outside the site, erasures.

/** Each successful log-in: when, from where (the person sees them in « Mes données »). */
export const loginEvents = sqliteTable(
  'login_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('login_events_user_idx').on(t.userId, t.at)],
)

/** An archive of a person's data (art. 15 and 20), prepared in the background, downloadable for 7 days. */
export const dataExports = sqliteTable(
  'data_exports',
  {
    /** Random: it names the download link. */
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** A webmaster running it for a request received by mail or post; null when the person asked. */
    requestedBy: text('requested_by').references(() => users.id, { onDelete: 'set null' }),
    requestId: integer('request_id').references(() => privacyRequests.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['pending', 'ready', 'failed'] })
      .notNull()
      .default('pending'),
    storedName: text('stored_name'),
    size: integer('size'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    readyAt: integer('ready_at', { mode: 'timestamp_ms' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('data_exports_user_idx').on(t.userId, t.createdAt), index('data_exports_status_idx').on(t.status)],
)

/** Someone opened another person's private document (a proof, a CV, a receipt, an export). */
export const documentAccesses = sqliteTable(
  'document_accesses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    subjectUserId: text('subject_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    document: text('document', { enum: ['proof', 'cv', 'receipt', 'export'] }).notNull(),
    /** Which one: the proof's, application's, payment's or export's id. */
    documentId: text('document_id').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('document_accesses_subject_idx').on(t.subjectUserId, t.at), index('document_accesses_at_idx').on(t.at)],
)

/** Every change of a consent, with where it was made: the consent centre shows the history. */
export const consentEvents = sqliteTable(
  'consent_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    consent: text('consent', { enum: ['directory', 'contact', 'invitations', 'jobAlerts', 'news'] }).notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    /** Where: `signup`, `profile`, `centre`, `unsubscribe`, `alerts`. */
    via: text('via').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('consent_events_user_idx').on(t.userId, t.consent, t.at)],
)

/** A request received by mail or post (access, erasure, rectification, objection), answered within a month. */
export const privacyRequests = sqliteTable(
  'privacy_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['access', 'erasure', 'rectification', 'objection'] }).notNull(),
    /** The account it concerns, when one matches. */
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    requesterName: text('requester_name').notNull(),
    requesterEmail: text('requester_email'),
    channel: text('channel', { enum: ['mail', 'post', 'other'] }).notNull(),
    details: text('details').notNull().default(''),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    /** Why the deadline was extended by two months (art. 12.3), once. */
    extensionReason: text('extension_reason'),
    status: text('status', { enum: ['open', 'done', 'refused'] })
      .notNull()
      .default('open'),
    outcome: text('outcome'),
    recordedBy: text('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    handledBy: text('handled_by').references(() => users.id, { onDelete: 'set null' }),
    handledAt: integer('handled_at', { mode: 'timestamp_ms' }),
    remindedAt: integer('reminded_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('privacy_requests_status_idx').on(t.status, t.dueAt)],
)

/** That an erasure happened, and what it touched (table → rows), never what was erased. */
export const erasures = sqliteTable('erasures', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  via: text('via', { enum: ['self', 'request'] }).notNull(),
  requestId: integer('request_id').references(() => privacyRequests.id, { onDelete: 'set null' }),
  actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
  /** The pseudonym kept accounting records now point to, if any. */
  pseudonymId: text('pseudonym_id'),
  /** JSON: `{ "messages": { "detach": 12 }, … }`. */
  summary: text('summary').notNull(),
})
