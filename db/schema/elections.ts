import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

// The board election (issue #18): a secret, verifiable ballot. The roll (« liste d'émargement »)
// records *that* a member voted, the box records *what* was cast, and nothing ties one to the
// other: the box is keyed by the voter's public credential (whose secret only the voter received,
// by a mail wiped once sent), carries no timestamp and no rowid (WITHOUT ROWID, set in the
// migration by hand: a rowid would give the order of casting, matchable against other traces).

export const ELECTION_STATES = ['draft', 'sealed', 'tallying', 'published', 'cancelled'] as const
export const ELECTION_ELIGIBILITY = ['members', 'alumni_members'] as const
export const ELECTION_TIE_RULES = ['drawn-order', 'oldest-promotion'] as const
export const CANDIDACY_STATUSES = ['pending', 'validated', 'refused', 'withdrawn'] as const

export const elections = sqliteTable(
  'elections',
  {
    /** Random, url-safe: also the election's id in its sealed parameters. */
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    /** Plain text shown on the election's page (what the board is, what the seats are). */
    description: text('description').notNull().default(''),
    seats: integer('seats').notNull(),
    candidacyOpensAt: integer('candidacy_opens_at', { mode: 'timestamp_ms' }).notNull(),
    candidacyClosesAt: integer('candidacy_closes_at', { mode: 'timestamp_ms' }).notNull(),
    /** The roll date: who is eligible then is on the roll, frozen at that instant. */
    rollAt: integer('roll_at', { mode: 'timestamp_ms' }).notNull(),
    votingOpensAt: integer('voting_opens_at', { mode: 'timestamp_ms' }).notNull(),
    votingClosesAt: integer('voting_closes_at', { mode: 'timestamp_ms' }).notNull(),
    /** Who may vote and stand: every member whose dues are active, or graduates only. */
    eligibility: text('eligibility', { enum: ELECTION_ELIGIBILITY }).notNull().default('members'),
    /** Trustees needed to decrypt (the trustees themselves are `election_trustees`). */
    threshold: integer('threshold').notNull().default(2),
    tieRule: text('tie_rule', { enum: ELECTION_TIE_RULES }).notNull().default('drawn-order'),
    /** Voting asks, beside the password, for a one-time code mailed to the voter. */
    requireMailCode: integer('require_mail_code', { mode: 'boolean' }).notNull().default(false),
    state: text('state', { enum: ELECTION_STATES }).notNull().default('draft'),
    rollFrozenAt: integer('roll_frozen_at', { mode: 'timestamp_ms' }),
    /** When the validated candidacies were published, in their drawn order. */
    candidatesPublishedAt: integer('candidates_published_at', { mode: 'timestamp_ms' }),
    /** The sealed parameters (board.ts `parametersSchema`), canonical JSON, and their hash. */
    parameters: text('parameters'),
    fingerprint: text('fingerprint'),
    sealedAt: integer('sealed_at', { mode: 'timestamp_ms' }),
    /** At the close: the homomorphic sum of the box (JSON array of ciphertexts). */
    encryptedTally: text('encrypted_tally'),
    /** The announced result (board.ts `resultSchema`), JSON. */
    result: text('result'),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
    cancelledReason: text('cancelled_reason'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('elections_voting_idx').on(t.votingOpensAt)],
)

/**
 * The trustees (« assesseurs ») in their order (1…n, the Lagrange abscissa) and their public
 * messages of the key ceremony and the tally. The server never sees a private share.
 */
export const electionTrustees = sqliteTable(
  'election_trustees',
  {
    electionId: text('election_id')
      .notNull()
      .references(() => elections.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** As sealed in the parameters and signed on the procès-verbal. */
    name: text('name').notNull(),
    /** Step 1 (threshold.ts `TrusteeCommitment`), JSON. */
    commitment: text('commitment'),
    /** Step 2 (`TrusteeShares`), JSON. */
    shares: text('shares'),
    /** Step 3 (`TrusteeVerificationKey`), JSON. */
    verificationKey: text('verification_key'),
    /** At the tally (`PartialDecryption`), JSON. */
    partialDecryption: text('partial_decryption'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.position] }), uniqueIndex('election_trustees_user_once').on(t.electionId, t.userId)],
)

/** A member standing. One row per member and election; re-applying after a withdrawal updates it. */
export const electionCandidacies = sqliteTable(
  'election_candidacies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    electionId: text('election_id')
      .notNull()
      .references(() => elections.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The name as published (and sealed in the parameters). */
    name: text('name').notNull(),
    promotion: integer('promotion'),
    /** « Profession de foi »: the safe Markdown subset, at most 3,000 characters. */
    statement: text('statement').notNull(),
    status: text('status', { enum: CANDIDACY_STATUSES }).notNull().default('pending'),
    refusalReason: text('refusal_reason'),
    decidedBy: text('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    /** 1…n in the order drawn when the list is published; ballots follow it. */
    position: integer('position'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('election_candidacies_once').on(t.electionId, t.userId), index('election_candidacies_status_idx').on(t.electionId, t.status)],
)

/**
 * The roll (« liste d'émargement »), frozen at the roll date. `voted` says that the member voted,
 * never when nor what; it is set in the transaction that puts the ballot in the box.
 */
export const electionRoll = sqliteTable(
  'election_roll',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    electionId: text('election_id')
      .notNull()
      .references(() => elections.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    promotion: integer('promotion'),
    /** Frozen from the dues at the roll date, or added when a webmaster accepted a contest. */
    source: text('source', { enum: ['roll', 'contest'] })
      .notNull()
      .default('roll'),
    voted: integer('voted', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('election_roll_once').on(t.electionId, t.userId), index('election_roll_name_idx').on(t.electionId, t.name)],
)

/** A member who is not on the roll and says they should be; answered before voting opens. */
export const electionContests = sqliteTable(
  'election_contests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    electionId: text('election_id')
      .notNull()
      .references(() => elections.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    message: text('message').notNull(),
    status: text('status', { enum: ['open', 'accepted', 'refused'] })
      .notNull()
      .default('open'),
    answer: text('answer'),
    answeredBy: text('answered_by').references(() => users.id, { onDelete: 'set null' }),
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('election_contests_open_once')
      .on(t.electionId, t.userId)
      .where(sql`status = 'open'`),
  ],
)

/**
 * The ballot box: the ballot that counts for each credential (a revote replaces it). No user, no
 * time, no rowid (the migration declares it WITHOUT ROWID).
 */
export const electionBallots = sqliteTable(
  'election_ballots',
  {
    electionId: text('election_id')
      .notNull()
      .references(() => elections.id, { onDelete: 'cascade' }),
    /** The voter's public credential (base64url point), one of the sealed list. */
    credential: text('credential').notNull(),
    /** The ballot, canonical JSON (ballot.ts); its SHA-256 is the tracker. */
    ballot: text('ballot').notNull(),
    tracker: text('tracker').notNull(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.credential] }), uniqueIndex('election_ballots_tracker').on(t.electionId, t.tracker)],
)

/** A one-time code mailed to a voter when the election asks for one; deleted once used. */
export const electionVoteCodes = sqliteTable(
  'election_vote_codes',
  {
    electionId: text('election_id')
      .notNull()
      .references(() => elections.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the code. */
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.userId] })],
)
