import { formatDate, numberFormat, type Locale, type MessageKey, type Translate } from '~/i18n'

/** « 12 mars 2026 » from a `YYYY-MM-DD` calendar date (no time zone shift). */
export function formatDay(locale: Locale, date: string): string {
  return formatDate(locale, new Date(`${date}T12:00:00Z`), { dateStyle: 'long', timeZone: 'UTC' })
}

/** « 12 mars 2026 » from a moment, in Paris. */
export function formatMoment(locale: Locale, at: string | Date): string {
  return formatDate(locale, new Date(at))
}

function euros(locale: Locale, amount: number) {
  return numberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount)
}

/** « 42 000 € – 48 000 € brut par an », or null when the poster gave none. */
export function formatSalary(
  t: Translate,
  locale: Locale,
  offer: { salaryMin: number | null; salaryMax: number | null; salaryPeriod: 'year' | 'month' | null },
): string | null {
  const { salaryMin: min, salaryMax: max, salaryPeriod } = offer
  if (min === null && max === null) return null
  const period = t(salaryPeriod === 'month' ? 'careers.salary.perMonth' : 'careers.salary.perYear')
  if (min !== null && max !== null && min !== max) return t('careers.salary.range', { min: euros(locale, min), max: euros(locale, max), period })
  if (min !== null && max === null) return t('careers.salary.from', { amount: euros(locale, min), period })
  if (min === null && max !== null) return t('careers.salary.upTo', { amount: euros(locale, max), period })
  return t('careers.salary.exact', { amount: euros(locale, (min ?? max)!), period })
}

export const contractKey = (type: string) => `careers.contract.${type}` as MessageKey
export const sectorKey = (sector: string) => `careers.sector.${sector}` as MessageKey
export const remoteKey = (remote: string) => `careers.remote.${remote}` as MessageKey
export const experienceKey = (level: string) => `careers.experience.${level}` as MessageKey
export const statusKey = (status: string) => `careers.status.${status}` as MessageKey
