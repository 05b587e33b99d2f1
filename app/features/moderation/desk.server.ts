import { and, asc, count, countDistinct, desc, eq, inArray, min, ne, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { appeals, decisions, moderationLog, reports, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { citableClauses } from '~/features/moderation/clauses.server'
import { actionsFor, type DeskFilter, REPORT_TARGETS, totalWeight, type ReportTarget } from '~/features/moderation/schema'
import { readSnapshot, targetNow } from '~/features/moderation/desk-targets.server'
import { isHeld } from '~/features/moderation/holds.server'
import { activeRestriction } from '~/features/moderation/restrictions.server'

export const DESK_PAGE_SIZE = 15
const HISTORY_LIMIT = 30

const handledStatuses = ['dismissed', 'actioned'] as const

function filterWhere(filter: Omit<DeskFilter, 'kind'> & { kind?: ReportTarget }): SQL | undefined {
  return and(
    filter.status === 'open' ? eq(reports.status, 'open') : inArray(reports.status, [...handledStatuses]),
    filter.kind ? eq(reports.targetKind, filter.kind) : undefined,
    filter.reason ? eq(reports.reason, filter.reason) : undefined,
  )
}

/** Targets with open reports: the admin navigation's count. */
export function openTargetCount(ctx: Pick<AppContext, 'db'>): number {
  return (
    ctx.db
      .select({ n: countDistinct(sql`${reports.targetKind} || ':' || ${reports.targetId}`) })
      .from(reports)
      .where(eq(reports.status, 'open'))
      .get()?.n ?? 0
  )
}

function reportRows(ctx: AppContext, where: SQL | undefined) {
  return ctx.db
    .select({ report: reports, reporter: { id: users.id, firstName: users.firstName, lastName: users.lastName } })
    .from(reports)
    .leftJoin(users, eq(users.id, reports.reporterId))
    .where(where)
    .orderBy(asc(reports.createdAt), asc(reports.id))
    .all()
    .map(({ report, reporter }) => ({
      id: report.id,
      reason: report.reason,
      clause: report.clause,
      text: report.text,
      weight: report.weight,
      status: report.status,
      createdAt: report.createdAt.toISOString(),
      reporter: reporter?.id ? { id: reporter.id, firstName: reporter.firstName, lastName: reporter.lastName } : null,
      reporterId: report.reporterId,
      snapshot: readSnapshot(report.snapshot),
    }))
}
export type DeskReport = ReturnType<typeof reportRows>[number]

function contentNow(ctx: AppContext, kind: ReportTarget, id: string) {
  const now = targetNow(ctx, kind, id)
  const held = kind !== 'member' && now.state !== 'gone' ? isHeld(ctx, kind, id) : false
  const restricted = now.subjectUserId ? activeRestriction(ctx, now.subjectUserId) : null
  return { ...now, held, restricted: restricted ? { source: restricted.source, endsAt: restricted.endsAt?.toISOString() ?? null } : null }
}

/**
 * The desk's queue: reports grouped by target, the oldest group first, each with its reports, the
 * content as it was reported (the latest snapshot) and as it is now; with counts per kind and status.
 */
export function deskQueue(ctx: AppContext, filter: DeskFilter, page: number) {
  const where = filterWhere(filter)
  const total =
    ctx.db
      .select({ n: countDistinct(sql`${reports.targetKind} || ':' || ${reports.targetId}`) })
      .from(reports)
      .where(where)
      .get()?.n ?? 0
  const pages = Math.max(1, Math.ceil(total / DESK_PAGE_SIZE))
  const current = Math.min(Math.max(1, page), pages)
  const targets = ctx.db
    .select({ kind: reports.targetKind, id: reports.targetId, first: min(reports.createdAt) })
    .from(reports)
    .where(where)
    .groupBy(reports.targetKind, reports.targetId)
    .orderBy(asc(min(reports.createdAt)), asc(reports.targetKind), asc(reports.targetId))
    .limit(DESK_PAGE_SIZE)
    .offset((current - 1) * DESK_PAGE_SIZE)
    .all()
  const groups = targets.map((t) => {
    const rows = reportRows(ctx, and(where, eq(reports.targetKind, t.kind), eq(reports.targetId, t.id)))
    return {
      kind: t.kind,
      id: t.id,
      firstAt: rows[0]?.createdAt ?? null,
      weight: totalWeight(rows),
      reports: rows,
      asReported: rows[rows.length - 1]?.snapshot ?? { title: '', text: '', author: '' },
      now: contentNow(ctx, t.kind, t.id),
    }
  })
  const byKind = ctx.db
    .select({ kind: reports.targetKind, n: countDistinct(reports.targetId) })
    .from(reports)
    .where(filterWhere({ ...filter, kind: undefined }))
    .groupBy(reports.targetKind)
    .all()
  const statusCount = (status: 'open' | 'handled') =>
    ctx.db
      .select({ n: countDistinct(sql`${reports.targetKind} || ':' || ${reports.targetId}`) })
      .from(reports)
      .where(filterWhere({ status, kind: filter.kind, reason: filter.reason }))
      .get()?.n ?? 0
  return {
    groups,
    page: current,
    pages,
    counts: {
      open: statusCount('open'),
      handled: statusCount('handled'),
      byKind: REPORT_TARGETS.map((kind) => ({ kind, count: byKind.find((k) => k.kind === kind)?.n ?? 0 })),
    },
  }
}

function decisionRows(ctx: AppContext, where: SQL | undefined) {
  const decider = alias(users, 'decider')
  return ctx.db
    .select({
      decision: decisions,
      decider: { firstName: decider.firstName, lastName: decider.lastName },
      appealId: appeals.id,
      appealOutcome: appeals.outcome,
    })
    .from(decisions)
    .leftJoin(decider, eq(decider.id, decisions.decidedBy))
    .leftJoin(appeals, eq(appeals.decisionId, decisions.id))
    .where(where)
    .orderBy(desc(decisions.decidedAt), desc(decisions.id))
    .limit(HISTORY_LIMIT)
    .all()
    .map((r) => ({
      id: r.decision.id,
      kind: r.decision.targetKind,
      targetId: r.decision.targetId,
      action: r.decision.action,
      facts: r.decision.facts,
      clause: r.decision.clause,
      durationDays: r.decision.durationDays,
      decidedAt: r.decision.decidedAt.toISOString(),
      decider: r.decider?.firstName ? `${r.decider.firstName} ${r.decider.lastName}` : null,
      appealed: r.appealId !== null,
      appealOutcome: r.appealOutcome,
    }))
}

/**
 * A target's page: every report on it (open first), what it was and is, its decisions, and the
 * subject member's other reports and decisions; the decisions the webmaster may take now.
 */
export function deskTarget(ctx: AppContext, kind: ReportTarget, id: string, viewerId: string) {
  const now = contentNow(ctx, kind, id)
  const onTarget = and(eq(reports.targetKind, kind), eq(reports.targetId, id))
  const open = reportRows(ctx, and(onTarget, eq(reports.status, 'open')))
  const earlier = reportRows(ctx, and(onTarget, ne(reports.status, 'open')))
  const latest = open[open.length - 1] ?? earlier[earlier.length - 1] ?? null
  if (now.state === 'gone' && !latest) return null
  const subjectId = now.subjectUserId ?? ctx.db.select({ id: reports.subjectUserId }).from(reports).where(onTarget).get()?.id ?? null
  const subject = subjectId
    ? (ctx.db
        .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, status: users.status })
        .from(users)
        .where(eq(users.id, subjectId))
        .get() ?? null)
    : null
  const onTargetDecisions = decisionRows(ctx, and(eq(decisions.targetKind, kind), eq(decisions.targetId, id)))
  const elsewhere = (column: typeof reports.targetKind | typeof decisions.targetKind, idColumn: typeof reports.targetId | typeof decisions.targetId) =>
    or(ne(column, kind), ne(idColumn, id))
  const subjectReports = subject
    ? reportRows(ctx, and(eq(reports.subjectUserId, subject.id), elsewhere(reports.targetKind, reports.targetId))).slice(-HISTORY_LIMIT)
    : []
  const subjectDecisions = subject ? decisionRows(ctx, and(eq(decisions.subjectUserId, subject.id), elsewhere(decisions.targetKind, decisions.targetId))) : []
  return {
    kind,
    id,
    now,
    asReported: latest?.snapshot ?? null,
    open,
    earlier,
    weight: totalWeight(open),
    decisions: onTargetDecisions,
    subject: subject ? { id: subject.id, name: `${subject.firstName} ${subject.lastName}`, status: subject.status } : null,
    subjectReports,
    subjectDecisions,
    actions: actionsFor(kind, subject).filter((a) => a === 'dismiss' || subject?.id !== viewerId),
    clauses: citableClauses(ctx)?.map((c) => ({ number: c.number, title: c.title })) ?? null,
  }
}
export type DeskTarget = NonNullable<ReturnType<typeof deskTarget>>

export const LOG_PAGE_SIZE = 50

/** The audit log, newest first: who, when, what, about which target. */
export function moderationLogPage(ctx: AppContext, page: number) {
  const total = ctx.db.select({ n: count() }).from(moderationLog).get()?.n ?? 0
  const pages = Math.max(1, Math.ceil(total / LOG_PAGE_SIZE))
  const current = Math.min(Math.max(1, page), pages)
  const actor = alias(users, 'actor')
  const subject = alias(users, 'subject')
  const rows = ctx.db
    .select({
      entry: moderationLog,
      actor: { firstName: actor.firstName, lastName: actor.lastName },
      subject: { firstName: subject.firstName, lastName: subject.lastName },
    })
    .from(moderationLog)
    .leftJoin(actor, eq(actor.id, moderationLog.actorId))
    .leftJoin(subject, eq(subject.id, moderationLog.subjectUserId))
    .orderBy(desc(moderationLog.at), desc(moderationLog.id))
    .limit(LOG_PAGE_SIZE)
    .offset((current - 1) * LOG_PAGE_SIZE)
    .all()
  return {
    page: current,
    pages,
    entries: rows.map((r) => ({
      id: r.entry.id,
      at: r.entry.at.toISOString(),
      action: r.entry.action,
      actor: r.actor?.firstName ? `${r.actor.firstName} ${r.actor.lastName}` : null,
      subject: r.subject?.firstName ? `${r.subject.firstName} ${r.subject.lastName}` : null,
      targetKind: (REPORT_TARGETS as readonly string[]).includes(r.entry.targetKind ?? '') ? (r.entry.targetKind as ReportTarget) : null,
      targetId: r.entry.targetId,
    })),
  }
}
