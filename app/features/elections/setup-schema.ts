import { z } from 'zod'
import { ELECTION_LIMITS } from '~/features/elections/stage'

// The forms of an election's setup (browser-safe): creating and editing it, cancelling it, the
// roll's contests and their answers. Dates are typed as Paris wall-clock times
// (`<input type="datetime-local">`) and read into instants by the server (~/shared/zoned-time).

export const ELECTION_TIME_ZONE = 'Europe/Paris'

// As db/schema/elections.ts has them (not imported: this file goes to the browser).
export const ELIGIBILITIES = ['members', 'alumni_members'] as const
export const TIE_RULES = ['drawn-order', 'oldest-promotion'] as const

export const SETUP_INTENTS = ['update', 'cancel', 'freeze', 'contest-accept', 'contest-refuse'] as const
export type SetupIntent = (typeof SETUP_INTENTS)[number]

/** The election's dates in the order they must come. */
export const DATE_FIELDS = ['candidacyOpensAt', 'candidacyClosesAt', 'rollAt', 'votingOpensAt', 'votingClosesAt'] as const
export type DateField = (typeof DATE_FIELDS)[number]

/** How many trustee pickers the form shows at most (the schema's limit). */
export const TRUSTEE_SLOTS = ELECTION_LIMITS.trustees
export const trusteeField = (i: number) => `trustee${i}`

const localTime = z
  .string({ required_error: 'elections.setup.error.dateRequired' })
  .trim()
  .min(1, 'elections.setup.error.dateRequired')
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'elections.setup.error.dateInvalid')

/** Each field alone; the rules across fields (the dates' order, the trustees) are `crossFieldErrors`. */
export const electionFields = z.object({
  title: z
    .string({ required_error: 'elections.setup.error.titleRequired' })
    .trim()
    .min(1, 'elections.setup.error.titleRequired')
    .max(ELECTION_LIMITS.title, 'elections.setup.error.titleTooLong'),
  description: z.string().trim().max(ELECTION_LIMITS.description, 'elections.setup.error.descriptionTooLong').default(''),
  seats: z.coerce
    .number({ invalid_type_error: 'elections.setup.error.seats' })
    .int('elections.setup.error.seats')
    .min(1, 'elections.setup.error.seats')
    .max(ELECTION_LIMITS.seats, 'elections.setup.error.seats'),
  candidacyOpensAt: localTime,
  candidacyClosesAt: localTime,
  rollAt: localTime,
  votingOpensAt: localTime,
  votingClosesAt: localTime,
  eligibility: z.enum(ELIGIBILITIES, { errorMap: () => ({ message: 'elections.setup.error.eligibility' }) }),
  threshold: z.coerce
    .number({ invalid_type_error: 'elections.setup.error.threshold' })
    .int('elections.setup.error.threshold')
    .min(1, 'elections.setup.error.threshold')
    .max(ELECTION_LIMITS.trustees, 'elections.setup.error.threshold'),
  tieRule: z.enum(TIE_RULES, { errorMap: () => ({ message: 'elections.setup.error.tieRule' }) }),
})

export type ElectionFields = z.output<typeof electionFields>

/** What the server works with once every rule passed: instants, the trustees' ids in order. */
export interface ElectionInput {
  title: string
  description: string
  seats: number
  candidacyOpensAt: Date
  candidacyClosesAt: Date
  rollAt: Date
  votingOpensAt: Date
  votingClosesAt: Date
  eligibility: (typeof ELIGIBILITIES)[number]
  threshold: number
  tieRule: (typeof TIE_RULES)[number]
  requireMailCode: boolean
  trustees: string[]
}

/** The trustees' addresses typed, in the order of the fields, blanks skipped (the server finds their accounts). */
export function pickedTrustees(values: Record<string, string>): string[] {
  const out: string[] = []
  for (let i = 1; i <= TRUSTEE_SLOTS; i++) {
    const v = (values[trusteeField(i)] ?? '').trim()
    if (v) out.push(v.slice(0, 254))
  }
  return out
}

/**
 * The rules across fields, each error filed next to the field a webmaster would change:
 * candidacies open < close ≤ voting opens < voting closes, roll date ≤ voting opens, trustees
 * distinct and at least one, threshold within 1…n.
 */
export function crossFieldErrors(dates: Partial<Record<DateField, Date>>, trustees: readonly string[], threshold: number | undefined): Record<string, string> {
  const errors: Record<string, string> = {}
  const { candidacyOpensAt: opens, candidacyClosesAt: closes, rollAt, votingOpensAt: vOpens, votingClosesAt: vCloses } = dates
  if (opens && closes && !(opens < closes)) errors.candidacyClosesAt = 'elections.setup.error.candidacyOrder'
  if (closes && vOpens && !(closes <= vOpens)) errors.votingOpensAt = 'elections.setup.error.votingAfterCandidacy'
  if (vOpens && vCloses && !(vOpens < vCloses)) errors.votingClosesAt = 'elections.setup.error.votingOrder'
  if (rollAt && vOpens && !(rollAt <= vOpens)) errors.rollAt = 'elections.setup.error.rollBeforeVoting'
  if (trustees.length === 0) errors.trustee1 = 'elections.setup.error.trusteesRequired'
  else if (new Set(trustees).size !== trustees.length) errors.trustee1 = 'elections.setup.error.trusteesDistinct'
  if (threshold !== undefined && trustees.length > 0 && threshold > trustees.length) errors.threshold = 'elections.setup.error.thresholdAboveTrustees'
  return errors
}

export const cancelForm = z.object({
  reason: z
    .string({ required_error: 'elections.setup.error.cancelReason' })
    .trim()
    .min(1, 'elections.setup.error.cancelReason')
    .max(ELECTION_LIMITS.refusalReason, 'elections.setup.error.tooLong'),
  confirm: z.literal('on', { errorMap: () => ({ message: 'elections.setup.error.confirm' }) }),
})

export const contestForm = z.object({
  message: z
    .string({ required_error: 'elections.roll.error.messageRequired' })
    .trim()
    .min(1, 'elections.roll.error.messageRequired')
    .max(ELECTION_LIMITS.contest, 'elections.roll.error.messageTooLong'),
})

export const contestAnswerForm = z.object({
  contestId: z.coerce.number({ invalid_type_error: 'elections.setup.error.contest' }).int().positive().max(Number.MAX_SAFE_INTEGER),
  answer: z
    .string({ required_error: 'elections.setup.error.answerRequired' })
    .trim()
    .min(1, 'elections.setup.error.answerRequired')
    .max(ELECTION_LIMITS.contest, 'elections.setup.error.tooLong'),
})

/** The roll's search (a GET form): at most 100 characters of a name. */
export function rollQuery(url: URL): string {
  return (url.searchParams.get('q') ?? '').trim().slice(0, 100)
}

export const ROLL_PAGE_SIZE = 50
export const ELECTIONS_PAGE_SIZE = 20
