import { and, count, eq, gt } from 'drizzle-orm'
import sharp from 'sharp'
import { contactRequests, memberships, profiles, users, type ContactDetails } from '../../db/schema'
import type { AppContext } from './context.server'
import { composeMail } from './mail-layout.server'
import { readPrivateFile, removePrivateFile, storePrivateFile } from './uploads.server'

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

export function ownProfile(ctx: AppContext, userId: string) {
  return ctx.db.select().from(profiles).where(eq(profiles.userId, userId)).get() ?? null
}

/**
 * Saves the profile; the city is placed on the map from the gazetteer (no network geocoder).
 * An unknown city is refused rather than silently left off the map.
 */
export function updateProfile(ctx: AppContext, userId: string, input: ProfileInput): { ok: true } | { ok: false; error: 'unknownCity' } {
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
  ctx.db.insert(profiles).values({ userId, ...values }).onConflictDoUpdate({ target: profiles.userId, set: values }).run()
  ctx.bus.publish({ type: 'profile:updated', room: `user:${userId}`, payload: { userId } })
  return { ok: true }
}

/** Resized on the server to a 400 px square WebP, whatever was sent (metadata dropped). */
export async function setProfilePhoto(ctx: AppContext, userId: string, bytes: Uint8Array) {
  const image = await sharp(bytes, { limitInputPixels: 40_000_000 }).rotate().resize(400, 400, { fit: 'cover' }).webp({ quality: 82 }).toBuffer()
  const storedName = await storePrivateFile(ctx.config.DATA_DIR, PHOTOS_AREA, image, 'webp')
  const previous = ownProfile(ctx, userId)?.photo
  ctx.db.insert(profiles).values({ userId, photo: storedName }).onConflictDoUpdate({ target: profiles.userId, set: { photo: storedName } }).run()
  if (previous) await removePrivateFile(ctx.config.DATA_DIR, PHOTOS_AREA, previous)
}

export async function removeProfilePhoto(ctx: AppContext, userId: string) {
  const previous = ownProfile(ctx, userId)?.photo
  ctx.db.update(profiles).set({ photo: null }).where(eq(profiles.userId, userId)).run()
  if (previous) await removePrivateFile(ctx.config.DATA_DIR, PHOTOS_AREA, previous)
}

/** A listed member as another member sees them: only contact details shown to members. */
export function memberProfile(ctx: AppContext, viewerId: string, memberId: string) {
  const row = ctx.db
    .select({ user: users, profile: profiles })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(eq(users.id, memberId), eq(users.status, 'active'), eq(memberships.status, 'active')))
    .get()
  if (!row || (!row.profile.inDirectory && memberId !== viewerId)) return null
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
    canContact: profile.contactConsent && memberId !== viewerId,
    isSelf: memberId === viewerId,
  }
}

export async function profilePhoto(ctx: AppContext, memberId: string): Promise<Buffer | null> {
  const photo = ownProfile(ctx, memberId)?.photo
  return photo ? readPrivateFile(ctx.config.DATA_DIR, PHOTOS_AREA, photo).catch(() => null) : null
}

/**
 * « Entrer en relation »: only towards a member who consented, at most 10 a day per requester.
 * The member receives the requester's name, promotion and message, and answers by e-mail.
 */
export async function sendContactRequest(
  ctx: AppContext,
  input: { fromUserId: string; toUserId: string; message: string },
): Promise<{ ok: true } | { ok: false; error: 'notConsenting' | 'limit' }> {
  const now = ctx.now()
  const target = memberProfile(ctx, input.fromUserId, input.toUserId)
  if (!target?.canContact) return { ok: false, error: 'notConsenting' }
  const since = new Date(now.getTime() - 24 * 60 * 60_000)
  const sent = ctx.db.select({ n: count() }).from(contactRequests).where(and(eq(contactRequests.fromUserId, input.fromUserId), gt(contactRequests.createdAt, since))).get()?.n ?? 0
  if (sent >= CONTACT_REQUESTS_PER_DAY) return { ok: false, error: 'limit' }
  ctx.db.insert(contactRequests).values({ fromUserId: input.fromUserId, toUserId: input.toUserId, message: input.message, createdAt: now }).run()

  const from = ctx.db.select({ user: users, promotion: profiles.promotion }).from(users).leftJoin(profiles, eq(profiles.userId, users.id)).where(eq(users.id, input.fromUserId)).get()!
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
  await ctx.mailer.send({ ...mail, replyTo: from.user.email })
  return { ok: true }
}
