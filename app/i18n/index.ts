import { en } from '~/i18n/en'
import { fr, type Catalog, type MessageKey } from '~/i18n/fr'

export type { MessageKey }
export type Locale = 'fr' | 'en'
export const locales: readonly Locale[] = ['fr', 'en']
const catalogs: Record<Locale, Catalog> = { fr, en }

export type Params = Record<string, string | number>
export type Translate = (key: MessageKey, params?: Params) => string

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en'
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = catalogs[locale][key] ?? fr[key]
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? formatParam(locale, params[name]) : whole))
}

function formatParam(locale: Locale, value: string | number): string {
  return typeof value === 'number' ? new Intl.NumberFormat(intlLocale(locale)).format(value) : value
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params)
}

export function intlLocale(locale: Locale): string {
  return locale === 'fr' ? 'fr-FR' : 'en-GB'
}

// Building an Intl formatter costs far more than using one: keep one per locale and zone.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()
function dateTimeFormat(locale: Locale, timeZone: string) {
  const key = `${locale}|${timeZone}`
  let format = dateTimeFormats.get(key)
  if (!format) dateTimeFormats.set(key, (format = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'full', timeStyle: 'short', timeZone })))
  return format
}

/** « jeudi 12 mars 2026 à 19 h 00 » in French; Intl does the typography. */
export function formatDateTime(locale: Locale, date: Date, timeZone = 'Europe/Paris'): string {
  return dateTimeFormat(locale, timeZone)
    .format(date)
    .replace(/(\d{2}):(\d{2})/, locale === 'fr' ? '$1 h $2' : '$1:$2')
}

const moneyFormats = new Map<string, Intl.NumberFormat>()
export function formatMoney(locale: Locale, cents: number, currency = 'EUR'): string {
  const key = `${locale}|${currency}`
  let format = moneyFormats.get(key)
  if (!format) moneyFormats.set(key, (format = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency })))
  return format.format(cents / 100)
}
