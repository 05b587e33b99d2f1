import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

/**
 * Every payment of dues, whatever the channel: one row per checkout session (created only once the
 * payment provider answered), per offline payment. Receipt numbers are unique within a year.
 * A session completed by someone already a member is kept as `duplicate`, to be refunded.
 */
export const payments = sqliteTable(
  'payments',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    category: text('category', { enum: ['alumni', 'student'] }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull().default('EUR'),
    provider: text('provider', { enum: ['stripe', 'demo', 'offline'] }).notNull(),
    method: text('method', { enum: ['card', 'cheque', 'transfer', 'demo'] }).notNull(),
    checkoutSessionId: text('checkout_session_id').unique(),
    checkoutUrl: text('checkout_url'),
    status: text('status', { enum: ['pending', 'paid', 'duplicate'] }).notNull(),
    reference: text('reference'),
    receiptYear: integer('receipt_year'),
    receiptSeq: integer('receipt_seq'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    paidAt: integer('paid_at', { mode: 'timestamp_ms' }),
    recordedBy: text('recorded_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('payments_user_idx').on(t.userId), uniqueIndex('payments_receipt_number').on(t.receiptYear, t.receiptSeq)],
)

/** Stripe event ids already handled: a replayed or duplicated webhook changes nothing. */
export const webhookEvents = sqliteTable('webhook_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
})

/** A student's enrolment form (« fiche d'inscription »), stored outside anything served publicly. */
export const studentProofs = sqliteTable(
  'student_proofs',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    storedName: text('stored_name').notNull(),
    originalName: text('original_name').notNull(),
    mimeType: text('mime_type', { enum: ['application/pdf', 'image/jpeg', 'image/png'] }).notNull(),
    size: integer('size').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] })
      .notNull()
      .default('pending'),
    reason: text('reason'),
    uploadedAt: integer('uploaded_at', { mode: 'timestamp_ms' }).notNull(),
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
    reviewedBy: text('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('student_proofs_status_idx').on(t.status, t.uploadedAt), index('student_proofs_user_idx').on(t.userId)],
)

/** Who changed a membership, when, and what: kept for good. */
export const membershipAudit = sqliteTable(
  'membership_audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('membership_audit_user_idx').on(t.userId, t.createdAt)],
)
