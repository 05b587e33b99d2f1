import { and, eq, ne, sql } from 'drizzle-orm'
import { accountTokens, loginEvents, memberships, sessions, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { createToken, decoyPasswordHash, hashPassword, hashToken, verifyPassword } from '~/features/accounts/auth.server'
import { accountMails } from '~/features/accounts/account-mails.server'
import { publishAccess, sessionsEnded } from '~/features/accounts/access.server'
import * as throttle from '~/features/accounts/throttle.server'
import type { Viewer } from '~/shared/viewer'
import { preparedOnce } from '../../../db/client'

export const RESET_TOKEN_TTL_MS = 60 * 60_000
export const EMAIL_TOKEN_TTL_MS = 24 * 60 * 60_000

export type { Role, Viewer } from '~/shared/viewer'

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

// Every request and every privileged socket event reads the viewer: one statement, prepared once per connection.
const viewerStatement = preparedOnce((db) =>
  db
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      role: users.role,
      status: users.status,
      membershipKind: memberships.kind,
      membershipStatus: memberships.status,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare(),
)

/** The logged-in user with what decides their rights: webmaster, member (dues paid), or registered. */
export function loadViewer(ctx: AppContext, userId: string): Viewer | null {
  const row = viewerStatement(ctx.db).get({ userId })
  if (!row || row.status !== 'active') return null
  const membership = row.membershipKind && row.membershipStatus ? { kind: row.membershipKind, status: row.membershipStatus } : null
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    isWebmaster: row.role === 'webmaster',
    role: row.role === 'webmaster' ? 'webmaster' : membership?.status === 'active' ? 'member' : 'registered',
    membership,
  }
}

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; error: 'invalid' }
  /** Only after the right password: the log-in page then shows the deactivation's statement of reasons. */
  | { ok: false; error: 'deactivated'; userId: string }
  | { ok: false; error: 'throttled'; retryAfterMs: number }

/**
 * Checks a password with throttling per account and per IP. An unknown address costs the same
 * argon2 work and counts against the same limits as a known one, so nothing tells them apart.
 */
export async function authenticate(ctx: AppContext, input: { email: string; password: string; ip: string; userAgent?: string | null }): Promise<LoginResult> {
  const email = normalizeEmail(input.email)
  const accountKey = `login:account:${email}`
  const ipKey = `login:ip:${input.ip}`
  const now = ctx.now()
  // The attempt is counted before argon2 runs: simultaneous guesses cannot all pass the check.
  const wait = throttle.reserveAttempt(
    ctx.db,
    [
      { key: accountKey, rule: throttle.rules.loginPerAccount },
      { key: ipKey, rule: throttle.rules.loginPerIp },
    ],
    now,
  )
  if (wait > 0) return { ok: false, error: 'throttled', retryAfterMs: wait }

  const user = ctx.db.select().from(users).where(eq(users.email, email)).get()
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password)
  // An erased member's pseudonym has no usable password; it is no one to log in as either way.
  if (!user || !valid || user.status === 'erased') return { ok: false, error: 'invalid' }
  throttle.clear(ctx.db, accountKey)
  // The IP limit counts failures: people logging in right from one school network are not.
  throttle.release(ctx.db, ipKey)
  // Said only to whoever knows the password: it reveals nothing to a stranger.
  if (user.status === 'deactivated') return { ok: false, error: 'deactivated', userId: user.id }
  // « Mes données » lists each log-in with its date, IP and browser (kept a year).
  ctx.db
    .insert(loginEvents)
    .values({ userId: user.id, at: now, ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null })
    .run()
  return { ok: true, userId: user.id }
}

export async function changePassword(
  ctx: AppContext,
  input: { userId: string; currentSessionId: string; currentPassword: string; newPassword: string },
): Promise<{ ok: true } | { ok: false; error: 'wrongPassword' }> {
  const user = ctx.db.select().from(users).where(eq(users.id, input.userId)).get()
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, error: 'wrongPassword' }
  }
  const passwordHash = await hashPassword(input.newPassword)
  ctx.db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run()
    // Every other device is logged out; this one stays.
    tx.delete(sessions)
      .where(and(eq(sessions.userId, user.id), ne(sessions.id, input.currentSessionId)))
      .run()
    tx.delete(accountTokens)
      .where(and(eq(accountTokens.userId, user.id), eq(accountTokens.purpose, 'password_reset')))
      .run()
    accountMails.passwordChanged(ctx, user)
  })
  sessionsEnded(ctx, user.id, { except: input.currentSessionId })
  return { ok: true }
}

export async function requestEmailChange(
  ctx: AppContext,
  input: { userId: string; currentPassword: string; newEmail: string; baseUrl: string },
): Promise<{ ok: true } | { ok: false; error: 'wrongPassword' | 'sameEmail' }> {
  const user = ctx.db.select().from(users).where(eq(users.id, input.userId)).get()
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, error: 'wrongPassword' }
  }
  const newEmail = normalizeEmail(input.newEmail)
  if (newEmail === user.email) return { ok: false, error: 'sameEmail' }
  // A taken address gets the same answer as a free one (no telling who has an account): its
  // owner is told that someone asked, and nothing changes.
  const owner = ctx.db.select().from(users).where(eq(users.email, newEmail)).get()
  if (owner) {
    accountMails.emailChangeToTakenAddress(ctx, owner)
    return { ok: true }
  }
  const { token, tokenHash } = createToken()
  const now = ctx.now()
  const link = new URL(`/confirmer-email?token=${token}`, input.baseUrl).toString()
  ctx.db.transaction((tx) => {
    tx.delete(accountTokens)
      .where(and(eq(accountTokens.userId, user.id), eq(accountTokens.purpose, 'email_change')))
      .run()
    tx.insert(accountTokens)
      .values({
        tokenHash,
        userId: user.id,
        purpose: 'email_change',
        newEmail,
        createdAt: now,
        expiresAt: new Date(now.getTime() + EMAIL_TOKEN_TTL_MS),
      })
      .run()
    accountMails.confirmNewEmail(ctx, user, newEmail, link)
  })
  return { ok: true }
}

export async function confirmEmailChange(
  ctx: AppContext,
  token: string,
): Promise<{ ok: true; email: string } | { ok: false; error: 'invalidToken' | 'emailTaken' }> {
  const now = ctx.now()
  const outcome = ctx.db.transaction((tx) => {
    const row = tx
      .select()
      .from(accountTokens)
      .where(eq(accountTokens.tokenHash, hashToken(token)))
      .get()
    if (!row || row.purpose !== 'email_change' || !row.newEmail || row.expiresAt <= now) {
      return { ok: false as const, error: 'invalidToken' as const }
    }
    tx.delete(accountTokens).where(eq(accountTokens.tokenHash, row.tokenHash)).run()
    const user = tx.select().from(users).where(eq(users.id, row.userId)).get()
    if (!user) return { ok: false as const, error: 'invalidToken' as const }
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, row.newEmail)).get()) {
      return { ok: false as const, error: 'emailTaken' as const }
    }
    tx.update(users).set({ email: row.newEmail }).where(eq(users.id, user.id)).run()
    // To the old address: if someone else made the change, its owner learns of it.
    accountMails.emailChanged(ctx, user, row.newEmail)
    return { ok: true as const, email: row.newEmail, user }
  })
  if (!outcome.ok) return outcome
  return { ok: true, email: outcome.email }
}

/**
 * Always answers the same way: whether the address exists or not, the caller shows one message.
 * The mail is only queued, so the response time does not tell either.
 */
export function requestPasswordReset(
  ctx: AppContext,
  input: { email: string; ip: string; baseUrl: string },
): { ok: true } | { ok: false; error: 'throttled'; retryAfterMs: number } {
  const email = normalizeEmail(input.email)
  const now = ctx.now()
  const accountKey = `reset:account:${email}`
  const ipKey = `reset:ip:${input.ip}`
  const wait = throttle.reserveAttempt(
    ctx.db,
    [
      { key: accountKey, rule: throttle.rules.resetPerAccount },
      { key: ipKey, rule: throttle.rules.resetPerIp },
    ],
    now,
  )
  if (wait > 0) return { ok: false, error: 'throttled', retryAfterMs: wait }

  const user = ctx.db.select().from(users).where(eq(users.email, email)).get()
  if (user && user.status === 'active') {
    const { token, tokenHash } = createToken()
    const link = new URL(`/reinitialiser-mot-de-passe?token=${token}`, input.baseUrl).toString()
    ctx.db.transaction((tx) => {
      tx.insert(accountTokens)
        .values({
          tokenHash,
          userId: user.id,
          purpose: 'password_reset',
          createdAt: now,
          expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
        })
        .run()
      accountMails.passwordReset(ctx, user, link)
    })
  }
  return { ok: true }
}

export function isResetTokenValid(ctx: AppContext, token: string): boolean {
  const row = ctx.db
    .select()
    .from(accountTokens)
    .where(eq(accountTokens.tokenHash, hashToken(token)))
    .get()
  return !!row && row.purpose === 'password_reset' && row.expiresAt > ctx.now()
}

/** Single use: the token and every other reset token of the user go, and so does every session. */
export async function resetPassword(
  ctx: AppContext,
  input: { token: string; newPassword: string },
): Promise<{ ok: true; userId: string } | { ok: false; error: 'invalidToken' }> {
  const passwordHash = await hashPassword(input.newPassword)
  const now = ctx.now()
  const outcome = ctx.db.transaction((tx) => {
    const row = tx
      .select()
      .from(accountTokens)
      .where(eq(accountTokens.tokenHash, hashToken(input.token)))
      .get()
    if (!row || row.purpose !== 'password_reset' || row.expiresAt <= now) return null
    tx.delete(accountTokens)
      .where(and(eq(accountTokens.userId, row.userId), eq(accountTokens.purpose, 'password_reset')))
      .run()
    tx.update(users).set({ passwordHash }).where(eq(users.id, row.userId)).run()
    tx.delete(sessions).where(eq(sessions.userId, row.userId)).run()
    const user = tx.select().from(users).where(eq(users.id, row.userId)).get() ?? null
    if (user) accountMails.passwordChanged(ctx, user)
    return user
  })
  if (!outcome) return { ok: false, error: 'invalidToken' }
  sessionsEnded(ctx, outcome.id)
  throttle.clear(ctx.db, `login:account:${outcome.email}`)
  return { ok: true, userId: outcome.id }
}

/** Deactivation ends every session at once and tells the realtime layer to drop the user's sockets. */
export function setAccountStatus(ctx: AppContext, input: { userId: string; status: 'active' | 'deactivated' }): boolean {
  const now = ctx.now()
  const changed = ctx.db.transaction((tx) => {
    const result = tx
      .update(users)
      .set({ status: input.status, deactivatedAt: input.status === 'deactivated' ? now : null })
      .where(and(eq(users.id, input.userId), ne(users.status, input.status)))
      .run()
    if (input.status === 'deactivated') tx.delete(sessions).where(eq(sessions.userId, input.userId)).run()
    return result.changes > 0
  })
  if (changed) {
    publishAccess(ctx, { type: input.status === 'deactivated' ? 'account:deactivated' : 'account:reactivated', payload: { userId: input.userId } })
  }
  return changed
}

/** The language a member last chose on the site is the one their mails are written in. */
export function setPreferredLocale(ctx: AppContext, userId: string, locale: 'fr' | 'en'): void {
  ctx.db.update(users).set({ locale }).where(eq(users.id, userId)).run()
}
