import { and, eq } from 'drizzle-orm'
import { decisions, moderationLog, reports, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { loadViewer } from '~/features/accounts/accounts.server'
import { cancelEvent } from '~/features/events/event-tickets.server'
import { appealToken, appealTokenHash, type DecisionRow } from '~/features/moderation/appeals-token.server'
import { decisionMails } from '~/features/moderation/decision-mails.server'
import { citableClauses } from '~/features/moderation/clauses.server'
import { removeContent } from '~/features/moderation/decisions-content.server'
import { actionsFor, type DecisionAction, type ReportTarget } from '~/features/moderation/schema'
import { cancelRegistrationsOnDeactivation, switchOffAccount, switchOnAccount } from '~/features/moderation/deactivation.server'
import { targetNow } from '~/features/moderation/desk-targets.server'
import { closeReports } from '~/features/moderation/reports.server'
import { releaseHold } from '~/features/moderation/holds.server'
import { messageHoldChanged } from '~/features/groups/discussions.server'
import { activeRestriction, liftRestrictions, restrictMember, restrictionsChanged, type ModerationTx } from '~/features/moderation/restrictions.server'

const DAY_MS = 24 * 3600_000

export interface DecideInput {
  /** The webmaster deciding. */
  by: string
  targetKind: ReportTarget
  targetId: string
  action: DecisionAction
  facts: string
  clause?: string | null
  /** For a restriction: how many days. */
  durationDays?: number | null
  baseUrl: string
}

export type DecideError = 'notWebmaster' | 'notFound' | 'notAllowed' | 'self' | 'durationRequired' | 'clauseUnknown'
export type DecideResult = { ok: true; decisionId: number } | { ok: false; error: DecideError }

/** The person a decision is about: the target's subject now, or the one the reports named (content since deleted). */
function subjectOf(tx: ModerationTx, kind: ReportTarget, id: string, fromTarget: string | null) {
  const subjectId =
    fromTarget ??
    tx
      .select({ id: reports.subjectUserId })
      .from(reports)
      .where(and(eq(reports.targetKind, kind), eq(reports.targetId, id)))
      .get()?.id ??
    null
  if (!subjectId) return null
  return tx.select({ id: users.id, status: users.status }).from(users).where(eq(users.id, subjectId)).get() ?? null
}

/**
 * The desk's decision, the one door for dismiss, warn, remove, restrict, deactivate and
 * reactivate (also used by /admin/comptes). In one transaction: the decision and its statement
 * of reasons, the effect, the reports on the target marked handled, the threshold's restriction
 * lifted or replaced and the content's hold released, the statement mailed to the person and the
 * outcome to each reporter, every step in the moderation log. Then, after commit, what the events'
 * rules do in their own transactions: registrations cancelled (deactivation), an event cancelled.
 */
export async function decide(ctx: AppContext, input: DecideInput): Promise<DecideResult> {
  const decider = loadViewer(ctx, input.by)
  if (!decider?.isWebmaster) return { ok: false, error: 'notWebmaster' }
  const target = targetNow(ctx, input.targetKind, input.targetId)
  const subject = subjectOf(ctx.db, input.targetKind, input.targetId, target.subjectUserId)
  const hasReports = !!ctx.db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.targetKind, input.targetKind), eq(reports.targetId, input.targetId)))
    .get()
  if (target.state === 'gone' && !(hasReports && input.action === 'dismiss')) return { ok: false, error: 'notFound' }
  if (!actionsFor(input.targetKind, subject).includes(input.action)) return { ok: false, error: 'notAllowed' }
  if (input.action !== 'dismiss' && subject?.id === input.by) return { ok: false, error: 'self' }
  if (input.action === 'restrict' && !input.durationDays) return { ok: false, error: 'durationRequired' }
  const clause = input.clause?.trim() || null
  const clauses = clause ? citableClauses(ctx) : null
  if (clause && clauses && !clauses.some((c) => c.number === clause)) return { ok: false, error: 'clauseUnknown' }

  const now = ctx.now()
  const durationDays = input.action === 'restrict' ? (input.durationDays ?? null) : null
  const endsAt = durationDays ? new Date(now.getTime() + durationDays * DAY_MS) : null
  const subjectId = subject?.id ?? null
  const contentKind = input.targetKind === 'member' ? null : input.targetKind

  const outcome = ctx.db.transaction(
    (tx) => {
      const inserted = tx
        .insert(decisions)
        .values({
          targetKind: input.targetKind,
          targetId: input.targetId,
          subjectUserId: subjectId,
          action: input.action,
          facts: input.facts.trim(),
          clause,
          durationDays,
          endsAt,
          decidedBy: input.by,
          decidedAt: now,
        })
        .returning()
        .get()
      const token = appealToken(ctx.config.SESSION_SECRET, inserted)
      const decision: DecisionRow = tx
        .update(decisions)
        .set({ appealTokenHash: appealTokenHash(token) })
        .where(eq(decisions.id, inserted.id))
        .returning()
        .get()
      let restrictionsMoved = false
      const step = { userId: subjectId ?? '', decisionId: decision.id, by: input.by }

      // The report threshold's restriction ends with any decision about the member; one a
      // decision imposed earlier stays unless this one replaces or ends it.
      if (subjectId && input.targetKind === 'member') {
        const current = activeRestriction(ctx, subjectId, tx)
        if (current && (current.source === 'threshold' || ['restrict', 'deactivate', 'reactivate'].includes(input.action))) {
          restrictionsMoved = liftRestrictions(ctx, { userId: subjectId, decisionId: decision.id, actorId: input.by }, tx) > 0
        }
      }
      const released = contentKind ? releaseHold(ctx, contentKind, input.targetId, tx, input.by) : false

      if (input.action === 'remove' && contentKind)
        removeContent(ctx, tx, { kind: contentKind, id: Number(input.targetId), by: decider, facts: decision.facts, decisionId: decision.id })
      if (input.action === 'restrict' && subjectId) {
        restrictMember(ctx, { userId: subjectId, source: 'decision', decisionId: decision.id, endsAt, actorId: input.by }, tx)
        restrictionsMoved = true
      }

      const handled = closeReports(
        ctx,
        { targetKind: input.targetKind, targetId: input.targetId, outcome: input.action === 'dismiss' ? 'dismissed' : 'actioned', decisionId: decision.id },
        tx,
      )

      tx.insert(moderationLog)
        .values({
          actorId: input.by,
          action: `decision.${input.action}`,
          targetKind: input.targetKind,
          targetId: input.targetId,
          subjectUserId: subjectId,
          detail: JSON.stringify({ decisionId: decision.id, clause, durationDays, reports: handled }),
          at: now,
        })
        .run()
      decisionMails.statement(ctx, tx, decision, { token, baseUrl: input.baseUrl, targetTitle: target.title })

      let refundedEvents: string[] = []
      // Last: the account's switch publishes on the bus.
      if (input.action === 'deactivate' && subjectId) switchOffAccount(ctx, tx, step)
      if (input.action === 'reactivate' && subjectId) {
        refundedEvents = switchOnAccount(ctx, tx, step).refundedEvents
        decisionMails.ticketsNotRebooked(ctx, tx, { userId: subjectId, events: refundedEvents, key: `decision:${decision.id}` })
      }
      return { decision, restrictionsMoved, released }
    },
    { behavior: 'immediate' },
  )

  if (outcome.restrictionsMoved && subjectId) restrictionsChanged(ctx, subjectId)
  // A released message shows again in open chats at once (a removed one went out as deleted).
  if (outcome.released && input.targetKind === 'message' && input.action !== 'remove') messageHoldChanged(ctx, Number(input.targetId))
  if (input.action === 'deactivate' && subjectId)
    await cancelRegistrationsOnDeactivation(ctx, { userId: subjectId, decisionId: outcome.decision.id, by: input.by, baseUrl: input.baseUrl })
  if (input.action === 'remove' && input.targetKind === 'event') await cancelEvent(ctx, decider, Number(input.targetId), input.baseUrl)
  return { ok: true, decisionId: outcome.decision.id }
}

/** The statement of reasons as pages show it (the log-in page of a deactivated account, /recours, the desk). */
export interface Statement {
  decisionId: number
  action: DecisionAction
  targetKind: ReportTarget
  facts: string
  clause: string | null
  durationDays: number | null
  endsAt: string | null
  decidedAt: string
}

export function statementOf(decision: DecisionRow): Statement {
  return {
    decisionId: decision.id,
    action: decision.action,
    targetKind: decision.targetKind,
    facts: decision.facts,
    clause: decision.clause,
    durationDays: decision.durationDays,
    endsAt: decision.endsAt?.toISOString() ?? null,
    decidedAt: decision.decidedAt.toISOString(),
  }
}
