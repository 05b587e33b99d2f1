import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  lastName: text('last_name').notNull(),
  firstName: text('first_name').notNull(),
  /** Nom de naissance, when it differs from the last name: helps match the graduates' list (issue #17). */
  birthName: text('birth_name'),
  role: text('role', { enum: ['user', 'webmaster'] })
    .notNull()
    .default('user'),
  status: text('status', { enum: ['active', 'deactivated', 'erased'] })
    .notNull()
    .default('active'),
  locale: text('locale', { enum: ['fr', 'en'] })
    .notNull()
    .default('fr'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
  deactivatedAt: integer('deactivated_at', { mode: 'timestamp_ms' }),
})

/** lucia v3 session table; `expires_at` is in seconds, as the drizzle adapter expects. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** Dues paid for life; one row per member (issue « Cotiser » adds payments and proofs). */
export const memberships = sqliteTable('memberships', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['alumni', 'student'] }).notNull(),
  status: text('status', { enum: ['active', 'suspended'] })
    .notNull()
    .default('active'),
  activatedAt: integer('activated_at', { mode: 'timestamp_ms' }).notNull(),
})

/** Single-use tokens (password reset, email change); only a SHA-256 of the token is stored. */
export const accountTokens = sqliteTable(
  'account_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['password_reset', 'email_change'] }).notNull(),
    newEmail: text('new_email'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId, t.purpose)],
)

/** Sliding-window counters for throttling (log-in, reset requests), shared by every process. */
export const throttles = sqliteTable('throttles', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
})
