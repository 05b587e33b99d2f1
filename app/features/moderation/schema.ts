import { z } from 'zod'
import type { REPORT_REASONS as DB_REPORT_REASONS, REPORT_TARGETS as DB_REPORT_TARGETS } from '../../../db/schema/moderation'

// Moderation's browser-safe rules for reports: what may be reported, the reasons, the form, the
// weights and thresholds. Read by the report page, the use cases and the desk.

export const REPORT_TARGETS = ['member', 'message', 'offer', 'event', 'group'] as const satisfies typeof DB_REPORT_TARGETS
export const REPORT_REASONS = ['harassment', 'spam', 'false_identity', 'offensive', 'terms', 'other'] as const satisfies typeof DB_REPORT_REASONS
export type ReportTarget = (typeof REPORT_TARGETS)[number]
export type ReportReason = (typeof REPORT_REASONS)[number]
/** The kinds of content that can be held for review (a member is restricted instead). */
export type HeldKind = Exclude<ReportTarget, 'member'>
/** A hold as its author's pages show it: `held` (one edit still allowed) or `edited` (spent). */
export type HoldState = 'held' | 'edited'

/** The report's text: long enough to say what happened, short enough to read at the desk. */
export const REPORT_TEXT_MIN = 10
export const REPORT_TEXT_MAX = 2000
/** Reports an account may file per rolling 24 hours. */
export const REPORTS_PER_DAY = 10

/** A paying member's report weighs 1; a new account's (under 30 days) or one without dues 0.5. */
export const WEIGHT_PAYING = 1
export const WEIGHT_NEW_OR_UNPAID = 0.5
export const NEW_ACCOUNT_DAYS = 30
/** Distinct reporters whose weights add up to this, within the window, restrict a member or hold content. */
export const THRESHOLD_WEIGHT = 3
export const THRESHOLD_WINDOW_DAYS = 30
/** Open reports unhandled this long are mailed to the webmasters. */
export const REMINDER_AFTER_HOURS = 48

const DAY_MS = 24 * 3600_000

/** The weight of a reporter's report: the one rule, used when filing and shown at the desk. */
export function reporterWeight(input: { isPayingMember: boolean; accountCreatedAt: Date; now: Date }): number {
  const young = input.now.getTime() - input.accountCreatedAt.getTime() < NEW_ACCOUNT_DAYS * DAY_MS
  return input.isPayingMember && !young ? WEIGHT_PAYING : WEIGHT_NEW_OR_UNPAID
}

/** Whether distinct reporters' weights reach the threshold: each reporter counts once, with their highest weight. */
export function reachesThreshold(reports: { reporterId: string | null; weight: number }[]): boolean {
  return totalWeight(reports) >= THRESHOLD_WEIGHT
}

export function totalWeight(reports: { reporterId: string | null; weight: number }[]): number {
  const byReporter = new Map<string, number>()
  for (const r of reports) {
    if (!r.reporterId) continue
    byReporter.set(r.reporterId, Math.max(byReporter.get(r.reporterId) ?? 0, r.weight))
  }
  let sum = 0
  for (const w of byReporter.values()) sum += w
  return sum
}

/** A clause of the terms as members cite it: « 4 », « 4.2 », « 4.2.1 ». */
export const CLAUSE_PATTERN = /^\d{1,2}(\.\d{1,2}){0,2}$/

/** The target of a report, as it sits in the URL of the report page (`/signaler?cible=member&id=…`). */
export const ReportTargetQuery = z.object({
  cible: z.enum(REPORT_TARGETS),
  id: z.string().trim().min(1).max(64),
})

/**
 * The report form (`/signaler`): target, reason, clause, text. Checked field by field
 * (`parseFields`) so that every error shows at once; the clause's rule is `clauseError`.
 */
export const ReportForm = z.object({
  cible: z.enum(REPORT_TARGETS, { errorMap: () => ({ message: 'moderation.reports.error.target' }) }),
  id: z
    .string({ required_error: 'moderation.reports.error.target' })
    .trim()
    .min(1, 'moderation.reports.error.target')
    .max(64, 'moderation.reports.error.target'),
  reason: z.enum(REPORT_REASONS, { errorMap: () => ({ message: 'moderation.reports.error.reason' }) }),
  clause: z.string().trim().max(20, 'moderation.reports.error.clause').optional().default(''),
  text: z
    .string({ required_error: 'moderation.reports.error.textRequired' })
    .trim()
    .min(1, 'moderation.reports.error.textRequired')
    .min(REPORT_TEXT_MIN, 'moderation.reports.error.textShort')
    .max(REPORT_TEXT_MAX, 'moderation.reports.error.textLong'),
})

/**
 * The clause's rule: required with « manquement aux conditions d'utilisation », one of the
 * current terms' clauses when they are known (else a number like « 4.2 »), ignored otherwise.
 */
export function clauseError(reason: ReportReason | undefined, clause: string | undefined, knownClauses: readonly string[] | null) {
  if (reason !== 'terms') return null
  if (!clause) return 'moderation.reports.error.clauseRequired' as const
  if (knownClauses && knownClauses.length > 0 ? !knownClauses.includes(clause) : !CLAUSE_PATTERN.test(clause)) return 'moderation.reports.error.clause' as const
  return null
}
export type ReportFormData = z.infer<typeof ReportForm>

/** The report page's path for a target, with the page to go back to. */
export function reportPath(target: ReportTarget, id: string | number, back?: string): string {
  const params = new URLSearchParams({ cible: target, id: String(id) })
  if (back) params.set('retour', back)
  return `/signaler?${params.toString()}`
}

// The desk's browser-safe rules: the decision and appeal forms, the actions each kind of target
// allows, the appeal window. Read by the desk's pages, /admin/comptes, /recours and the use cases.

export const DECISION_ACTIONS = ['dismiss', 'warn', 'remove', 'restrict', 'deactivate', 'reactivate'] as const
export type DecisionAction = (typeof DECISION_ACTIONS)[number]

/** One appeal per decision, within this many days of it. */
export const APPEAL_WINDOW_DAYS = 20
export const FACTS_MIN = 10
export const FACTS_MAX = 4000
export const ANSWER_MAX = 4000
export const APPEAL_TEXT_MIN = 10
export const APPEAL_TEXT_MAX = 4000
export const RESTRICT_DAYS_MAX = 365

/** What a webmaster may decide about a target: content can be removed, a member restricted or deactivated. */
export function actionsFor(kind: ReportTarget, reported: { status: 'active' | 'deactivated' | 'erased' } | null): DecisionAction[] {
  // An erased member's pseudonym (« Ancien membre ») is no one to warn or restrict.
  const subject = reported?.status === 'erased' ? null : reported
  const actions: DecisionAction[] = ['dismiss']
  if (subject) actions.push('warn')
  if (kind !== 'member') actions.push('remove')
  if (subject?.status === 'active') actions.push('restrict', 'deactivate')
  if (subject?.status === 'deactivated') actions.push('reactivate')
  return actions
}

const facts = z
  .string({ required_error: 'moderation.desk.error.factsRequired' })
  .trim()
  .min(1, 'moderation.desk.error.factsRequired')
  .min(FACTS_MIN, 'moderation.desk.error.factsShort')
  .max(FACTS_MAX, 'moderation.desk.error.factsLong')

const clause = z
  .string()
  .trim()
  .max(20, 'moderation.desk.error.clause')
  .refine((v) => v === '' || CLAUSE_PATTERN.test(v), 'moderation.desk.error.clause')
  .optional()
  .default('')

/** The decision form of a target page (`intent=decide`) and of /admin/comptes. */
export const DecisionForm = z.object({
  action: z.enum(DECISION_ACTIONS, { errorMap: () => ({ message: 'moderation.desk.error.action' }) }),
  facts,
  clause,
  durationDays: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine((v) => v === '' || (/^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= RESTRICT_DAYS_MAX), 'moderation.desk.error.duration'),
})

/** The appeal form of /recours/:token. */
export const AppealForm = z.object({
  text: z
    .string({ required_error: 'moderation.appeal.error.textRequired' })
    .trim()
    .min(1, 'moderation.appeal.error.textRequired')
    .min(APPEAL_TEXT_MIN, 'moderation.appeal.error.textShort')
    .max(APPEAL_TEXT_MAX, 'moderation.appeal.error.textLong'),
})

/** The answer to an appeal, from the desk's « Recours » tab (`intent=answer`). */
export const AppealAnswerForm = z.object({
  appealId: z.coerce.number().int().positive(),
  outcome: z.enum(['upheld', 'reversed'], { errorMap: () => ({ message: 'moderation.desk.error.outcome' }) }),
  answer: z
    .string({ required_error: 'moderation.desk.error.answerRequired' })
    .trim()
    .min(1, 'moderation.desk.error.answerRequired')
    .min(FACTS_MIN, 'moderation.desk.error.factsShort')
    .max(ANSWER_MAX, 'moderation.desk.error.factsLong'),
})

/** The desk's filters, read from the query string; anything else falls back to the default. */
export const DeskFilters = z.object({
  kind: z.enum(REPORT_TARGETS).optional().catch(undefined),
  reason: z.enum(REPORT_REASONS).optional().catch(undefined),
  status: z.enum(['open', 'handled']).catch('open'),
})
export type DeskFilter = z.infer<typeof DeskFilters>

export const TargetParams = z.object({
  kind: z.enum(REPORT_TARGETS),
  id: z.string().trim().min(1).max(64),
})

/** The target page's path at the desk. */
export function targetPath(kind: ReportTarget, id: string | number) {
  return `/admin/moderation/${kind}/${encodeURIComponent(String(id))}`
}

/** /admin/comptes' deactivate and reactivate: the same statement, without the choice of decision. */
export const AccountDecisionForm = DecisionForm.pick({ facts: true, clause: true })
