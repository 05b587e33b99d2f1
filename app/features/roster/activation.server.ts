import crypto from 'node:crypto'
import { asc, eq } from 'drizzle-orm'
import { graduateDiplomas, graduates } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { linkActivatedRow } from '~/features/roster/claims.server'

// The link of an invitation to activate (`/activer/<token>`): the row's id and an HMAC-SHA-256
// over it (keyed with SESSION_SECRET), as the events' signed links. It names a row of the list and
// proves that whoever holds it received the invitation mailed to that row.

function sign(secret: string, value: string) {
  return crypto.createHmac('sha256', secret).update(`roster-activation:${value}`).digest('base64url').slice(0, 32)
}

export function activationToken(secret: string, graduateId: number): string {
  return `${graduateId}.${sign(secret, String(graduateId))}`
}

export function activationUrl(ctx: AppContext, baseUrl: string, graduateId: number): string {
  return new URL(`/activer/${activationToken(ctx.config.SESSION_SECRET, graduateId)}`, baseUrl).toString()
}

/** The row a token names, or null when this site did not sign it. */
export function graduateIdOfToken(secret: string, token: string): number | null {
  const match = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{32})$/.exec(token)
  if (!match) return null
  const expected = Buffer.from(sign(secret, match[1]))
  const given = Buffer.from(match[2])
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? Number(match[1]) : null
}

/** What the activation page shows of the row: never more than the person's own name, promotion, address and diplomas. */
export function activationFor(ctx: AppContext, token: string) {
  const id = graduateIdOfToken(ctx.config.SESSION_SECRET, token)
  if (id === null) return null
  const row = ctx.db.select().from(graduates).where(eq(graduates.id, id)).get()
  if (!row) return null
  const diplomas = ctx.db
    .select({ diploma: graduateDiplomas.diploma })
    .from(graduateDiplomas)
    .where(eq(graduateDiplomas.graduateId, id))
    .orderBy(asc(graduateDiplomas.diploma))
    .all()
    .map((d) => d.diploma)
  return {
    graduateId: row.id,
    lastName: row.lastName,
    firstName: row.firstName,
    birthName: row.birthName,
    promotion: row.promotion,
    email: row.email,
    diplomas,
    claimedBy: row.userId,
  }
}

export type LinkWithTokenError = 'invalidLink' | 'claimed' | 'accountLinked'

/**
 * « Rattacher à mon compte »: someone logged in follows the link of their invitation. The token
 * proves the row; an account holds one row at most.
 */
export function linkAccountWithToken(ctx: AppContext, userId: string, token: string): { ok: true } | { ok: false; error: LinkWithTokenError } {
  const id = graduateIdOfToken(ctx.config.SESSION_SECRET, token)
  if (id === null) return { ok: false, error: 'invalidLink' }
  const at = ctx.now()
  const outcome = ctx.db.transaction(
    (tx): { ok: true } | { ok: false; error: LinkWithTokenError } => {
      const row = tx.select({ userId: graduates.userId }).from(graduates).where(eq(graduates.id, id)).get()
      if (!row) return { ok: false, error: 'invalidLink' }
      if (row.userId === userId) return { ok: true }
      if (row.userId) return { ok: false, error: 'claimed' }
      if (tx.select({ id: graduates.id }).from(graduates).where(eq(graduates.userId, userId)).get()) return { ok: false, error: 'accountLinked' }
      return linkActivatedRow(tx, { userId, graduateId: id, at }) ? { ok: true } : { ok: false, error: 'claimed' }
    },
    { behavior: 'immediate' },
  )
  if (outcome.ok) ctx.bus.publish({ type: 'profile:updated', payload: { userId } })
  return outcome
}
