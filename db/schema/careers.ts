import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'
import { CONTRACT_TYPES, EXPERIENCE_LEVELS, JOB_SECTORS, REMOTE_POLICIES, SALARY_PERIODS, type JobAlertCriteria } from './careers-lists'

export * from './careers-lists'

/**
 * A job or internship offer. Stored states: pending (awaiting a webmaster), published, rejected
 * (with the reason), filled (closed by its poster). « Expired » is not stored: a published offer
 * is expired once `expiresAt` (the deadline's end or 60 days after publication) has passed.
 */
export const jobOffers = sqliteTable(
  'job_offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    company: text('company').notNull(),
    contractType: text('contract_type', { enum: CONTRACT_TYPES }).notNull(),
    sector: text('sector', { enum: JOB_SECTORS }).notNull(),
    city: text('city').notNull(),
    country: text('country').notNull(),
    latitude: real('latitude').notNull(),
    longitude: real('longitude').notNull(),
    remote: text('remote', { enum: REMOTE_POLICIES }).notNull(),
    description: text('description').notNull(),
    profileSought: text('profile_sought').notNull(),
    experience: text('experience', { enum: EXPERIENCE_LEVELS }).notNull(),
    /** Calendar dates, `YYYY-MM-DD`. */
    startDate: text('start_date').notNull(),
    deadline: text('deadline').notNull(),
    applicationEmail: text('application_email').notNull(),
    salaryMin: integer('salary_min'),
    salaryMax: integer('salary_max'),
    salaryPeriod: text('salary_period', { enum: SALARY_PERIODS }),
    status: text('status', { enum: ['pending', 'published', 'rejected', 'filled'] }).notNull(),
    rejectionReason: text('rejection_reason'),
    /** Title, company, place and texts, lower case without accents: what full-text search reads. */
    searchText: text('search_text').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
    reviewedBy: text('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    /** The offer this one was reposted from. */
    repostOf: integer('repost_of'),
  },
  (t) => [index('job_offers_status_idx').on(t.status, t.publishedAt), index('job_offers_author_idx').on(t.authorId, t.createdAt)],
)

/** One application per offer per member, enforced by the unique index. The CV is a private file. */
export const jobApplications = sqliteTable(
  'job_applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    offerId: integer('offer_id')
      .notNull()
      .references(() => jobOffers.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    message: text('message').notNull(),
    cvStoredName: text('cv_stored_name').notNull(),
    cvOriginalName: text('cv_original_name').notNull(),
    cvSize: integer('cv_size').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the application reached the offer's mailbox; null until it did (retried by the job). */
    emailedAt: integer('emailed_at', { mode: 'timestamp_ms' }),
    /** When a retry took it on: another process (or run) leaves it alone for ten minutes. */
    mailClaimedAt: integer('mail_claimed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('job_applications_once').on(t.offerId, t.userId), index('job_applications_user_idx').on(t.userId, t.createdAt)],
)

/** A saved search: new matching offers are mailed weekly. `lastSentAt` survives restarts. */
export const jobAlerts = sqliteTable(
  'job_alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    criteria: text('criteria', { mode: 'json' }).$type<JobAlertCriteria>().notNull(),
    /** The site's origin when the alert was saved: absolute links in mail when APP_URL is unset. */
    origin: text('origin').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Offers published up to this moment have been considered; the next mail is due a week later. */
    lastSentAt: integer('last_sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('job_alerts_user_idx').on(t.userId), index('job_alerts_due_idx').on(t.lastSentAt)],
)
