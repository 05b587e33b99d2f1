import QRCode from 'qrcode'
import { formatDateTime, formatMoney, translate, type Locale } from '~/i18n'
import { formatTicketCode } from '~/features/events/event-registrations.server'
import type { EventDetails } from '~/features/events/events.server'

/** What a ticket's QR code carries: the code alone, prefixed so that a stray QR is not mistaken for one. */
export const ticketQrText = (code: string) => `AMICALE:${formatTicketCode(code)}`

export function ticketQrSvg(code: string): Promise<string> {
  return QRCode.toString(ticketQrText(code), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
}

export function ticketQrPng(code: string): Promise<Buffer> {
  // No per-row PNG filter search (pngjs's default costs ~10 ms a code): a black-and-white QR deflates well as it is.
  return QRCode.toBuffer(ticketQrText(code), {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 2,
    width: 300,
    rendererOpts: { filterType: 0 },
  } as QRCode.QRCodeToBufferOptions)
}

/* ---------- iCalendar (RFC 5545) ---------- */

const icsDate = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')

/*
 * A raw CR or LF ends the content line: left in a title it lets the text open its own
 * BEGIN:VEVENT. Every kind of line break (CRLF, a lone CR, a lone LF) is therefore one escaped
 * newline, and the other control characters, which RFC 5545 allows in no value, are dropped.
 */
// eslint-disable-next-line no-control-regex -- these are the characters iCalendar text may not hold
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g
const oneKindOfBreak = (text: string) => text.replace(/\r\n|\r|\n/g, '\n').replace(CONTROLS, '')

/** TEXT values (§3.3.11): backslash, semicolon, comma and newline are escaped with a backslash. */
const icsText = (text: string) => oneKindOfBreak(text).replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))

/** Parameter values (CN=…) have no backslash escapes: quoted, with RFC 6868's ^n, ^' and ^^. */
const icsParam = (text: string) => `"${oneKindOfBreak(text).replace(/[\^"\n]/g, (c) => (c === '^' ? '^^' : c === '"' ? "^'" : '^n'))}"`

/** Lines longer than 75 octets are folded (CRLF then a space), without cutting a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = []
  let current = ''
  for (const char of line) {
    if (Buffer.byteLength(current + char) > (out.length === 0 ? 75 : 74)) {
      out.push(current)
      current = ''
    }
    current += char
  }
  out.push(current)
  return out.join('\r\n ')
}

export function eventIcs(details: EventDetails, options: { url: string; host: string; now: Date; showOnlineUrl: boolean }): string {
  const { event } = details
  const location = event.online
    ? options.showOnlineUrl && event.onlineUrl
      ? event.onlineUrl
      : 'En ligne'
    : [event.venue, event.address, event.city].filter(Boolean).join(', ')
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Amicale//Evenements//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:event-${event.id}@${options.host}`,
    `DTSTAMP:${icsDate(options.now)}`,
    `DTSTART:${icsDate(event.startsAt)}`,
    `DTEND:${icsDate(event.endsAt)}`,
    `SUMMARY:${icsText(event.title)}`,
    `DESCRIPTION:${icsText(`${event.description}\n\n${options.url}`)}`,
    `LOCATION:${icsText(location)}`,
    `URL:${options.url}`,
    `ORGANIZER;CN=${icsParam(`${details.organizer.firstName} ${details.organizer.lastName}`)}:mailto:${encodeURI(oneKindOfBreak(details.organizer.email))}`,
    `STATUS:${event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return lines.map(fold).join('\r\n') + '\r\n'
}

/* ---------- CSV for spreadsheets ---------- */

/**
 * RFC 4180 quoting; a cell starting with = + - @ (or a tab or line break before one) is prefixed
 * so that a spreadsheet never runs it. Commas and tabs are quoted too: a spreadsheet set to
 * another separator would otherwise split the cell and start a new one with what follows.
 */
function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value)
  const safe = /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text
  return /[";,\t\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  // A BOM so that Excel reads the accents as UTF-8; semicolons as French spreadsheets expect.
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n') + '\r\n'
}

/* ---------- The practical details, for mails ---------- */

export function practicalDetails(details: EventDetails, locale: Locale, options: { showOnlineUrl: boolean }) {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params)
  return [
    { label: t('events.field.when'), value: whenLabel(details, locale) },
    { label: t('events.field.place'), value: placeLabel(details, locale, options) },
    { label: t('events.field.organizer'), value: `${details.organizer.firstName} ${details.organizer.lastName} <${details.organizer.email}>` },
    { label: t('events.field.price'), value: priceLabel(details, locale) },
  ]
}

export function whenLabel({ event }: Pick<EventDetails, 'event'>, locale: Locale): string {
  return `${formatDateTime(locale, event.startsAt, event.timeZone)} → ${formatDateTime(locale, event.endsAt, event.timeZone)} (${event.timeZone})`
}

export function placeLabel({ event }: Pick<EventDetails, 'event'>, locale: Locale, options: { showOnlineUrl: boolean }): string {
  if (!event.online) return [event.venue, event.address, event.city].filter(Boolean).join(', ')
  return options.showOnlineUrl && event.onlineUrl ? event.onlineUrl : translate(locale, 'events.onlineLinkLater')
}

export function priceLabel(details: Pick<EventDetails, 'event' | 'ticketTypes'>, locale: Locale): string {
  const paid = details.event.ticketing ? details.ticketTypes.filter((t) => t.priceCents > 0) : []
  if (paid.length === 0) return translate(locale, 'events.free')
  return details.ticketTypes
    .map((t) => `${t.name}${locale === 'fr' ? '\u00a0: ' : ': '}${t.priceCents === 0 ? translate(locale, 'events.free') : formatMoney(locale, t.priceCents)}`)
    .join(' · ')
}
