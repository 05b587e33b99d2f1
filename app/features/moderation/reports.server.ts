import { and, eq, gte, inArray, sql } from 'drizzle-orm'
import { reports, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { loadViewer } from '~/features/accounts/accounts.server'
import { isPayingMember, type Viewer } from '~/shared/viewer'
import {
  REPORTS_PER_DAY,
  THRESHOLD_WEIGHT,
  THRESHOLD_WINDOW_DAYS,
  reporterWeight,
  totalWeight,
  type ReportReason,
  type ReportTarget,
} from '~/features/moderation/schema'
import { resolveReportTarget, type ReportSnapshot, type ResolvedTarget } from '~/features/moderation/reports-targets.server'
import { reportsMails } from '~/features/moderation/reports-mails.server'
import { activeRestriction, restrictMember, restrictionsChanged, type ModerationTx } from '~/features/moderation/restrictions.server'
import { holdContent } from '~/features/moderation/holds.server'
import { messageHoldChanged } from '~/features/groups/discussions.server'

export { resolveReportTarget, type ReportSnapshot, type ResolvedTarget } from '~/features/moderation/reports-targets.server'

const DAY_MS = 24 * 3600_000

export type FileReportError = 'notFound' | 'self' | 'duplicate' | 'throttled'
export type FileReportResult =
  { ok: true; reportId: number; target: ResolvedTarget; restricted: boolean; held: boolean } | { ok: false; error: FileReportError; target?: ResolvedTarget }

export interface FileReportInput {
  reporterId: string
  targetKind: ReportTarget
  targetId: string
  reason: ReportReason
  /** The clause of the terms, already checked by the form (`clauseError`); kept only with the reason `terms`. */
  clause?: string | null
  text: string
}

/**
 * The target of a report as the report page shows it, with whether this reporter may report it:
 * null when it does not exist or is not theirs to see.
 */
export function reportableTarget(ctx: AppContext, viewer: Viewer, kind: ReportTarget, id: string) {
  const target = resolveReportTarget(ctx, viewer, kind, id)
  if (!target) return null
  const self = target.subjectUserId === viewer.id || (kind === 'group' && target.authorUserId === viewer.id)
  const alreadyOpen = !self && openReportOf(ctx.db, viewer.id, kind, target.id) !== undefined
  return { target, self, alreadyOpen }
}

function openReportOf(db: ModerationTx, reporterId: string, kind: ReportTarget, id: string) {
  return db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.reporterId, reporterId), eq(reports.targetKind, kind), eq(reports.targetId, id), eq(reports.status, 'open')))
    .get()
}

/**
 * Files a report: the target must exist and be visible to the reporter (else `notFound`, the
 * same for both), not be the reporter, not already carry their open report, and the reporter
 * must have filed fewer than 10 in 24 hours. The report keeps a snapshot of the content and the
 * reporter's weight; in the same transaction the thresholds are checked (member restricted,
 * content held) and the mails queued. Rights re-read after commit.
 */
export function fileReport(ctx: AppContext, input: FileReportInput): FileReportResult {
  const reporter = loadViewer(ctx, input.reporterId)
  if (!reporter) return { ok: false, error: 'notFound' }
  const reportable = reportableTarget(ctx, reporter, input.targetKind, input.targetId)
  if (!reportable) return { ok: false, error: 'notFound' }
  const { target } = reportable
  if (reportable.self) return { ok: false, error: 'self', target }
  const account = ctx.db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, reporter.id)).get()
  const now = ctx.now()
  const weight = reporterWeight({ isPayingMember: isPayingMember(reporter), accountCreatedAt: account?.createdAt ?? now, now })

  // IMMEDIATE: the day's count, the « one open report » check and the threshold read what the
  // writes of this same transaction rely on; two reports at once from two processes queue here.
  const outcome = ctx.db.transaction(
    (tx) => {
      const today = tx
        .select({ n: sql<number>`count(*)` })
        .from(reports)
        .where(and(eq(reports.reporterId, reporter.id), gte(reports.createdAt, new Date(now.getTime() - DAY_MS))))
        .get()
      if ((today?.n ?? 0) >= REPORTS_PER_DAY) return { ok: false as const, error: 'throttled' as const }
      if (openReportOf(tx, reporter.id, target.kind, target.id)) return { ok: false as const, error: 'duplicate' as const }
      const row = tx
        .insert(reports)
        .values({
          reporterId: reporter.id,
          targetKind: target.kind,
          targetId: target.id,
          subjectUserId: target.subjectUserId,
          reason: input.reason,
          clause: input.reason === 'terms' ? (input.clause ?? null) : null,
          text: input.text,
          weight,
          snapshot: JSON.stringify(target.snapshot),
          createdAt: now,
        })
        .returning({ id: reports.id })
        .get()
      reportsMails.received(ctx, { reportId: row.id, reporterId: reporter.id, kind: target.kind, title: target.snapshot.title })
      const restricted = target.subjectUserId ? restrictAtThreshold(ctx, tx, target.subjectUserId) : false
      const held = target.kind !== 'member' ? holdAtThreshold(ctx, tx, target) : false
      return { ok: true as const, reportId: row.id, restricted, held }
    },
    { behavior: 'immediate' },
  )
  if (!outcome.ok) return { ...outcome, target }
  if (outcome.restricted && target.subjectUserId) restrictionsChanged(ctx, target.subjectUserId)
  // Open chats show the placeholder at once, not at their next reload.
  if (outcome.held && target.kind === 'message') messageHoldChanged(ctx, Number(target.id))
  return { ...outcome, target }
}

const windowStart = (now: Date) => new Date(now.getTime() - THRESHOLD_WINDOW_DAYS * DAY_MS)

/**
 * Open reports about one member within 30 days: their profile's and their content's (a member
 * posting several offensive messages is weighed as one person, which is the point), each
 * reporter counted once. Reports a webmaster already handled do not count again.
 */
export function openWeightAbout(ctx: Pick<AppContext, 'db' | 'now'>, userId: string, tx: ModerationTx = ctx.db): number {
  const rows = tx
    .select({ reporterId: reports.reporterId, weight: reports.weight })
    .from(reports)
    .where(and(eq(reports.subjectUserId, userId), eq(reports.status, 'open'), gte(reports.createdAt, windowStart(ctx.now()))))
    .all()
  return totalWeight(rows)
}

/** The same weighing for one piece of content: its own open reports within 30 days. */
export function openWeightOn(ctx: Pick<AppContext, 'db' | 'now'>, kind: ReportTarget, id: string, tx: ModerationTx = ctx.db): number {
  const rows = tx
    .select({ reporterId: reports.reporterId, weight: reports.weight })
    .from(reports)
    .where(and(eq(reports.targetKind, kind), eq(reports.targetId, id), eq(reports.status, 'open'), gte(reports.createdAt, windowStart(ctx.now()))))
    .all()
  return totalWeight(rows)
}

function restrictAtThreshold(ctx: AppContext, tx: ModerationTx, userId: string): boolean {
  const subject = tx.select({ status: users.status }).from(users).where(eq(users.id, userId)).get()
  // A deactivated account has nothing left to restrict; an existing restriction is not doubled.
  if (!subject || subject.status !== 'active' || activeRestriction(ctx, userId, tx)) return false
  if (openWeightAbout(ctx, userId, tx) < THRESHOLD_WEIGHT) return false
  const restriction = restrictMember(ctx, { userId, source: 'threshold' }, tx)
  reportsMails.restricted(ctx, { userId, restrictionId: restriction.id })
  return true
}

function holdAtThreshold(ctx: AppContext, tx: ModerationTx, target: ResolvedTarget): boolean {
  if (target.kind === 'member') return false
  if (openWeightOn(ctx, target.kind, target.id, tx) < THRESHOLD_WEIGHT) return false
  if (!holdContent(ctx, target.kind, target.id, tx)) return false
  if (target.authorUserId) {
    reportsMails.held(ctx, { authorId: target.authorUserId, kind: target.kind, title: target.snapshot.title, path: target.snapshot.path, heldAt: ctx.now() })
  }
  return true
}

/**
 * A webmaster decided on a target: its open reports are closed as `dismissed` (nothing against
 * the terms) or `actioned`, linked to the decision, and each reporter is told the outcome (not the
 * sanction). For the desk, inside its decision's transaction. Returns how many were closed.
 */
export function closeReports(
  ctx: AppContext,
  input: { targetKind: ReportTarget; targetId: string; outcome: 'dismissed' | 'actioned'; decisionId?: number | null; reportIds?: number[] },
  tx: ModerationTx = ctx.db,
): number {
  const now = ctx.now()
  const closed = tx
    .update(reports)
    .set({ status: input.outcome, handledAt: now, decisionId: input.decisionId ?? null })
    .where(
      and(
        eq(reports.targetKind, input.targetKind),
        eq(reports.targetId, input.targetId),
        eq(reports.status, 'open'),
        input.reportIds ? inArray(reports.id, input.reportIds) : undefined,
      ),
    )
    .returning()
    .all()
  for (const report of closed) {
    if (!report.reporterId) continue
    const snapshot = JSON.parse(report.snapshot) as ReportSnapshot
    reportsMails.outcome(ctx, {
      reportId: report.id,
      reporterId: report.reporterId,
      kind: report.targetKind,
      title: snapshot.title,
      outcome: input.outcome,
      createdAt: report.createdAt,
    })
  }
  return closed.length
}
