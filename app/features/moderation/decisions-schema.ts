import { z } from 'zod'
import { CLAUSE_PATTERN, REPORT_REASONS, REPORT_TARGETS, type ReportTarget } from '~/features/moderation/schema'

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
export function actionsFor(kind: ReportTarget, subject: { status: 'active' | 'deactivated' } | null): DecisionAction[] {
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
