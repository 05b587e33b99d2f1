import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

/** What the directory shows of a member (the directory issue extends it). */
export const profiles = sqliteTable('profiles', {
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
  inDirectory: integer('in_directory', { mode: 'boolean' }).notNull().default(true),
  contactConsent: integer('contact_consent', { mode: 'boolean' }).notNull().default(false),
})
