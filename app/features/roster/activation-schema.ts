// « Activer mon compte » (issue #17), browser-safe: the rules the forms, the routes and the use
// cases share.
import { z } from 'zod'

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

/** The longest list of promotions one send may name. */
const MAX_PROMOTIONS = 100

/**
 * Promotions as a webmaster types them: « 2010, 2012-2014 » (commas, spaces or semicolons; a
 * range with a hyphen). Empty: every promotion (null). Anything else: 'invalid'.
 */
export function parsePromotions(text: string): number[] | null | 'invalid' {
  const trimmed = text.trim()
  if (!trimmed) return null
  if (trimmed.length > 500) return 'invalid'
  const years = new Set<number>()
  for (const part of trimmed.split(/[\s,;]+/).filter(Boolean)) {
    const range = /^(\d{4})(?:[-–](\d{4}))?$/.exec(part)
    if (!range) return 'invalid'
    const from = Number(range[1])
    const to = Number(range[2] ?? range[1])
    if (from < 1900 || to > 2100 || to < from || to - from >= MAX_PROMOTIONS) return 'invalid'
    for (let year = from; year <= to; year++) years.add(year)
    if (years.size > MAX_PROMOTIONS) return 'invalid'
  }
  return [...years].sort((a, b) => a - b)
}

/** The promotions as the page shows them back: consecutive years as a range. */
export function formatPromotions(promotions: readonly number[]): string {
  const parts: string[] = []
  for (let i = 0; i < promotions.length; i++) {
    let j = i
    while (j + 1 < promotions.length && promotions[j + 1] === promotions[j] + 1) j++
    parts.push(j > i ? `${promotions[i]}-${promotions[j]}` : String(promotions[i]))
    i = j
  }
  return parts.join(', ')
}

/** The segment of a send, as stored in `activation_sends.segment`. */
export const ActivationSegment = z.object({ promotions: z.array(z.number().int()).optional() })
export type ActivationSegment = z.infer<typeof ActivationSegment>

/** The review queue's two answers; `graduateId` names the row to link. */
export const ClaimDecisionForm = z.object({
  intent: z.enum(['link', 'dismiss']),
  claimId: z.coerce.number().int().positive(),
  graduateId: z.coerce.number().int().positive().optional(),
})
