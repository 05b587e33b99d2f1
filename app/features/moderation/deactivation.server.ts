import { and, desc, eq, gt, inArray, isNull, or } from 'drizzle-orm'
import { jobOffers, moderationLog } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { loadViewer, setAccountStatus } from '~/features/accounts/accounts.server'
import { cancelFutureRegistrations } from '~/features/events/event-tickets.server'
import type { ModerationTx } from '~/features/moderation/restrictions.server'

/*
 * What deactivation switches off, and what reactivation switches back on.
 * - Sessions and sockets: `setAccountStatus` ends the sessions and publishes `account:deactivated`,
 *   on which `server/realtime` drops the sockets and `server/search-sync` takes the member out of
 *   the search index (re-indexed on `account:reactivated`).
 * - The profile: every directory read asks for an active account, so it answers 404 to others.
 * - Offers: the published ones are unpublished, and their ids logged so that reactivation
 *   republishes exactly those, if they are still valid.
 * - Registrations to events to come: cancelled through the events' own use case (`cancelTicket`,
 *   as an organizer would: places freed, the waitlist promoted, paid tickets refunded). Refunds
 *   cannot be undone: reactivation does not book them again, and the person is told so.
 * - Messages stay; the chat signs them « Membre désactivé ». Dues stay paid.
 */

/** Inside the decision's transaction: offers unpublished, then the account itself (sessions end). */
export function switchOffAccount(ctx: AppContext, tx: ModerationTx, input: { userId: string; decisionId: number; by: string }) {
  const now = ctx.now()
  const offers = tx
    .update(jobOffers)
    .set({ status: 'rejected', updatedAt: now })
    .where(and(eq(jobOffers.authorId, input.userId), eq(jobOffers.status, 'published'), or(isNull(jobOffers.expiresAt), gt(jobOffers.expiresAt, now))))
    .returning({ id: jobOffers.id })
    .all()
  log(tx, now, input, 'account.deactivate', { decisionId: input.decisionId, offerIds: offers.map((o) => o.id) })
  // Last: it publishes on the bus, so that nothing after it can roll the transaction back.
  setAccountStatus(ctx, { userId: input.userId, status: 'deactivated' })
}

/**
 * After the decision committed: registrations to events to come are cancelled one by one by the
 * events' rules (each its own transaction, its refund made first). A refund the provider refused
 * leaves that registration as it was; it is logged for the webmasters to finish by hand.
 */
export async function cancelRegistrationsOnDeactivation(ctx: AppContext, input: { userId: string; decisionId: number; by: string; baseUrl: string }) {
  const decider = loadViewer(ctx, input.by)
  if (!decider) return
  const { cancelled, failed } = await cancelFutureRegistrations(ctx, { userId: input.userId, by: decider, baseUrl: input.baseUrl })
  if (cancelled.length + failed.length > 0)
    log(ctx.db, ctx.now(), input, 'registrations.cancel', { decisionId: input.decisionId, cancelled, failed: failed.map((f) => f.eventId) })
}

/**
 * Inside the decision's (or the reversed appeal's) transaction: the account back, and the offers
 * deactivation unpublished republished if they have not expired. Returns the events whose paid
 * tickets were refunded at deactivation: they are not booked again, and the mail says so.
 */
export function switchOnAccount(ctx: AppContext, tx: ModerationTx, input: { userId: string; decisionId: number; by: string }): { refundedEvents: string[] } {
  const now = ctx.now()
  const lastOff = tx
    .select()
    .from(moderationLog)
    .where(and(eq(moderationLog.subjectUserId, input.userId), eq(moderationLog.action, 'account.deactivate')))
    .orderBy(desc(moderationLog.id))
    .get()
  const off = parse(lastOff?.detail)
  const offerIds = Array.isArray(off.offerIds) ? off.offerIds.filter((id): id is number => typeof id === 'number') : []
  const republished =
    offerIds.length > 0
      ? tx
          .update(jobOffers)
          .set({ status: 'published', updatedAt: now })
          .where(and(inArray(jobOffers.id, offerIds), eq(jobOffers.status, 'rejected'), gt(jobOffers.expiresAt, now)))
          .returning({ id: jobOffers.id })
          .all()
      : []
  const refundedEvents: string[] = []
  if (lastOff) {
    const cancellations = tx
      .select({ detail: moderationLog.detail })
      .from(moderationLog)
      .where(and(eq(moderationLog.subjectUserId, input.userId), eq(moderationLog.action, 'registrations.cancel'), gt(moderationLog.id, lastOff.id)))
      .all()
    for (const c of cancellations) {
      const detail = parse(c.detail)
      if (!Array.isArray(detail.cancelled)) continue
      for (const item of detail.cancelled as { title?: unknown; refunded?: unknown }[])
        if (item.refunded && typeof item.title === 'string') refundedEvents.push(item.title)
    }
  }
  log(tx, now, input, 'account.reactivate', { decisionId: input.decisionId, offerIds: republished.map((o) => o.id), notRebooked: refundedEvents })
  setAccountStatus(ctx, { userId: input.userId, status: 'active' })
  return { refundedEvents }
}

function parse(detail: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(detail ?? '{}')
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function log(tx: ModerationTx, at: Date, input: { userId: string; by: string }, action: string, detail: Record<string, unknown>) {
  tx.insert(moderationLog)
    .values({ actorId: input.by, action, targetKind: 'member', targetId: input.userId, subjectUserId: input.userId, detail: JSON.stringify(detail), at })
    .run()
}
