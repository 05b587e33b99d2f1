import { z } from 'zod'
import { ELECTION_LIMITS } from '~/features/elections/stage'

// The candidacy forms (browser-safe): the « profession de foi » and a webmaster's refusal reason.
// The statement is the house's safe Markdown subset (~/shared/rich-text): parsed to plain data,
// rendered as React elements, never HTML.

export const CANDIDACY_INTENTS = ['apply', 'withdraw'] as const
export const DECISION_INTENTS = ['validate', 'refuse'] as const

export const candidacyForm = z.object({
  statement: z
    .string({ required_error: 'elections.candidacy.error.statementRequired' })
    .trim()
    .min(1, 'elections.candidacy.error.statementRequired')
    .max(ELECTION_LIMITS.statement, 'elections.candidacy.error.statementTooLong'),
})

export const refusalForm = z.object({
  reason: z
    .string({ required_error: 'elections.candidacy.error.reasonRequired' })
    .trim()
    .min(1, 'elections.candidacy.error.reasonRequired')
    .max(ELECTION_LIMITS.refusalReason, 'elections.candidacy.error.reasonTooLong'),
})

export const candidacyIdField = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)
