import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

// Moderation (issue « Signalements, décisions motivées, désactivation et recours »): the terms of
// use and their acceptances, reports, the decisions with their statement of reasons, restrictions,
// content held for review, appeals, the contact form and the audit log.

/** The terms of use (« Conditions d'utilisation »), one row per published version; never edited. */
export const termsVersions = sqliteTable('terms_versions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** 1, 2, 3… as members read it (« version 3 »). */
  version: integer('version').notNull().unique(),
  /** The safe Markdown subset; clauses are numbered headings (« ## 4. Respect des membres »). */
  body: text('body').notNull(),
  /** What changed since the previous version, shown to members asked to accept it. */
  summary: text('summary').notNull(),
  effectiveAt: integer('effective_at', { mode: 'timestamp_ms' }).notNull(),
  publishedBy: text('published_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
})

export const termsAcceptances = sqliteTable(
  'terms_acceptances',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    versionId: integer('version_id')
      .notNull()
      .references(() => termsVersions.id, { onDelete: 'restrict' }),
    /** Where it was given: the sign-up form, Cotiser, or the page asking after a new version. */
    via: text('via', { enum: ['signup', 'dues', 'prompt'] }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.versionId] })],
)

export const REPORT_TARGETS = ['member', 'message', 'offer', 'event', 'group'] as const
export const REPORT_REASONS = ['harassment', 'spam', 'false_identity', 'offensive', 'terms', 'other'] as const
export const DECISION_ACTIONS = ['dismiss', 'warn', 'remove', 'restrict', 'deactivate', 'reactivate'] as const

export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reporterId: text('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    targetKind: text('target_kind', { enum: REPORT_TARGETS }).notNull(),
    /** The member's id, or the message, offer, event or group id as text. */
    targetId: text('target_id').notNull(),
    /** The person the report is about: the member, or the content's author (null for a group). */
    subjectUserId: text('subject_user_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason', { enum: REPORT_REASONS }).notNull(),
    /** The clause of the terms cited (« 4.2 »), when the reason is a breach of the terms. */
    clause: text('clause'),
    text: text('text').notNull(),
    /** The reporter's weight when they reported: 1 for a paying member, 0.5 for a new or unpaid account. */
    weight: real('weight').notNull(),
    /** The reported content as it was (JSON: title, text, author…), kept if it is edited or deleted. */
    snapshot: text('snapshot').notNull(),
    status: text('status', { enum: ['open', 'dismissed', 'actioned'] })
      .notNull()
      .default('open'),
    decisionId: integer('decision_id').references(() => decisions.id, { onDelete: 'set null' }),
    /** When the webmasters were mailed about it, unhandled after 48 h. */
    remindedAt: integer('reminded_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    handledAt: integer('handled_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    // One open report per reporter and target.
    uniqueIndex('reports_open_once')
      .on(t.reporterId, t.targetKind, t.targetId)
      .where(sql`status = 'open'`),
    index('reports_target_idx').on(t.targetKind, t.targetId, t.status),
    index('reports_subject_idx').on(t.subjectUserId, t.createdAt),
    index('reports_reporter_idx').on(t.reporterId, t.createdAt),
  ],
)

/** A webmaster's decision and its statement of reasons, mailed to the person concerned. */
export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    targetKind: text('target_kind', { enum: REPORT_TARGETS }).notNull(),
    targetId: text('target_id').notNull(),
    subjectUserId: text('subject_user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action', { enum: DECISION_ACTIONS }).notNull(),
    /** The statement of reasons: the facts, the clause, and for a restriction its duration. */
    facts: text('facts').notNull(),
    clause: text('clause'),
    durationDays: integer('duration_days'),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }),
    decidedBy: text('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }).notNull(),
    /** SHA-256 of the signed link « Contester la décision » (`/recours/:token`). */
    appealTokenHash: text('appeal_token_hash').unique(),
  },
  (t) => [index('decisions_subject_idx').on(t.subjectUserId, t.decidedAt), index('decisions_target_idx').on(t.targetKind, t.targetId)],
)

/** A member restricted (cannot post, contact or register): by the report threshold, or for N days by a decision. */
export const restrictions = sqliteTable(
  'restrictions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    source: text('source', { enum: ['threshold', 'decision'] }).notNull(),
    decisionId: integer('decision_id').references(() => decisions.id, { onDelete: 'set null' }),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    /** Null: until a webmaster decides (the threshold's restriction). */
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }),
    liftedAt: integer('lifted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('restrictions_user_idx').on(t.userId, t.liftedAt)],
)

/** Content hidden pending review, because reports reached the threshold; its author may edit it once. */
export const contentHolds = sqliteTable(
  'content_holds',
  {
    targetKind: text('target_kind', { enum: ['message', 'offer', 'event', 'group'] }).notNull(),
    targetId: text('target_id').notNull(),
    heldAt: integer('held_at', { mode: 'timestamp_ms' }).notNull(),
    authorEditedAt: integer('author_edited_at', { mode: 'timestamp_ms' }),
    releasedAt: integer('released_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.targetKind, t.targetId] })],
)

/** One appeal per decision, within 20 days, answered by another webmaster when there is one. */
export const appeals = sqliteTable('appeals', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  decisionId: integer('decision_id')
    .notNull()
    .unique()
    .references(() => decisions.id, { onDelete: 'cascade' }),
  text: text('text').notNull(),
  assignedTo: text('assigned_to').references(() => users.id, { onDelete: 'set null' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  outcome: text('outcome', { enum: ['upheld', 'reversed'] }),
  answer: text('answer'),
  answeredBy: text('answered_by').references(() => users.id, { onDelete: 'set null' }),
  answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
})

/** Messages sent through `/contact`, kept in the admin area as well as mailed. */
export const contactMessages = sqliteTable(
  'contact_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    ip: text('ip').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    handledAt: integer('handled_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('contact_messages_created_idx').on(t.createdAt)],
)

/** Who did what to whom, when: every moderation step (reports' outcomes, decisions, appeals, terms). */
export const moderationLog = sqliteTable(
  'moderation_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetKind: text('target_kind'),
    targetId: text('target_id'),
    subjectUserId: text('subject_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** JSON: the decision's id, the duration, the threshold's weight… never a report's private text. */
    detail: text('detail').notNull().default('{}'),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('moderation_log_at_idx').on(t.at), index('moderation_log_subject_idx').on(t.subjectUserId, t.at)],
)
