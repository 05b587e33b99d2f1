import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { profiles, users } from '../../../db/schema'
import type { Locale } from '~/i18n'
import type { AppContext } from '~/context.server'
import { hashPassword } from '~/features/accounts/auth.server'
import { accountMails } from '~/features/accounts/account-mails.server'
import { normalizeEmail } from '~/features/accounts/accounts.server'
import * as throttle from '~/features/accounts/throttle.server'
import { recordTermsAcceptance } from '~/features/moderation/terms.server'
import { joinReferral } from '~/features/referrals/joins.server'
import { claimRosterRow, linkActivatedRow } from '~/features/roster/claims.server'

export const SIGNUP_LINK_TTL_MS = 24 * 60 * 60_000

/**
 * What the confirmation link carries: the whole sign-up, sealed (AES-256-GCM under a key derived
 * from SESSION_SECRET), so that nothing is stored for an address nobody has confirmed, and an
 * account cannot be logged into before its owner has read the mail.
 */
const Claim = z.object({
  email: z.string(),
  passwordHash: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  locale: z.enum(['fr', 'en']),
  /** A local path, already checked, to land on once the account exists. */
  next: z.string(),
  /** The terms of use accepted on the form (none before any is published), recorded with the account. */
  terms: z
    .object({ versionId: z.number(), via: z.enum(['signup', 'dues']) })
    .nullable()
    .default(null),
  expiresAt: z.number(),
  /** For the graduates' list (issue #17): the birth name, the promotion given at Cotiser, the row an activation link proved. */
  birthName: z.string().nullable().default(null),
  promotion: z.number().int().nullable().default(null),
  graduateId: z.number().int().nullable().default(null),
  /** The personal link of a member's recommendation the sign-up came from (issue #17). */
  invitation: z.string().nullable().default(null),
})
type Claim = z.infer<typeof Claim>

function key(secret: string) {
  return crypto.createHmac('sha256', secret).update('signup-link').digest()
}

function seal(secret: string, claim: Claim): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key(secret), iv)
  const body = Buffer.concat([cipher.update(JSON.stringify(claim), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

function open(secret: string, token: string, now: Date): Claim | null {
  try {
    const bytes = Buffer.from(token, 'base64url')
    if (bytes.length < 29) return null
    const decipher = crypto.createDecipheriv('aes-256-gcm', key(secret), bytes.subarray(0, 12))
    decipher.setAuthTag(bytes.subarray(12, 28))
    const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
    const claim = Claim.safeParse(JSON.parse(text))
    return claim.success && claim.data.expiresAt > now.getTime() ? claim.data : null
  } catch {
    return null
  }
}

export type SignUpRequestResult = { ok: true } | { ok: false; error: 'throttled'; retryAfterMs: number }

/**
 * The sign-up form and Cotiser's visitor part. Whether the address is new or already has an
 * account, the answer, the work done before it (argon2 included) and its time are the same: the
 * page says « Vérifiez votre boîte mail » and the mail, queued, tells the two
 * apart. A new address gets the link that creates the account and logs in; a taken one is told
 * that someone tried to sign up with it, and where to reset the password.
 */
export async function requestSignUp(
  ctx: AppContext,
  input: {
    email: string
    password: string
    lastName: string
    firstName: string
    ip: string
    locale: Locale
    next: string
    baseUrl: string
    terms?: { versionId: number; via: 'signup' | 'dues' } | null
    roster?: { birthName?: string | null; promotion?: number | null; graduateId?: number | null }
    invitation?: string | null
  },
): Promise<SignUpRequestResult> {
  const now = ctx.now()
  const wait = throttle.reserveAttempt(ctx.db, [{ key: `signup:ip:${input.ip}`, rule: throttle.rules.signupPerIp }], now)
  if (wait > 0) return { ok: false, error: 'throttled', retryAfterMs: wait }

  const email = normalizeEmail(input.email)
  const passwordHash = await hashPassword(input.password)
  const existing = ctx.db.select().from(users).where(eq(users.email, email)).get()
  if (existing) {
    // A deactivated account gets nothing, as for a reset request: the reset would not open it.
    if (existing.status === 'active') {
      accountMails.signUpWithTakenAddress(ctx, existing, new URL('/mot-de-passe-oublie', input.baseUrl).toString())
    }
    return { ok: true }
  }
  const token = seal(ctx.config.SESSION_SECRET, {
    email,
    passwordHash,
    lastName: input.lastName.trim(),
    firstName: input.firstName.trim(),
    locale: input.locale,
    next: input.next,
    terms: input.terms ?? null,
    expiresAt: now.getTime() + SIGNUP_LINK_TTL_MS,
    birthName: input.roster?.birthName?.trim() || null,
    promotion: input.roster?.promotion ?? null,
    graduateId: input.roster?.graduateId ?? null,
    invitation: input.invitation ?? null,
  })
  const link = new URL(`/inscription/confirmer?token=${token}`, input.baseUrl).toString()
  accountMails.confirmSignUp(ctx, { email, firstName: input.firstName.trim(), locale: input.locale }, link)
  return { ok: true }
}

/** For the confirmation page: whom the link is for, without creating anything (a GET never acts). */
export function signUpLinkFor(ctx: AppContext, token: string): { email: string; firstName: string } | null {
  const claim = open(ctx.config.SESSION_SECRET, token, ctx.now())
  return claim ? { email: claim.email, firstName: claim.firstName } : null
}

/**
 * Creates the account from a followed link. The unique address makes it single-use: a second
 * click (or a second link for the same address) finds the account there and creates nothing.
 */
export function confirmSignUp(
  ctx: AppContext,
  token: string,
): { ok: true; userId: string; firstName: string; next: string } | { ok: false; error: 'invalidToken' | 'alreadyConfirmed' } {
  const claim = open(ctx.config.SESSION_SECRET, token, ctx.now())
  if (!claim) return { ok: false, error: 'invalidToken' }
  const id = crypto.randomUUID()
  const now = ctx.now()
  // The account and its acceptance of the terms are written together, or neither.
  const created = ctx.db.transaction((tx) => {
    const inserted = tx
      .insert(users)
      .values({
        id,
        email: claim.email,
        passwordHash: claim.passwordHash,
        lastName: claim.lastName,
        firstName: claim.firstName,
        birthName: claim.birthName,
        locale: claim.locale,
        createdAt: now,
      })
      .onConflictDoNothing({ target: users.email })
      .run()
    if (inserted.changes === 0) return false
    if (claim.terms) recordTermsAcceptance(tx, { userId: id, versionId: claim.terms.versionId, via: claim.terms.via, at: now })
    joinReferral(tx, { userId: id, email: claim.email, token: claim.invitation, at: now })
    if (claim.promotion) tx.insert(profiles).values({ userId: id, promotion: claim.promotion }).run()
    // An activation link proved the row: the new account holds it from its first moment.
    if (claim.graduateId) return linkActivatedRow(tx, { userId: id, graduateId: claim.graduateId, at: now }) ? 'linked' : 'created'
    return 'created'
  })
  if (!created) return { ok: false, error: 'alreadyConfirmed' }
  // Otherwise the list is searched by name and promotion, once the account exists.
  if (created === 'linked') ctx.bus.publish({ type: 'profile:updated', payload: { userId: id } })
  else claimRosterRow(ctx, id)
  return { ok: true, userId: id, firstName: claim.firstName, next: claim.next }
}
