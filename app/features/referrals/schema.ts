import { z } from 'zod'
import type { MessageKey } from '~/i18n'

// « Recommander ma promotion » (issue #17): the rules a member's invitations keep, browser-safe so
// that the page says the same numbers as the server enforces.

/** Invitations a member may send in any 24 hours. */
export const DAILY_INVITATIONS = 20
/** No address is invited twice within this many days, by anyone. */
export const REINVITE_DAYS = 30
/** An account created without the link still counts for the latest invitation to its address this recent. */
export const JOIN_MATCH_DAYS = 90
/** Addresses typed in one post (and classmates ticked plus addresses, together). */
export const MAX_PER_POST = 20
export const MESSAGE_MAX = 500
/** Promotions with fewer roster rows than this are left out of the leaderboard: a share of 1 in 2 says nothing. */
export const LEADERBOARD_MIN_ROSTER = 5
export const LEADERBOARD_TOP = 10
/** Classmates listed per page of the invite form, and invitations per page of « Mes invitations ». */
export const CLASSMATES_PER_PAGE = 30
export const INVITATIONS_PER_PAGE = 20

export const INVITATION_STATES = ['sent', 'joined', 'paid'] as const
export type InvitationState = (typeof INVITATION_STATES)[number]

export const INVITATION_STATE_KEYS: Record<InvitationState, MessageKey> = {
  sent: 'referrals.state.sent',
  joined: 'referrals.state.joined',
  paid: 'referrals.state.paid',
}

/** The personal link's secret: 128 random bits, base64url (22 characters). */
const TOKEN = /^[A-Za-z0-9_-]{22}$/
export const isInvitationToken = (value: unknown): value is string => typeof value === 'string' && TOKEN.test(value)

const ADDRESS = z.string().max(254).email()
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/g

/** The textarea's addresses: one per line, or separated by commas, semicolons or spaces; lower-cased, each once. */
export function splitAddresses(text: string): string[] {
  const seen = new Set<string>()
  for (const part of text.split(/[\s,;]+/)) {
    const address = part.trim().replace(/^<|>$/g, '').toLowerCase()
    if (address) seen.add(address)
  }
  return [...seen]
}

// A recommendation goes out under the association's name: a link in it would let anyone send
// phishing from the platform, so the message is words only.
const LINK = /(https?:\/\/|www\.|\b[a-z0-9-]+\.(?:com|fr|net|org|io|info|biz|ru|xyz|ly|co)\b)/i

export type InviteErrors = Partial<Record<'graduateIds' | 'emails' | 'message' | 'form', { key: MessageKey; params?: Record<string, string | number> }>>

export interface InviteInput {
  graduateIds: number[]
  emails: string[]
  message: string | null
}

/**
 * The invite form (`intent=invite`): ticked classmates (`graduateIds`, repeated), typed addresses
 * (`emails`), an optional message. Every error at once, each by its field.
 */
export function parseInviteForm(form: {
  graduateIds: string[]
  emails: string
  message: string
}): { ok: true; data: InviteInput } | { ok: false; errors: InviteErrors } {
  const errors: InviteErrors = {}
  const ids = form.graduateIds.map((v) => Number(v))
  if (form.graduateIds.length > 200 || ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) errors.graduateIds = { key: 'referrals.error.classmates' }
  const graduateIds = [...new Set(ids)]

  const emails = form.emails.length > 20_000 ? [] : splitAddresses(form.emails)
  const invalid = emails.filter((e) => !ADDRESS.safeParse(e).success)
  if (form.emails.length > 20_000 || emails.length > MAX_PER_POST) errors.emails = { key: 'referrals.error.tooManyEmails', params: { max: MAX_PER_POST } }
  else if (invalid.length > 0) errors.emails = { key: 'referrals.error.invalidEmails', params: { count: invalid.length, list: invalid.slice(0, 5).join(', ') } }

  // Control characters out (line breaks stay): the message is shown as plain text in the mail.
  const message = form.message.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim()
  if (message.length > MESSAGE_MAX) errors.message = { key: 'referrals.error.messageTooLong', params: { max: MESSAGE_MAX } }
  else if (LINK.test(message)) errors.message = { key: 'referrals.error.messageLink' }

  if (!errors.graduateIds && !errors.emails) {
    if (graduateIds.length + emails.length === 0) errors.form = { key: 'referrals.error.nobody' }
    else if (graduateIds.length + emails.length > MAX_PER_POST) errors.form = { key: 'referrals.error.tooManyAtOnce', params: { max: MAX_PER_POST } }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, data: { graduateIds, emails, message: message || null } }
}

/** The webmasters' funnel: its two views and the columns it sorts by. */
export const FUNNEL_VIEWS = ['parrains', 'promotions'] as const
export type FunnelView = (typeof FUNNEL_VIEWS)[number]
export const FUNNEL_SORTS = ['name', 'promotion', 'sent', 'joined', 'paid', 'conversion'] as const
export type FunnelSort = (typeof FUNNEL_SORTS)[number]

export function funnelQuery(params: URLSearchParams): { view: FunnelView; sort: FunnelSort; dir: 'asc' | 'desc' } {
  const view = FUNNEL_VIEWS.find((v) => v === params.get('vue')) ?? 'parrains'
  const asked = FUNNEL_SORTS.find((s) => s === params.get('tri'))
  const sort = asked && !(view === 'promotions' && asked === 'name') ? asked : 'sent'
  const dir = params.get('ordre') === 'asc' ? 'asc' : params.get('ordre') === 'desc' ? 'desc' : sort === 'name' || sort === 'promotion' ? 'asc' : 'desc'
  return { view, sort, dir }
}

/** paid ÷ sent, as a whole percentage (none when nothing was sent). */
export const conversion = (paid: number, sent: number) => (sent > 0 ? Math.round((paid / sent) * 100) : 0)

/** A page number from the query string (1 when absent or absurd): the page has two lists, each with its parameter. */
export function pageOf(url: URL, param: string): number {
  const value = Number(url.searchParams.get(param) ?? '1')
  return Number.isInteger(value) && value >= 1 && value <= 10_000 ? value : 1
}

/* ---------- What the pages show (computed by referrals.server.ts) ---------- */

export interface PromotionFigures {
  promotion: number
  /** Rows of the graduates' list for this promotion (0: the list has none, figures come from accounts). */
  roster: number
  accounts: number
  members: number
  notYetMembers: number
}

export interface LeaderboardRow {
  rank: number
  promotion: number
  roster: number
  /** Rows of the list whose account pays its dues. */
  members: number
  /** Members ÷ roster rows. */
  share: number
}

export interface Leaderboard {
  /** The top promotions, and the viewer's after them when it is not among them. */
  rows: LeaderboardRow[]
  ranked: number
  /** Promotions left out because the list has too few of their graduates. */
  small: number
  /** Where the viewer's promotion stands: ranked (in `rows`), too small to rank, or absent from the list. */
  mine: 'ranked' | 'small' | 'absent' | null
}

export interface Classmate {
  id: number
  firstName: string
  lastName: string
}

export interface MyInvitation {
  id: number
  /** The classmate's name when ticked from the list (never its address), else the address typed. */
  name: string | null
  email: string | null
  sentAt: Date
  state: InvitationState
  joinedAt: Date | null
  paidAt: Date | null
}
