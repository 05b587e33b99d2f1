import { z } from 'zod'
import type { MessageKey } from '~/i18n'
import { zonedToUtc } from '~/shared/zoned-time'

// Requests about personal data received outside the site (issue #16, /admin/rgpd): the fixed
// lists, the forms and the deadline rules, browser-safe so that the pages and the use cases share them.

export const REQUEST_KINDS = ['access', 'erasure', 'rectification', 'objection'] as const
export type RequestKind = (typeof REQUEST_KINDS)[number]
export const REQUEST_CHANNELS = ['mail', 'post', 'other'] as const
export type RequestChannel = (typeof REQUEST_CHANNELS)[number]
/** What the lists show: an open request is overdue, due within a week (« J-7 ») or simply open. */
export type RequestState = 'overdue' | 'dueSoon' | 'open' | 'done' | 'refused'

/** Deadlines are counted in the association's calendar: a letter received on 31 January is due on the last day of February, in Paris. */
export const REQUEST_TIME_ZONE = 'Europe/Paris'
/** Art. 12.3: one month from receipt, extendable once by two further months. */
export const FIRST_PERIOD_MONTHS = 1
export const EXTENSION_MONTHS = 2
/** The reminder goes, and the « J-7 » badge shows, once the deadline is this many days away or fewer. */
export const REMIND_DAYS_BEFORE = 7
/** A request dated further back is most likely a typo in the year. */
export const RECEIVED_AT_MOST_MONTHS_AGO = 12
export const DETAILS_MAX = 4000
export const REASON_MAX = 1000
export const OUTCOME_MAX = 2000
export const NAME_MAX = 200

export const KIND_KEYS: Record<RequestKind, MessageKey> = {
  access: 'privacy.requests.kind.access',
  erasure: 'privacy.requests.kind.erasure',
  rectification: 'privacy.requests.kind.rectification',
  objection: 'privacy.requests.kind.objection',
}
export const KIND_TITLE_KEYS: Record<RequestKind, MessageKey> = {
  access: 'privacy.requests.title.access',
  erasure: 'privacy.requests.title.erasure',
  rectification: 'privacy.requests.title.rectification',
  objection: 'privacy.requests.title.objection',
}
export const CHANNEL_KEYS: Record<RequestChannel, MessageKey> = {
  mail: 'privacy.requests.channel.mail',
  post: 'privacy.requests.channel.post',
  other: 'privacy.requests.channel.other',
}

// ——— Calendar days in Paris, as `YYYY-MM-DD` ———

const DAY_MS = 24 * 60 * 60_000
const dayParts = new Intl.DateTimeFormat('en-GB', { timeZone: REQUEST_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const fromUtc = (instant: number) => {
  const d = new Date(instant)
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}
const partsOf = (day: string) => day.split('-').map(Number) as [number, number, number]

/** Whether the text is a day of the calendar (`2026-02-30` is not). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const [y, m, d] = partsOf(text)
  return fromUtc(Date.UTC(y, m - 1, d)) === text && y >= 1900
}

/** The day it is in Paris at that instant. */
export function parisDay(instant: Date): string {
  const parts = dayParts.formatToParts(instant)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = partsOf(day)
  return fromUtc(Date.UTC(y, m - 1, d + days))
}

/** The same day `months` later; the month's last day when it has no such day (31 January + 1 month = 28 or 29 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = partsOf(day)
  const index = m - 1 + months
  const year = y + Math.floor(index / 12)
  const month = ((index % 12) + 12) % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return fromUtc(Date.UTC(year, month, Math.min(d, last)))
}

/** Days from one calendar day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [a, b, c] = partsOf(from)
  const [x, y, z] = partsOf(to)
  return Math.round((Date.UTC(x, y - 1, z) - Date.UTC(a, b - 1, c)) / DAY_MS)
}

/** Midnight in Paris at the start of that day. */
export function startOfParisDay(day: string): Date {
  return zonedToUtc(`${day}T00:00`, REQUEST_TIME_ZONE)!
}

/** The last millisecond of that day in Paris: a deadline « le 28 février » runs to its end. */
export function endOfParisDay(day: string): Date {
  return new Date(startOfParisDay(addDays(day, 1)).getTime() - 1)
}

/**
 * The answer is due by the end of the day one month after receipt (the EU rule for periods in
 * months, Regulation 1182/71: same date, else the month's last day); once extended, three months
 * after receipt — counted from receipt, so that 31 January gives 30 April, not 28 April.
 */
export function deadlineOf(receivedDay: string, extended: boolean): Date {
  return endOfParisDay(addMonths(receivedDay, FIRST_PERIOD_MONTHS + (extended ? EXTENSION_MONTHS : 0)))
}

/** Whole days left before the deadline's day, in Paris (0: it is today; negative: late). */
export function daysLeft(dueAt: Date, now: Date): number {
  return daysBetween(parisDay(now), parisDay(dueAt))
}

/** The instant up to which a deadline counts as « within a week » (the reminder's and the badge's limit). */
export function dueSoonLimit(now: Date): Date {
  return endOfParisDay(addDays(parisDay(now), REMIND_DAYS_BEFORE))
}

export function requestState(request: { status: 'open' | 'done' | 'refused'; dueAt: Date }, now: Date): RequestState {
  if (request.status !== 'open') return request.status
  if (request.dueAt.getTime() < now.getTime()) return 'overdue'
  return request.dueAt.getTime() <= dueSoonLimit(now).getTime() ? 'dueSoon' : 'open'
}

// ——— Forms ———

const text = (max: number) => z.string().trim().max(max, 'error.tooLong')
const optionalEmail = z
  .string()
  .trim()
  .max(254, 'error.email')
  .refine((v) => v === '' || z.string().email().safeParse(v).success, 'error.email')
  .optional()
  .transform((v) => (v ? v : null))

/** The form recording a request; `today` (in Paris) bounds the date of receipt: not later, not more than a year before. */
export function recordRequestForm(today: string) {
  const earliest = addMonths(today, -RECEIVED_AT_MOST_MONTHS_AGO)
  return z.object({
    kind: z.enum(REQUEST_KINDS, { errorMap: () => ({ message: 'privacy.requests.error.kind' }) }),
    requesterName: z.string({ required_error: 'privacy.requests.error.name' }).trim().min(1, 'privacy.requests.error.name').max(NAME_MAX, 'error.tooLong'),
    requesterEmail: optionalEmail,
    accountEmail: optionalEmail,
    channel: z.enum(REQUEST_CHANNELS, { errorMap: () => ({ message: 'privacy.requests.error.channel' }) }),
    receivedOn: z
      .string({ required_error: 'privacy.requests.error.receivedOn' })
      .trim()
      .refine(isCalendarDay, 'privacy.requests.error.receivedOn')
      .refine((day) => !isCalendarDay(day) || day <= today, 'privacy.requests.error.receivedFuture')
      .refine((day) => !isCalendarDay(day) || day >= earliest, 'privacy.requests.error.receivedTooOld'),
    details: text(DETAILS_MAX).optional().default(''),
  })
}
export type RecordRequestInput = z.output<ReturnType<typeof recordRequestForm>>

export const ExtendRequestForm = z.object({
  reason: z
    .string({ required_error: 'privacy.requests.extend.reasonRequired' })
    .trim()
    .min(1, 'privacy.requests.extend.reasonRequired')
    .max(REASON_MAX, 'error.tooLong'),
})

export const CloseRequestForm = z.object({
  status: z.enum(['done', 'refused'], { errorMap: () => ({ message: 'privacy.requests.close.statusRequired' }) }),
  outcome: text(OUTCOME_MAX).optional().default(''),
})

export const EraseRequestForm = z.object({
  confirm: z.literal('on', { errorMap: () => ({ message: 'privacy.requests.erase.confirmRequired' }) }),
})

/** A request's number in a URL: digits only, within SQLite's integers; anything else is a 404. */
export function requestIdParam(value: string | undefined): number | null {
  if (!value || !/^[1-9]\d{0,14}$/.test(value)) return null
  return Number(value)
}
