import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** The built-in outbox: every mail sent while no SMTP_URL is set. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('outbox_created_idx').on(t.createdAt)],
)
