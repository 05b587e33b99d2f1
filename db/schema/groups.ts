import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

/** Groups by promotion, region, sector or interest. Promotion groups are made automatically. */
export const groups = sqliteTable(
  'groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    description: text('description').notNull(),
    kind: text('kind', { enum: ['promotion', 'region', 'sector', 'interest'] }).notNull(),
    visibility: text('visibility', { enum: ['public', 'private'] }).notNull(),
    status: text('status', { enum: ['active', 'proposed', 'rejected'] }).notNull(),
    promotion: integer('promotion'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('groups_promotion_unique').on(t.promotion), index('groups_status_idx').on(t.status, t.kind)],
)

/** Who belongs (or asked to): one row per member and group; moderators are members too. */
export const groupMembers = sqliteTable(
  'group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['member', 'moderator'] })
      .notNull()
      .default('member'),
    status: text('status', { enum: ['active', 'pending'] }).notNull(),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
    /** The last message id read in this group: unread counts are messages after it. */
    lastReadMessageId: integer('last_read_message_id').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_members_user_idx').on(t.userId, t.status)],
)

/**
 * A conversation: a forum thread (title and first post) in a group or in the association-wide
 * forum (`groupId` null), or a group's live chat channel (`kind` chat, one per group).
 */
export const threads = sqliteTable(
  'threads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: integer('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['thread', 'chat'] }).notNull(),
    title: text('title').notNull(),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastMessageAt: integer('last_message_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('threads_group_idx').on(t.groupId, t.lastMessageAt),
    uniqueIndex('threads_one_chat_per_group')
      .on(t.groupId)
      .where(sql`kind = 'chat'`),
  ],
)

/** Messages; the autoincrement id is the order and the cursor. A deletion keeps the row, empties the body. */
export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    groupId: integer('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
    deletedBy: text('deleted_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('messages_thread_idx').on(t.threadId, t.id), index('messages_group_idx').on(t.groupId, t.id)],
)

export const messageReports = sqliteTable(
  'message_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    reporterId: text('reporter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('message_reports_once').on(t.messageId, t.reporterId)],
)

/** In-site notifications (mentions for now). */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['mention'] }).notNull(),
    messageId: integer('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    threadId: integer('thread_id').references(() => threads.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt)],
)

/** At most one mention e-mail per member and thread per hour. */
export const mentionEmails = sqliteTable(
  'mention_emails',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.threadId] })],
)

/**
 * How far each member has read each forum thread: the thread opens at the first post after it,
 * and the thread lists mark what is new. Group chats keep theirs in `group_members`.
 */
export const threadReads = sqliteTable(
  'thread_reads',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    lastReadMessageId: integer('last_read_message_id').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.threadId] })],
)
