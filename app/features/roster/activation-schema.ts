// « Activer mon compte » (issue #17), browser-safe: the rules the forms, the routes and the use
// cases share.
import { z } from 'zod'
import { formatPromotionList, parsePromotionList } from '~/shared/promotions'

/** Open claims per page of the review queue. */
export const CLAIMS_PER_PAGE = 10
/** Invitations to activate written to the mail queue per transaction. */
export const ACTIVATION_BATCH = 50
/** A row invited less than this long ago is not invited again. */
export const ACTIVATION_COOLDOWN_DAYS = 30
export const ACTIVATION_COOLDOWN_MS = ACTIVATION_COOLDOWN_DAYS * 24 * 60 * 60_000
/** Sends listed on the invitations page. */
export const RECENT_SENDS = 10

/** « Nom de naissance (si différent) »: optional; empty is none. */
export const birthNameField = z
  .string()
  .trim()
  .max(100, 'error.tooLong')
  .optional()
  .transform((v) => (v ? v : null))

/**
 * Promotions as a webmaster types them: « 2010, 2012-2014 » (see `~/shared/promotions`). Empty:
 * every promotion (null). Anything else that is not a list of years: 'invalid'.
 */
export function parsePromotions(text: string): number[] | null | 'invalid' {
  const parsed = parsePromotionList(text, { min: 1900, max: 2100 })
  if (parsed.ok) return parsed.promotions
  return parsed.reason === 'empty' ? null : 'invalid'
}

export const formatPromotions = formatPromotionList

/** The segment of a send, as stored in `activation_sends.segment`. */
export const ActivationSegment = z.object({ promotions: z.array(z.number().int()).optional() })
export type ActivationSegment = z.infer<typeof ActivationSegment>

/** The review queue's two answers; `graduateId` names the row to link. */
export const ClaimDecisionForm = z.object({
  intent: z.enum(['link', 'dismiss']),
  claimId: z.coerce.number().int().positive(),
  graduateId: z.coerce.number().int().positive().optional(),
})
