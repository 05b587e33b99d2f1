import { en } from '~/i18n/en'
import { fr, type Catalog, type MessageKey } from '~/i18n/fr'
import { formatMessage, type MessageParams } from '~/i18n/message-format'

export type { MessageKey }
export type Locale = 'fr' | 'en'
export const locales: readonly Locale[] = ['fr', 'en']
const catalogs: Record<Locale, Catalog> = { fr, en }

export type Params = MessageParams
export type Translate = (key: MessageKey, params?: Params) => string

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en'
}

/** The message for `key`, its ICU arguments filled (plurals, years, French articles: see message-format.ts). */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return formatMessage(intlLocale(locale), catalogs[locale][key] ?? fr[key] ?? key, params)
}

/** Whether a string is a key of the catalogue (a zod issue carries either a key or zod's own English). */
export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(fr, value)
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params)
}

export function intlLocale(locale: Locale): string {
  return locale === 'fr' ? 'fr-FR' : 'en-GB'
}

// Building an Intl formatter costs far more than using one: keep one per locale and options.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()
/** A formatter built once per locale and options (building one costs far more than using it). */
export function dateTimeFormat(locale: Locale, options: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${JSON.stringify(options)}`
  let format = dateTimeFormats.get(key)
  if (!format) dateTimeFormats.set(key, (format = new Intl.DateTimeFormat(intlLocale(locale), options)))
  return format
}

/**
 * A date the locale's way, through `Intl`, with what `Intl` leaves out: French writes the first day of a
 * month as an ordinal (« 1er décembre », « 1er déc. »), and hours as « 19 h 00 ». Options default to
 * « 12 mars 2026 » in Paris time.
 */
export function formatDate(locale: Locale, date: Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeZone: 'Europe/Paris' }): string {
  // A page prints the same instants again and again (a thread's forty dates, on every request):
  // formatToParts costs ~20 µs, a lookup far less. At most 5,000 kept, then started afresh.
  const key = `${locale}|${JSON.stringify(options)}|${date.getTime()}`
  let text = formattedDates.get(key)
  if (text === undefined) {
    if (formattedDates.size >= 5000) formattedDates.clear()
    formattedDates.set(key, (text = formatDateNow(locale, date, options)))
  }
  return text
}
const formattedDates = new Map<string, string>()

function formatDateNow(locale: Locale, date: Date, options: Intl.DateTimeFormatOptions): string {
  const format = dateTimeFormat(locale, options)
  if (locale !== 'fr') return format.format(date)
  const parts = format.formatToParts(date)
  // « 01/12/2026 » stays numeric: the ordinal belongs only before a month written in words.
  const monthInWords = parts.some((p) => p.type === 'month' && !/^\d+$/.test(p.value))
  let text = ''
  for (const part of parts) text += part.type === 'day' && monthInWords && /^0?1$/.test(part.value) ? '1er' : part.value
  return text.replace(/(\d{1,2}):(\d{2})/, '$1 h $2')
}

/** « jeudi 12 mars 2026 à 19 h 00 » in French; « Thursday 12 March 2026 at 19:00 » in English. */
export function formatDateTime(locale: Locale, date: Date, timeZone = 'Europe/Paris'): string {
  return formatDate(locale, date, { dateStyle: 'full', timeStyle: 'short', timeZone })
}

const numberFormats = new Map<string, Intl.NumberFormat>()
/** A number formatter built once per locale and options. */
export function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}) {
  const key = `${locale}|${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(intlLocale(locale), options)))
  return format
}

const moneyFormats = new Map<string, Intl.NumberFormat>()
export function formatMoney(locale: Locale, cents: number, currency = 'EUR'): string {
  const key = `${locale}|${currency}`
  let format = moneyFormats.get(key)
  if (!format) moneyFormats.set(key, (format = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency })))
  return format.format(cents / 100)
}
