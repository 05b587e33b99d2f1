import { useEffect, useState } from 'react'
import { formatDateTime, intlLocale, type Locale, type MessageKey, type Params, type Translate } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'

// Days (« hier », « lundi ») are counted in the association's zone, like every date it prints, so
// that the server's text and the browser's first render are the same whatever the reader's zone.
const TIME_ZONE = 'Europe/Paris'
const MINUTE = 60_000
const HOUR = 60 * MINUTE

/**
 * A counted message: `<base>.one` or `<base>.other` as `Intl.PluralRules` says (« 1 réponse »,
 * « 0 réponse », « 2 réponses »), until the catalogues take ICU plurals.
 */
export function plural(t: Translate, locale: Locale, base: string, count: number, params: Params = {}): string {
  const form = pluralRules(locale).select(count) === 'one' ? 'one' : 'other'
  return t(`${base}.${form}` as MessageKey, { count, ...params })
}

// Building an Intl formatter costs far more than using one (a thread page prints forty dates).
const rules = new Map<Locale, Intl.PluralRules>()
function pluralRules(locale: Locale) {
  let found = rules.get(locale)
  if (!found) rules.set(locale, (found = new Intl.PluralRules(intlLocale(locale))))
  return found
}
const relativeFormats = new Map<Locale, Intl.RelativeTimeFormat>()
function relativeFormat(locale: Locale) {
  let found = relativeFormats.get(locale)
  if (!found) relativeFormats.set(locale, (found = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'always', style: 'short' })))
  return found
}

const formats = new Map<string, Intl.DateTimeFormat>()
function format(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let found = formats.get(key)
  if (!found) formats.set(key, (found = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: TIME_ZONE, ...options })))
  return found
}

/** « 18 h 02 » in French, « 18:02 » in English. */
function clock(locale: Locale, date: Date): string {
  const text = format(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date)
  return locale === 'fr' ? text.replace(/(\d{2}):(\d{2})/, '$1 h $2') : text
}

/**
 * The day number of an instant in the association's zone (for « today » and « yesterday »). Paris
 * changes day only on the hour (its offsets are whole hours), so the answer is kept per hour.
 */
function dayNumber(date: Date): number {
  const hour = Math.floor(date.getTime() / HOUR)
  let day = dayNumbers.get(hour)
  if (day === undefined) {
    const [y, m, d] = format('en', { year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(date)
      .filter((p) => p.type !== 'literal')
      .map((p) => Number(p.value))
    if (dayNumbers.size >= 10_000) dayNumbers.clear()
    dayNumbers.set(hour, (day = Math.round(Date.UTC(y!, m! - 1, d!) / (24 * HOUR))))
  }
  return day
}
const dayNumbers = new Map<number, number>()

/**
 * How long ago, as people say it: « à l’instant », « il y a 5 min », « il y a 3 h »,
 * « hier à 18 h 02 », « lundi à 9 h 15 », then the date. Pure: `now` is given, so that the
 * server and the browser's first render agree (no hydration mismatch).
 */
export function relativeTime(t: Translate, locale: Locale, date: Date, now: number): string {
  const elapsed = now - date.getTime()
  if (elapsed < 45_000) return t('time.justNow')
  const rtf = relativeFormat(locale)
  if (elapsed < HOUR) return rtf.format(-Math.max(1, Math.round(elapsed / MINUTE)), 'minute')
  const days = dayNumber(new Date(now)) - dayNumber(date)
  if (elapsed < 6 * HOUR && days === 0) return rtf.format(-Math.floor(elapsed / HOUR), 'hour')
  const time = clock(locale, date)
  if (days === 0) return t('time.todayAt', { time })
  if (days === 1) return t('time.yesterdayAt', { time })
  if (days < 7) return t('time.dayAt', { day: format(locale, { weekday: 'long' }).format(date), time })
  const sameYear = format(locale, { year: 'numeric' }).format(date) === format(locale, { year: 'numeric' }).format(new Date(now))
  const day = format(locale, sameYear ? { day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' }).format(date)
  return t('time.dayAt', { day, time })
}

/**
 * The current time for relative dates: the loader's `now` during the server render and the first
 * client render (so both print the same text), then the browser's clock, every minute.
 */
export function useNow(serverNow: string): number {
  const [now, setNow] = useState(() => new Date(serverNow).getTime())
  useEffect(() => {
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), MINUTE)
    return () => clearInterval(timer)
  }, [])
  return now
}

/** A relative time with the full date as its tooltip and its machine-readable instant. */
export function RelativeTime({ date, now, className }: { date: string; now: number; className?: string }) {
  const t = useT()
  const { locale } = useRootData()
  const instant = new Date(date)
  return (
    <time className={className} dateTime={instant.toISOString()} title={formatDateTime(locale, instant)}>
      {relativeTime(t, locale, instant, now)}
    </time>
  )
}
