import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

export type Visibility = 'members' | 'nobody'
/** Contact details, each with who may see it. Never indexed for search. */
export interface ContactDetails {
  proEmail?: { value: string; visibility: Visibility }
  proPhone?: { value: string; visibility: Visibility }
  personalEmail?: { value: string; visibility: Visibility }
  personalPhone?: { value: string; visibility: Visibility }
  linkedin?: { value: string; visibility: Visibility }
}

/** What the directory shows of a member. */
export const profiles = sqliteTable(
  'profiles',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    promotion: integer('promotion'),
    diploma: text('diploma'),
    company: text('company'),
    jobTitle: text('job_title'),
    sector: text('sector'),
    city: text('city'),
    country: text('country'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    bio: text('bio'),
    photo: text('photo'),
    contacts: text('contacts', { mode: 'json' }).$type<ContactDetails>(),
    inDirectory: integer('in_directory', { mode: 'boolean' }).notNull().default(true),
    contactConsent: integer('contact_consent', { mode: 'boolean' }).notNull().default(false),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  // A promotion's members: the home page's new classmates, the promotion's group, referrals.
  (t) => [index('profiles_promotion_idx').on(t.promotion)],
)

/** « Entrer en relation »: kept to enforce the daily limit and for moderation. */
export const contactRequests = sqliteTable(
  'contact_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fromUserId: text('from_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    toUserId: text('to_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    message: text('message').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('contact_requests_from_idx').on(t.fromUserId, t.createdAt)],
)
