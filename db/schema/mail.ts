import { sql } from 'drizzle-orm'
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/**
 * The durable mail queue (a transactional outbox): every mail is a row written in the same
 * transaction as the change it reports, then delivered by one sender that claims due rows. With
 * SMTP_URL the sender hands it to SMTP; without, it is kept here and read at /admin/emails.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    replyTo: text('reply_to'),
    /** JSON object of extra headers (List-Unsubscribe…). */
    headers: text('headers'),
    /** A mail still to be composed by the template named `kind`: its parameters (JSON). */
    params: text('params'),
    /** What the mail is, for filters: `account.reset`, `events.ticket`… */
    kind: text('kind').notNull().default('mail'),
    /** A bulk send's recipient key (`invitation:12:u_abc`): the same mail is never queued twice. */
    dedupeKey: text('dedupe_key'),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** When the sender may next try it (queued rows; 0 is at once). */
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`0`),
    /** A claim: the sender that took the row, until when (a crashed sender's claim expires). */
    claimedBy: text('claimed_by'),
    claimedUntil: integer('claimed_until', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
    /** `smtp` once handed to the SMTP server, `outbox` when kept here (no SMTP_URL). */
    deliveredVia: text('delivered_via', { enum: ['smtp', 'outbox'] }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('outbox_created_idx').on(t.createdAt), index('outbox_due_idx').on(t.status, t.nextAttemptAt), uniqueIndex('outbox_dedupe_idx').on(t.dedupeKey)],
)

/** A queued mail's attachments (QR code, .ics, receipt, CV), kept with it until it is delivered. */
export const outboxAttachments = sqliteTable(
  'outbox_attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mailId: integer('mail_id')
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type'),
    cid: text('cid'),
    content: blob('content', { mode: 'buffer' }).notNull(),
  },
  (t) => [index('outbox_attachments_mail_idx').on(t.mailId)],
)

/**
 * Claims for scheduled work shared by several processes: the first process to insert a job's slot
 * (`backup`, `2026-12-02`) runs it, the others see the row and skip.
 */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    job: text('job').notNull(),
    slot: text('slot').notNull(),
    claimedBy: text('claimed_by').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    /** `ok`, or the error's message. */
    outcome: text('outcome'),
  },
  (t) => [primaryKey({ columns: [t.job, t.slot] })],
)
