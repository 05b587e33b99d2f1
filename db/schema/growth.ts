import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

// Growing the network (issue #17): the school's list of graduates (« fichier des diplômés »),
// accounts claiming their row, members recommending the network to their promotion, the
// association's letters to its members, and webmasters' corrections of a member's identity.

/**
 * A graduate as the school's list knows them. Not an account: shown nowhere public, never in
 * search. `matchKey` is the normalised « last|first|promotion » (accents, hyphens and case
 * forgiven) an account's legal name and promotion are matched on.
 */
export const graduates = sqliteTable(
  'graduates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    lastName: text('last_name').notNull(),
    firstName: text('first_name').notNull(),
    /** Nom de naissance, when the list gives one (a married name in `lastName`). */
    birthName: text('birth_name'),
    promotion: integer('promotion').notNull(),
    /** Lower-cased; optional in the list. */
    email: text('email'),
    /** The school's own identifier, when the list gives one: the key a re-import updates by. */
    schoolId: text('school_id'),
    matchKey: text('match_key').notNull(),
    /** The same with the birth name, when there is one. */
    birthMatchKey: text('birth_match_key'),
    /** The account that claimed this row (unique: one row, one account). */
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }),
    /** The import that created or last changed the row. */
    importId: integer('import_id').references(() => rosterImports.id, { onDelete: 'set null' }),
    /** When the invitation to activate an account was last queued to its address. */
    activationInvitedAt: integer('activation_invited_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('graduates_school_id_unique').on(t.schoolId),
    uniqueIndex('graduates_user_unique').on(t.userId),
    index('graduates_match_idx').on(t.matchKey),
    index('graduates_birth_match_idx').on(t.birthMatchKey),
    index('graduates_promotion_idx').on(t.promotion),
    index('graduates_email_idx').on(t.email),
  ],
)

/** A graduate's diplomas, as the list gives them (several per person). */
export const graduateDiplomas = sqliteTable(
  'graduate_diplomas',
  {
    graduateId: integer('graduate_id')
      .notNull()
      .references(() => graduates.id, { onDelete: 'cascade' }),
    diploma: text('diploma').notNull(),
  },
  (t) => [primaryKey({ columns: [t.graduateId, t.diploma] })],
)

/** One applied import of the list: what file, by whom, what it did. */
export const rosterImports = sqliteTable('roster_imports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  filename: text('filename').notNull(),
  /** SHA-256 of the file's bytes. */
  sha256: text('sha256').notNull(),
  rows: integer('rows').notNull(),
  /** JSON: `{ "new": 12, "update": 3, "unchanged": 1480, "error": 2 }`. */
  counts: text('counts').notNull(),
  importedBy: text('imported_by').references(() => users.id, { onDelete: 'set null' }),
  importedAt: integer('imported_at', { mode: 'timestamp_ms' }).notNull(),
})

/**
 * An account whose name and promotion match several roster rows (or a row another account
 * claimed): the webmasters' review queue, candidates side by side.
 */
export const rosterClaims = sqliteTable(
  'roster_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** JSON array of graduate ids. */
    candidateIds: text('candidate_ids').notNull(),
    status: text('status', { enum: ['open', 'linked', 'dismissed'] })
      .notNull()
      .default('open'),
    /** The row the webmaster linked. */
    graduateId: integer('graduate_id').references(() => graduates.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    decidedBy: text('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('roster_claims_status_idx').on(t.status, t.createdAt), index('roster_claims_user_idx').on(t.userId)],
)

/** A member's diplomas (the profile's `diploma` stays the first): from the roster or their own. */
export const profileDiplomas = sqliteTable(
  'profile_diplomas',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    diploma: text('diploma').notNull(),
    source: text('source', { enum: ['roster', 'member'] }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.diploma] })],
)

/**
 * Addresses that asked never to be written to again by the network's invitations (activation
 * invitations, recommendations, letters to people without an account). Lower-cased.
 */
export const addressOptOuts = sqliteTable('address_opt_outs', {
  email: text('email').primaryKey(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
})

/** A batch of invitations to activate, sent to roster rows with an address. */
export const activationSends = sqliteTable('activation_sends', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** JSON: which rows (`{ "promotions": [2010, 2011] }`, or `{}` for all). */
  segment: text('segment').notNull(),
  total: integer('total').notNull(),
  queued: integer('queued').notNull().default(0),
  status: text('status', { enum: ['sending', 'done'] })
    .notNull()
    .default('sending'),
  createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
})

/** « Recommander ma promotion »: a member invites a classmate, who gets a personal link. */
export const referralInvitations = sqliteTable(
  'referral_invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    referrerId: text('referrer_id').references(() => users.id, { onDelete: 'set null' }),
    /** The roster row invited, when chosen from the list (its address is never shown). */
    graduateId: integer('graduate_id').references(() => graduates.id, { onDelete: 'set null' }),
    /** Lower-cased; emptied when the person's data is erased. */
    email: text('email').notNull(),
    /** Where the address came from: the list (never shown to the referrer) or typed by them. */
    source: text('source', { enum: ['roster', 'typed'] })
      .notNull()
      .default('typed'),
    /** The personal link's secret (`/rejoindre/<token>`). */
    token: text('token').notNull(),
    /** The referrer's promotion when sent, for the funnel per promotion. */
    promotion: integer('promotion'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
    joinedUserId: text('joined_user_id').references(() => users.id, { onDelete: 'set null' }),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }),
    paidAt: integer('paid_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('referral_invitations_token_unique').on(t.token),
    index('referral_invitations_referrer_idx').on(t.referrerId, t.sentAt),
    index('referral_invitations_email_idx').on(t.email, t.sentAt),
  ],
)

/** « La lettre de l'Amicale »: a webmaster's mail to a segment of the network. */
export const campaigns = sqliteTable(
  'campaigns',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subject: text('subject').notNull(),
    /** Safe Markdown. */
    body: text('body').notNull(),
    /** JSON: the segment (`{ "kind": "members" }`, `{ "kind": "promotions", "promotions": [2010] }`…). */
    segment: text('segment').notNull(),
    status: text('status', { enum: ['draft', 'sending', 'sent'] })
      .notNull()
      .default('draft'),
    total: integer('total').notNull().default(0),
    queued: integer('queued').notNull().default(0),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('campaigns_status_idx').on(t.status, t.createdAt)],
)

/** A webmaster's correction of a member's identity field: who, which field, before and after. */
export const accountChanges = sqliteTable(
  'account_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    field: text('field').notNull(),
    before: text('before'),
    after: text('after'),
    at: integer('at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('account_changes_user_idx').on(t.userId, t.at)],
)
