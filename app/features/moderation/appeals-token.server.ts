import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { decisions } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { APPEAL_WINDOW_DAYS } from '~/features/moderation/schema'

const DAY_MS = 24 * 3600_000
/**
 * An authentic link keeps showing a page this long after the window closed, so that a late reader
 * learns the deadline passed (a clear refusal) instead of « page not found »; after that it is
 * expired and answers 404 like a forged one.
 */
const LATE_PAGE_DAYS = 30

export type DecisionRow = typeof decisions.$inferSelect

/**
 * The « Contester la décision » token: the decision's id and an HMAC of it and of its date under
 * the server's secret. It can be derived again (the log-in page of a deactivated account shows it
 * without having kept it), cannot be guessed or enumerated (the HMAC), and expires with the
 * decision's date. The database keeps only its SHA-256 (`appealTokenHash`), as for every token.
 */
export function appealToken(secret: string, decision: Pick<DecisionRow, 'id' | 'decidedAt'>): string {
  const mac = crypto.createHmac('sha256', secret).update(`appeal:${decision.id}:${decision.decidedAt.getTime()}`).digest('base64url')
  return `${decision.id}.${mac}`
}

export function appealTokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

export function appealUrl(baseUrl: string, token: string): string {
  return new URL(`/recours/${token}`, baseUrl).toString()
}

/** When the appeal window of a decision closes. */
export function appealDeadline(decision: Pick<DecisionRow, 'decidedAt'>): Date {
  return new Date(decision.decidedAt.getTime() + APPEAL_WINDOW_DAYS * DAY_MS)
}

/**
 * The decision a token names, if the token is authentic and not expired; null otherwise (the page
 * answers 404 whatever the reason, so nothing tells a forged token from an unknown decision).
 */
export function decisionFromToken(ctx: AppContext, token: string): DecisionRow | null {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match) return null
  const decision = ctx.db
    .select()
    .from(decisions)
    .where(eq(decisions.id, Number(match[1])))
    .get()
  if (!decision) return null
  const expected = Buffer.from(appealToken(ctx.config.SESSION_SECRET, decision))
  const given = Buffer.from(token)
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null
  if (ctx.now().getTime() > appealDeadline(decision).getTime() + LATE_PAGE_DAYS * DAY_MS) return null
  return decision
}
