import crypto from 'node:crypto'
import { and, asc, count, eq, lte, sql } from 'drizzle-orm'
import { preparedOnce } from '../../../db/client'
import { jobAlerts, memberships, users, type JobAlertCriteria } from '../../../db/schema'
import { APPROVAL_UNDO_MS, jobSearchQuery } from '~/features/careers/schema'
import { careersMails } from '~/features/careers/careers-mails.server'
import { findJobOffers } from '~/features/careers/careers-search.server'
import type { AppContext } from '~/context.server'
import { recordConsent } from '~/features/privacy/consents.server'
import type { Transaction } from '~/features/privacy/schema'

export const ALERTS_PER_MEMBER = 10
export const ALERT_INTERVAL_MS = 7 * 24 * 60 * 60_000
/** A weekly mail lists this many offers at most; its button opens the whole search. */
const OFFERS_PER_MAIL = 20

/** Saves a search; offers published from now on are mailed weekly. */
export function createJobAlert(
  ctx: AppContext,
  userId: string,
  criteria: JobAlertCriteria,
  origin: string,
): { ok: true; id: number } | { ok: false; error: 'limit' } {
  // IMMEDIATE: the count and the insert under one write lock, so two processes cannot both add the tenth.
  return ctx.db.transaction(
    (tx) => {
      const existing = tx.select({ n: count() }).from(jobAlerts).where(eq(jobAlerts.userId, userId)).get()?.n ?? 0
      if (existing >= ALERTS_PER_MEMBER) return { ok: false as const, error: 'limit' as const }
      const now = ctx.now()
      const { id } = tx.insert(jobAlerts).values({ userId, criteria, origin, createdAt: now, lastSentAt: now }).returning({ id: jobAlerts.id }).get()
      // The first alert gives the consent to job alerts (the consent centre's history).
      recordConsent(tx, { userId, consent: 'jobAlerts', granted: true, via: 'alerts', at: now, was: existing > 0 })
      return { ok: true as const, id }
    },
    { behavior: 'immediate' },
  )
}

export function listJobAlerts(ctx: AppContext, userId: string) {
  return alertsStatement(ctx.db).all({ userId })
}

// On every member's home page and the alerts page: prepared once per connection.
const alertsStatement = preparedOnce((db) =>
  db
    .select()
    .from(jobAlerts)
    .where(eq(jobAlerts.userId, sql.placeholder('userId')))
    .orderBy(asc(jobAlerts.createdAt), asc(jobAlerts.id))
    .prepare(),
)

export function deleteJobAlert(ctx: AppContext, userId: string, alertId: number): boolean {
  return ctx.db.transaction((tx) => {
    const removed = tx
      .delete(jobAlerts)
      .where(and(eq(jobAlerts.id, alertId), eq(jobAlerts.userId, userId)))
      .run().changes
    if (removed > 0) alertsConsentAfterRemoval(tx, userId, 'alerts', ctx.now())
    return removed > 0
  })
}

/** Removing the last alert withdraws the consent to job alerts (and calls back a queued alert mail). */
function alertsConsentAfterRemoval(tx: Transaction, userId: string, via: 'alerts' | 'unsubscribe', at: Date) {
  const left = tx.select({ n: count() }).from(jobAlerts).where(eq(jobAlerts.userId, userId)).get()?.n ?? 0
  recordConsent(tx, { userId, consent: 'jobAlerts', granted: left > 0, via, at, was: true })
}

/** The unsubscribe link's signature: an HMAC of the alert id with the site's secret, no login needed. */
export function alertToken(secret: string, alertId: number): string {
  return crypto.createHmac('sha256', secret).update(`job-alert:${alertId}`).digest('base64url')
}

export function unsubscribeUrl(ctx: AppContext, alertId: number, origin: string): string {
  const url = new URL('/carriere/alertes/desabonner', origin)
  url.searchParams.set('alerte', String(alertId))
  url.searchParams.set('jeton', alertToken(ctx.config.SESSION_SECRET, alertId))
  return url.toString()
}

export function verifyAlertToken(ctx: AppContext, alertId: number, token: string): boolean {
  const expected = Buffer.from(alertToken(ctx.config.SESSION_SECRET, alertId))
  const given = Buffer.from(token)
  return given.length === expected.length && crypto.timingSafeEqual(given, expected)
}

/** The alert an unsubscribe link names, if its signature holds (null once deleted). */
export function alertForToken(ctx: AppContext, alertId: number, token: string) {
  if (!verifyAlertToken(ctx, alertId, token)) return 'invalid' as const
  return ctx.db.select().from(jobAlerts).where(eq(jobAlerts.id, alertId)).get() ?? null
}

export function unsubscribeJobAlert(ctx: AppContext, alertId: number, token: string): 'removed' | 'gone' | 'invalid' {
  if (!verifyAlertToken(ctx, alertId, token)) return 'invalid'
  return ctx.db.transaction((tx) => {
    const removed = tx.delete(jobAlerts).where(eq(jobAlerts.id, alertId)).returning({ userId: jobAlerts.userId }).get()
    if (removed) alertsConsentAfterRemoval(tx, removed.userId, 'unsubscribe', ctx.now())
    return removed ? 'removed' : 'gone'
  })
}

/**
 * Every alert whose last mail is a week old or more: the offers published since then that match
 * it, in one mail. Each alert is claimed by moving `lastSentAt` in the transaction that queues
 * its mail, so neither a restart nor a second process sends a week's mail twice.
 * Alerts of accounts that no longer read offers (dues suspended, deactivated) stay silent.
 */
export async function sendWeeklyJobAlerts(ctx: AppContext): Promise<{ due: number; sent: number }> {
  const now = ctx.now()
  const due = ctx.db
    .select({ alert: jobAlerts, user: users, membership: memberships.status })
    .from(jobAlerts)
    .innerJoin(users, eq(users.id, jobAlerts.userId))
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(lte(jobAlerts.lastSentAt, new Date(now.getTime() - ALERT_INTERVAL_MS)))
    .orderBy(asc(jobAlerts.lastSentAt))
    .all()
  let sent = 0
  for (const { alert, user, membership } of due) {
    const reader = user.status === 'active' && (membership === 'active' || user.role === 'webmaster')
    // An offer is mailed once its undo minute is over (a publication taken back never reaches an
    // inbox): the window lags that minute behind the claim, so consecutive weeks still tile; it
    // never reaches back before the alert was saved.
    const window = {
      publishedAfter: new Date(Math.max(alert.lastSentAt.getTime() - APPROVAL_UNDO_MS, alert.createdAt.getTime())),
      publishedBefore: new Date(now.getTime() - APPROVAL_UNDO_MS),
    }
    const { offers } = reader ? findJobOffers(ctx, alert.criteria, window) : { offers: [] }
    const origin = ctx.config.APP_URL ?? alert.origin
    // The claim (moving `lastSentAt`) and the mail are one transaction: another process running
    // the job at the same moment skips the alert, and a crash loses neither.
    const queued = ctx.db.transaction(() => {
      const claim = and(eq(jobAlerts.id, alert.id), eq(jobAlerts.lastSentAt, alert.lastSentAt))
      if (ctx.db.update(jobAlerts).set({ lastSentAt: now }).where(claim).run().changes === 0 || offers.length === 0) return false
      careersMails.alert(ctx, {
        to: { email: user.email, firstName: user.firstName, locale: user.locale },
        offers: offers.slice(0, OFFERS_PER_MAIL),
        total: offers.length,
        searchUrl: new URL(jobSearchQuery(alert.criteria), origin).toString(),
        unsubscribeUrl: unsubscribeUrl(ctx, alert.id, origin),
        baseUrl: origin,
      })
      return true
    })
    if (queued) sent++
  }
  return { due: due.length, sent }
}
