import { and, asc, count, desc, eq, inArray, isNull, ne } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { appeals, decisions, moderationLog, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { appealDeadline, appealToken, appealUrl, decisionFromToken, type DecisionRow } from '~/features/moderation/appeals-token.server'
import { decisionMails } from '~/features/moderation/decision-mails.server'
import { restoreContent } from '~/features/moderation/decisions-content.server'
import { statementOf, type Statement } from '~/features/moderation/decisions.server'
import { switchOnAccount } from '~/features/moderation/deactivation.server'
import { liftRestrictions, restrictionsChanged, type ModerationTx } from '~/features/moderation/restrictions.server'

type AppealRow = typeof appeals.$inferSelect

export interface AppealState {
  statement: Statement
  /** When the window to contest closes (ISO). */
  deadline: string
  /** `open`: the form is offered; `late`: the 20 days are over; `filed`: the one appeal was made. */
  state: 'open' | 'late' | 'filed'
  appeal: { createdAt: string; outcome: AppealRow['outcome']; answer: string | null; answeredAt: string | null } | null
}

function appealOf(tx: ModerationTx, decisionId: number) {
  return tx.select().from(appeals).where(eq(appeals.decisionId, decisionId)).get() ?? null
}

function stateOf(ctx: AppContext, decision: DecisionRow, appeal: AppealRow | null): AppealState {
  const deadline = appealDeadline(decision)
  return {
    statement: statementOf(decision),
    deadline: deadline.toISOString(),
    state: appeal ? 'filed' : ctx.now() > deadline ? 'late' : 'open',
    appeal: appeal
      ? { createdAt: appeal.createdAt.toISOString(), outcome: appeal.outcome, answer: appeal.answer, answeredAt: appeal.answeredAt?.toISOString() ?? null }
      : null,
  }
}

/** What /recours/:token shows; null for a forged, unknown or expired token (the page answers 404). */
export function appealPage(ctx: AppContext, token: string): AppealState | null {
  const decision = decisionFromToken(ctx, token)
  return decision ? stateOf(ctx, decision, appealOf(ctx.db, decision.id)) : null
}

/**
 * The log-in page of a deactivated account, after a correct password: the statement of the
 * deactivation and a fresh link to contest it. Null when the account was deactivated without a
 * decision (before the desk existed): the page then says to contact the association.
 */
export function deactivationNotice(ctx: AppContext, userId: string, baseUrl: string): (AppealState & { appealUrl: string }) | null {
  const decision = ctx.db
    .select()
    .from(decisions)
    .where(and(eq(decisions.subjectUserId, userId), inArray(decisions.action, ['deactivate', 'reactivate'])))
    .orderBy(desc(decisions.decidedAt), desc(decisions.id))
    .get()
  // The latest switch is what stands: a reactivation since means this deactivation came from elsewhere.
  if (!decision || decision.action !== 'deactivate') return null
  return { ...stateOf(ctx, decision, appealOf(ctx.db, decision.id)), appealUrl: appealUrl(baseUrl, appealToken(ctx.config.SESSION_SECRET, decision)) }
}

/** The webmaster an appeal goes to: another than the one who decided, the least busy; the decider only when alone. */
function assigneeFor(tx: ModerationTx, decidedBy: string | null): string | null {
  const open = tx
    .select({ id: users.id, load: count(appeals.id) })
    .from(users)
    .leftJoin(appeals, and(eq(appeals.assignedTo, users.id), isNull(appeals.answeredAt)))
    .where(and(eq(users.role, 'webmaster'), eq(users.status, 'active')))
    .groupBy(users.id)
    .orderBy(asc(count(appeals.id)), asc(users.createdAt), asc(users.id))
    .all()
  return (open.find((w) => w.id !== decidedBy) ?? open[0])?.id ?? null
}

export type FileAppealResult = { ok: true } | { ok: false; error: 'notFound' | 'late' | 'already' }

/** One appeal per decision, within 20 days, without a session: recorded, assigned, the person and the assignee mailed. */
export function fileAppeal(ctx: AppContext, input: { token: string; text: string; baseUrl: string }): FileAppealResult {
  const decision = decisionFromToken(ctx, input.token)
  if (!decision) return { ok: false, error: 'notFound' }
  const now = ctx.now()
  if (now > appealDeadline(decision)) return { ok: false, error: 'late' }
  return ctx.db.transaction(
    (tx): FileAppealResult => {
      if (appealOf(tx, decision.id)) return { ok: false, error: 'already' }
      const assignedTo = assigneeFor(tx, decision.decidedBy)
      const appeal = tx.insert(appeals).values({ decisionId: decision.id, text: input.text.trim(), assignedTo, createdAt: now }).returning().get()
      tx.insert(moderationLog)
        .values({
          actorId: decision.subjectUserId,
          action: 'appeal.file',
          targetKind: decision.targetKind,
          targetId: decision.targetId,
          subjectUserId: decision.subjectUserId,
          detail: JSON.stringify({ decisionId: decision.id, appealId: appeal.id, assignedTo }),
          at: now,
        })
        .run()
      decisionMails.appealReceived(ctx, tx, decision)
      if (assignedTo) decisionMails.appealAssigned(ctx, tx, { assigneeId: assignedTo, appealId: appeal.id, baseUrl: input.baseUrl })
      return { ok: true }
    },
    { behavior: 'immediate' },
  )
}

export type AnswerAppealResult = { ok: true } | { ok: false; error: 'notFound' | 'answered' | 'decider' }

/**
 * The answer from the desk: upheld, or reversed — the decision undone as far as it can be (the
 * account back with its offers, the restriction lifted, the content restored; refunded tickets
 * are not booked again) — and mailed with its reasons. Another webmaster than the decider answers
 * when there is one.
 */
export function answerAppeal(ctx: AppContext, input: { by: string; appealId: number; outcome: 'upheld' | 'reversed'; answer: string }): AnswerAppealResult {
  const now = ctx.now()
  const result = ctx.db.transaction(
    (tx) => {
      const row = tx
        .select({ appeal: appeals, decision: decisions })
        .from(appeals)
        .innerJoin(decisions, eq(decisions.id, appeals.decisionId))
        .where(eq(appeals.id, input.appealId))
        .get()
      if (!row) return { ok: false as const, error: 'notFound' as const }
      const { appeal, decision } = row
      if (appeal.answeredAt) return { ok: false as const, error: 'answered' as const }
      if (input.by === decision.decidedBy && assigneeFor(tx, decision.decidedBy) !== decision.decidedBy)
        return { ok: false as const, error: 'decider' as const }
      tx.update(appeals)
        .set({ outcome: input.outcome, answer: input.answer.trim(), answeredBy: input.by, answeredAt: now })
        .where(eq(appeals.id, appeal.id))
        .run()
      let ticketsNotRebooked: string[] = []
      let lifted = false
      if (input.outcome === 'reversed' && decision.subjectUserId) {
        const step = { userId: decision.subjectUserId, decisionId: decision.id, by: input.by }
        if (decision.action === 'deactivate') ticketsNotRebooked = switchOnAccount(ctx, tx, step).refundedEvents
        if (decision.action === 'restrict')
          lifted = liftRestrictions(ctx, { userId: decision.subjectUserId, decisionId: decision.id, actorId: input.by }, tx) > 0
      }
      if (input.outcome === 'reversed' && decision.action === 'remove' && decision.targetKind !== 'member')
        restoreContent(ctx, tx, { kind: decision.targetKind, id: Number(decision.targetId), by: input.by, decisionId: decision.id })
      tx.insert(moderationLog)
        .values({
          actorId: input.by,
          action: `appeal.${input.outcome}`,
          targetKind: decision.targetKind,
          targetId: decision.targetId,
          subjectUserId: decision.subjectUserId,
          detail: JSON.stringify({ decisionId: decision.id, appealId: appeal.id }),
          at: now,
        })
        .run()
      decisionMails.appealAnswered(ctx, tx, { decision, appealId: appeal.id, outcome: input.outcome, answer: input.answer.trim(), ticketsNotRebooked })
      return { ok: true as const, lifted, subjectUserId: decision.subjectUserId }
    },
    { behavior: 'immediate' },
  )
  if (!result.ok) return result
  if (result.lifted && result.subjectUserId) restrictionsChanged(ctx, result.subjectUserId)
  return { ok: true }
}

/** The desk's « Recours » tab: unanswered first (oldest first), then the answered ones. */
export function deskAppeals(ctx: AppContext, input: { limit?: number } = {}) {
  const subject = alias(users, 'subject')
  const assignee = alias(users, 'assignee')
  const decider = alias(users, 'decider')
  const rows = ctx.db
    .select({
      appeal: appeals,
      decision: decisions,
      subject: { id: subject.id, firstName: subject.firstName, lastName: subject.lastName },
      assignee: { id: assignee.id, firstName: assignee.firstName, lastName: assignee.lastName },
      decider: { id: decider.id, firstName: decider.firstName, lastName: decider.lastName },
    })
    .from(appeals)
    .innerJoin(decisions, eq(decisions.id, appeals.decisionId))
    .leftJoin(subject, eq(subject.id, decisions.subjectUserId))
    .leftJoin(assignee, eq(assignee.id, appeals.assignedTo))
    .leftJoin(decider, eq(decider.id, decisions.decidedBy))
    .orderBy(asc(appeals.answeredAt), asc(appeals.createdAt))
    .limit(input.limit ?? 100)
    .all()
  return rows.map((r) => ({
    id: r.appeal.id,
    text: r.appeal.text,
    createdAt: r.appeal.createdAt.toISOString(),
    outcome: r.appeal.outcome,
    answer: r.appeal.answer,
    answeredAt: r.appeal.answeredAt?.toISOString() ?? null,
    statement: statementOf(r.decision),
    targetId: r.decision.targetId,
    decidedBy: r.decision.decidedBy,
    subject: r.subject?.id ? r.subject : null,
    assignee: r.assignee?.id ? r.assignee : null,
    decider: r.decider?.id ? r.decider : null,
  }))
}

/** Appeals waiting for an answer (the tab's count). */
export function openAppealCount(ctx: AppContext): number {
  return ctx.db.select({ n: count() }).from(appeals).where(isNull(appeals.answeredAt)).get()?.n ?? 0
}

/** Active webmasters other than `userId` exist (an appeal can go to someone else). */
export function otherWebmasters(ctx: AppContext, userId: string): number {
  return (
    ctx.db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'webmaster'), eq(users.status, 'active'), ne(users.id, userId)))
      .get()?.n ?? 0
  )
}
