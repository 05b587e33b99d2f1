import { z } from 'zod'
import type { MessageKey } from '~/i18n'
import { MAX_MESSAGE_LENGTH } from '~/shared/rich-text'
import { promotionRange } from '~/features/directory/schema'
import { formatPromotionList, parsePromotionList } from '~/shared/promotions'

// « La lettre de l'Amicale » (issue #17), browser-safe: the segment a letter goes to, the edit
// form's rules, and how the body (the site's safe Markdown subset) is cut for its parser.

export const SUBJECT_MAX = 200
export const BODY_MAX = 20_000
/** Recipients written to the mail queue per transaction. */
export const CAMPAIGN_BATCH = 50
export const CAMPAIGNS_PER_PAGE = 20

export const SEGMENT_KINDS = ['members', 'promotions', 'groups', 'registered', 'roster'] as const
export type SegmentKind = (typeof SEGMENT_KINDS)[number]

/**
 * Who a letter goes to: paying members; the members of some promotions; the active members of
 * some groups; accounts without an active membership; or the graduates' list's people with an
 * address who have no account yet.
 */
export const segmentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('members') }),
  z.object({ kind: z.literal('promotions'), promotions: z.array(z.number().int()).min(1).max(200) }),
  z.object({ kind: z.literal('groups'), groupIds: z.array(z.number().int().positive()).min(1).max(200) }),
  z.object({ kind: z.literal('registered') }),
  z.object({ kind: z.literal('roster') }),
])
export type Segment = z.infer<typeof segmentSchema>

/** The stored JSON read back; null if it does not parse (a row written by hand). */
export function readSegment(json: string): Segment | null {
  try {
    const parsed = segmentSchema.safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export const CAMPAIGN_STATUSES = ['draft', 'sending', 'sent'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

/** Where a letter stands: `queued` of `total` mails written to the queue. */
export interface CampaignProgress {
  campaignId: number
  status: CampaignStatus
  total: number
  queued: number
}

/** The share written, as a whole percentage (0 when there is nothing to write). */
export function progressPercent(progress: Pick<CampaignProgress, 'total' | 'queued' | 'status'>): number {
  if (progress.status === 'sent') return 100
  if (progress.total <= 0) return 0
  return Math.min(100, Math.floor((progress.queued / progress.total) * 100))
}

const PROMOTION_ERRORS = {
  empty: 'campaigns.error.promotionsRequired',
  format: 'campaigns.error.promotionsFormat',
  range: 'campaigns.error.promotionsRange',
} as const satisfies Record<string, MessageKey>

/** « 2010, 2012-2014 » → [2010, 2012, 2013, 2014], each within the promotions a member may belong to. */
export function parsePromotions(text: string, now: Date): { ok: true; promotions: number[] } | { ok: false; error: MessageKey } {
  const parsed = parsePromotionList(text, promotionRange(now))
  return parsed.ok ? parsed : { ok: false, error: PROMOTION_ERRORS[parsed.reason] }
}

export const formatPromotions = formatPromotionList

/**
 * The body cut at blank lines into pieces the rich-text parser reads whole (it reads at most
 * MAX_MESSAGE_LENGTH characters): a blank line ends a paragraph or a list anyway, so the pieces
 * parse exactly as the whole would. A single paragraph longer than that is refused by the form.
 */
export function bodyChunks(body: string): string[] {
  const blocks = body.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)
  const chunks: string[] = []
  let current = ''
  for (const block of blocks) {
    if (!block.trim()) continue
    if (current && current.length + block.length + 2 > MAX_MESSAGE_LENGTH) {
      chunks.push(current)
      current = ''
    }
    current = current ? `${current}\n\n${block}` : block
  }
  if (current) chunks.push(current)
  return chunks
}

/** Whether one paragraph (or list) of the body is longer than the parser reads. */
export function hasOverlongBlock(body: string): boolean {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .some((block) => block.trim().length > MAX_MESSAGE_LENGTH)
}

/** The edit form's text fields (the segment's are read by `parseSegmentFields`). */
export const campaignForm = z.object({
  // One line: a mail header (a line break typed into a forged form becomes a space).
  subject: z
    .string({ required_error: 'error.required' })
    .transform((s) => s.replace(/[\r\n\t]+/g, ' ').trim())
    .pipe(z.string().min(1, 'error.required').max(SUBJECT_MAX, 'error.tooLong')),
  body: z
    .string({ required_error: 'error.required' })
    .trim()
    .min(1, 'error.required')
    .max(BODY_MAX, 'error.tooLong')
    .refine((body) => !hasOverlongBlock(body), 'campaigns.error.paragraphTooLong'),
  segment: z.enum(SEGMENT_KINDS, { errorMap: () => ({ message: 'campaigns.error.segment' }) }),
})

/**
 * The segment from the form's fields: the kind chosen, and the promotions typed or the groups
 * ticked when it needs them. The error names the field it belongs next to.
 */
export function segmentFromFields(
  kind: SegmentKind,
  fields: { promotions: string; groupIds: readonly string[] },
  now: Date,
): { ok: true; segment: Segment } | { ok: false; field: 'promotions' | 'groupIds'; error: MessageKey } {
  if (kind === 'promotions') {
    const parsed = parsePromotions(fields.promotions, now)
    return parsed.ok ? { ok: true, segment: { kind, promotions: parsed.promotions } } : { ok: false, field: 'promotions', error: parsed.error }
  }
  if (kind === 'groups') {
    if (fields.groupIds.length === 0) return { ok: false, field: 'groupIds', error: 'campaigns.error.groupsRequired' }
    if (fields.groupIds.length > 200 || fields.groupIds.some((id) => !/^[1-9]\d{0,8}$/.test(id))) {
      return { ok: false, field: 'groupIds', error: 'campaigns.error.groupUnknown' }
    }
    return { ok: true, segment: { kind, groupIds: [...new Set(fields.groupIds.map(Number))] } }
  }
  return { ok: true, segment: { kind } }
}

export const CAMPAIGN_INTENTS = ['save', 'preview', 'test', 'send', 'delete'] as const
export type CampaignIntent = (typeof CAMPAIGN_INTENTS)[number]

export const SEGMENT_LABELS: Record<SegmentKind, MessageKey> = {
  members: 'campaigns.segment.members',
  promotions: 'campaigns.segment.promotions',
  groups: 'campaigns.segment.groups',
  registered: 'campaigns.segment.registered',
  roster: 'campaigns.segment.roster',
}

export const STATUS_LABELS: Record<CampaignStatus, MessageKey> = {
  draft: 'campaigns.status.draft',
  sending: 'campaigns.status.sending',
  sent: 'campaigns.status.sent',
}
