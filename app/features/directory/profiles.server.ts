import { and, count, eq, gt, sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm'
import sharp from 'sharp'
import { contactRequests, memberships, profiles, users, type ContactDetails } from '../../../db/schema'
import type { Viewer } from '~/features/accounts/accounts.server'
import type { AppContext } from '~/context.server'
import { composeMail } from '~/shared/mail-layout.server'
import { readPrivateFile, removePrivateFile, storePrivateFile } from '~/shared/uploads.server'
import { isPayingMember } from '~/shared/viewer'
import { isValidPromotion } from '~/features/directory/schema'
import { recordConsent } from '~/features/privacy/consents.server'
import { preparedOnce } from '../../../db/client'

export const PHOTOS_AREA = 'photos'
export const CONTACT_REQUESTS_PER_DAY = 10
const CONTACT_FIELDS = ['proEmail', 'proPhone', 'personalEmail', 'personalPhone', 'linkedin'] as const
export type ContactField = (typeof CONTACT_FIELDS)[number]

export interface ProfileInput {
  promotion: number
  diploma: string
  company: string
  jobTitle: string
  sector: string
  city: string
  country: string
  bio: string
  contacts: ContactDetails
  inDirectory: boolean
  contactConsent: boolean
}

// Read on most pages (the header's avatar, the thread's composer): prepared once per connection.
const ownProfileStatement = preparedOnce((db) =>
  db
    .select()
    .from(profiles)
    .where(eq(profiles.userId, sql.placeholder('userId')))
    .prepare(),
)

export function ownProfile(ctx: AppContext, userId: string) {
  return ownProfileStatement(ctx.db).get({ userId }) ?? null
}

/**
 * Saves the profile; the city is placed on the map from the gazetteer (no network geocoder).
 * An unknown city is refused rather than silently left off the map.
 */
export function updateProfile(ctx: AppContext, userId: string, input: ProfileInput): { ok: true } | { ok: false; error: 'unknownCity' | 'promotion' } {
  // The form checks it too; the rule is the use case's, whoever calls it.
  if (!isValidPromotion(input.promotion, ctx.now())) return { ok: false, error: 'promotion' }
  let latitude: number | null = null
  let longitude: number | null = null
  let city: string | null = input.city || null
  let country: string | null = input.country || null
  if (input.city) {
    const place = ctx.gazetteer.lookup(input.city, input.country || null) ?? (input.country ? null : ctx.gazetteer.lookup(input.city))
    if (!place) return { ok: false, error: 'unknownCity' }
    ;({ lat: latitude, lng: longitude } = place)
    city = place.name
    country = place.country
  }
  const values = {
    promotion: input.promotion,
    diploma: input.diploma,
    company: input.company || null,
    jobTitle: input.jobTitle || null,
    sector: input.sector || null,
    city,
    country,
    latitude,
    longitude,
    bio: input.bio || null,
    contacts: input.contacts,
    inDirectory: input.inDirectory,
    contactConsent: input.contactConsent,
    updatedAt: ctx.now(),
  }
  const before = ownProfile(ctx, userId)
  ctx.db.transaction((tx) => {
    tx.insert(profiles)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: profiles.userId, set: values })
      .run()
    // Each consent the form changed joins its history (no profile yet: neither was given).
    const at = values.updatedAt
    recordConsent(tx, { userId, consent: 'directory', granted: input.inDirectory, via: 'profile', at, was: before?.inDirectory ?? false })
    recordConsent(tx, { userId, consent: 'contact', granted: input.contactConsent, via: 'profile', at, was: before?.contactConsent ?? false })
  })
  ctx.bus.publish({ type: 'profile:updated', payload: { userId } })
  return { ok: true }
}

/**
 * Resized on the server to a 400 px square WebP, whatever was sent (metadata dropped). Apart from
 * saving, so that a picture sharp cannot read is refused before anything else of the form is saved.
 */
export function resizeProfilePhoto(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: 40_000_000 }).rotate().resize(400, 400, { fit: 'cover' }).webp({ quality: 82 }).toBuffer()
}

/** Stores a photo made by `resizeProfilePhoto` in place of the previous one. */
export async function setProfilePhoto(ctx: AppContext, userId: string, image: Buffer) {
  const storedName = await storePrivateFile(ctx.config.DATA_DIR, PHOTOS_AREA, image, 'webp')
  const previous = ownProfile(ctx, userId)?.photo
  ctx.db
    .insert(profiles)
    .values({ userId, photo: storedName })
    .onConflictDoUpdate({ target: profiles.userId, set: { photo: storedName } })
    .run()
  if (previous) await removePrivateFile(ctx.config.DATA_DIR, PHOTOS_AREA, previous)
}

export async function removeProfilePhoto(ctx: AppContext, userId: string) {
  const previous = ownProfile(ctx, userId)?.photo
  ctx.db.update(profiles).set({ photo: null }).where(eq(profiles.userId, userId)).run()
  if (previous) await removePrivateFile(ctx.config.DATA_DIR, PHOTOS_AREA, previous)
}

/** Who asks to see a profile: only their id and role matter to the rule below. */
export type ProfileViewer = Pick<Viewer, 'id' | 'role'>

/**
 * The one rule of who sees a member's profile, and so its photo and the details it shows: paying
 * members (and webmasters) see active members with active dues who stay in the directory; a member
 * who left it is seen by nobody else. Null when the viewer may not see it.
 */
function visibleProfile(ctx: AppContext, viewer: ProfileViewer | null, memberId: string) {
  if (!viewer || !isPayingMember(viewer)) return null
  const row = visibleProfileStatement(ctx.db).get({ memberId })
  if (!row || (!row.profile.inDirectory && memberId !== viewer.id)) return null
  return row
}

// Asked by every profile page and photo (and the event page's organizer address): prepared once per connection.
const visibleProfileStatement = preparedOnce((db) =>
  db
    .select({ user: users, profile: profiles })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(eq(users.id, sql.placeholder('memberId')), eq(users.status, 'active'), eq(memberships.status, 'active')))
    .prepare(),
)

export function canSeeProfile(ctx: AppContext, viewer: ProfileViewer | null, memberId: string): boolean {
  return visibleProfile(ctx, viewer, memberId) !== null
}

/**
 * `visibleProfile`'s rule for a photo, as a column of a list's own query (one query for a page of
 * avatars, not one per row): true when `/membres/:id/photo` would serve it to the viewer. A null
 * viewer stands for « any paying member but the person » (what a room of members is sent).
 */
export function photoShownSql(userId: SQLWrapper, viewer: (Omit<ProfileViewer, 'id'> & { id: string | Placeholder }) | null): SQL<boolean> {
  if (viewer && !isPayingMember(viewer)) return sql<boolean>`0`
  const self = viewer ? sql`p.user_id = ${viewer.id} or ` : sql``
  return sql<boolean>`exists (select 1 from ${profiles} p where p.user_id = ${userId} and p.photo is not null and (${self}(p.in_directory = 1 and exists (select 1 from ${users} u inner join ${memberships} ms on ms.user_id = u.id where u.id = p.user_id and u.status = 'active' and ms.status = 'active'))))`.mapWith(
    Boolean,
  )
}

/** A listed member as another member sees them: only contact details shown to members. */
export function memberProfile(ctx: AppContext, viewer: ProfileViewer, memberId: string) {
  const row = visibleProfile(ctx, viewer, memberId)
  if (!row) return null
  const contacts: Partial<Record<ContactField, string>> = {}
  for (const field of CONTACT_FIELDS) {
    const entry = row.profile.contacts?.[field]
    if (entry?.value && entry.visibility === 'members') contacts[field] = entry.value
  }
  const { profile, user } = row
  return {
    id: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    promotion: profile.promotion,
    diploma: profile.diploma,
    company: profile.company,
    jobTitle: profile.jobTitle,
    sector: profile.sector,
    city: profile.city,
    country: profile.country,
    bio: profile.bio,
    photo: !!profile.photo,
    contacts,
    canContact: profile.contactConsent && memberId !== viewer.id,
    isSelf: memberId === viewer.id,
  }
}

/** The photo to whoever may see the profile; its owner always sees it (dues lapsed or not, listed or not). */
export async function profilePhoto(ctx: AppContext, viewer: ProfileViewer, memberId: string): Promise<Buffer | null> {
  const photo = viewer.id === memberId ? ownProfile(ctx, memberId)?.photo : visibleProfile(ctx, viewer, memberId)?.profile.photo
  return photo ? readPrivateFile(ctx.config.DATA_DIR, PHOTOS_AREA, photo).catch(() => null) : null
}

function queueContactMail(ctx: AppContext, input: { from: ProfileViewer; toUserId: string; message: string }) {
  const from = ctx.db
    .select({ user: users, promotion: profiles.promotion })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.id, input.from.id))
    .get()!
  const to = ctx.db.select().from(users).where(eq(users.id, input.toUserId)).get()!
  const mail = composeMail(ctx.config, {
    to: to.email,
    locale: to.locale,
    firstName: to.firstName,
    subject: 'mail.contact.subject',
    paragraphs: [
      { key: 'mail.contact.body', params: { name: `${from.user.firstName} ${from.user.lastName}`, promotion: String(from.promotion ?? '—') } },
      { key: 'mail.contact.message', params: { message: input.message } },
      { key: 'mail.contact.reply', params: { email: from.user.email } },
    ],
  })
  ctx.mail.enqueue({ ...mail, replyTo: from.user.email }, { kind: 'directory.contact' })
}

/**
 * « Entrer en relation »: only towards a member who consented, at most 10 a day per requester.
 * The member receives the requester's name, promotion and message, and answers by e-mail.
 */
export async function sendContactRequest(
  ctx: AppContext,
  input: { from: ProfileViewer; toUserId: string; message: string },
): Promise<{ ok: true } | { ok: false; error: 'notConsenting' | 'limit' }> {
  const now = ctx.now()
  const target = memberProfile(ctx, input.from, input.toUserId)
  if (!target?.canContact) return { ok: false, error: 'notConsenting' }
  const since = new Date(now.getTime() - 24 * 60 * 60_000)
  // Counted, recorded and mailed under one write lock: two processes cannot both send the
  // tenth, and a request counts against the quota only with its mail queued.
  const allowed = ctx.db.transaction(
    (tx) => {
      const sent =
        tx
          .select({ n: count() })
          .from(contactRequests)
          .where(and(eq(contactRequests.fromUserId, input.from.id), gt(contactRequests.createdAt, since)))
          .get()?.n ?? 0
      if (sent >= CONTACT_REQUESTS_PER_DAY) return false
      tx.insert(contactRequests).values({ fromUserId: input.from.id, toUserId: input.toUserId, message: input.message, createdAt: now }).run()
      queueContactMail(ctx, input)
      return true
    },
    { behavior: 'immediate' },
  )
  if (!allowed) return { ok: false, error: 'limit' }
  return { ok: true }
}
