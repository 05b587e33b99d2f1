// The back office's browser-safe rules (issue #17): the dashboard's figures, the member list's
// filters as they travel in the address, and the identity correction form.
import { z } from 'zod'
import { intlLocale, type Locale, type MessageKey } from '~/i18n'
import { emailField, nameField } from '~/shared/validation'

/** The dashboard's figures, by the slug of their CSV (`/admin/tableau/<slug>.csv`). */
export const DASHBOARD_FIGURES = ['membres', 'activation', 'cotisations', 'evenements', 'a-traiter'] as const
export type DashboardFigure = (typeof DASHBOARD_FIGURES)[number]

export function isDashboardFigure(value: string): value is DashboardFigure {
  return (DASHBOARD_FIGURES as readonly string[]).includes(value)
}

export const MEMBERS_PER_PAGE = 50

export const MEMBER_SORTS = ['nom', 'promotion', 'inscription', 'connexion'] as const
export type MemberSort = (typeof MEMBER_SORTS)[number]

/** What /admin/membres (and its CSV) is asked for; each field is one parameter of the address. */
export interface MemberFilters {
  categorie?: 'alumni' | 'student' | 'none'
  cotisation?: 'active' | 'none'
  promo_min?: number
  promo_max?: number
  statut?: 'active' | 'deactivated'
  role?: 'user' | 'webmaster'
  /** A day (YYYY-MM-DD), Paris time: logged in on or after it. */
  connecte_depuis?: string
  q?: string
  tri: MemberSort
  ordre: 'asc' | 'desc'
  page: number
}

export type FilterParam = keyof MemberFilters

/** The dues state a list row shows (and its CSV writes): paid, suspended, or none. */
export function duesState(row: { membershipStatus: 'active' | 'suspended' | null }): 'active' | 'suspended' | 'none' {
  return row.membershipStatus ?? 'none'
}
export type FilterErrors = Partial<Record<FilterParam, MessageKey>>

const MEMBER_FILTER_PARAMS: readonly FilterParam[] = [
  'q',
  'categorie',
  'cotisation',
  'promo_min',
  'promo_max',
  'statut',
  'role',
  'connecte_depuis',
  'tri',
  'ordre',
  'page',
]

const isDay = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const [y, m, d] = text.split('-').map(Number)
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 2000
}

function oneOf<T extends string>(values: readonly T[], text: string): T | undefined {
  return (values as readonly string[]).includes(text) ? (text as T) : undefined
}

/**
 * The list's filters read from the address. A value that is not one the form offers (typed by
 * hand, or an old link) is reported by parameter, in words, next to its filter: the page answers
 * 400 with the others applied, never a 500. `promotions` bounds the promotion range.
 */
export function parseMemberFilters(
  params: URLSearchParams,
  promotions: { min: number; max: number },
): { filters: MemberFilters; errors: FilterErrors; values: Partial<Record<FilterParam, string>> } {
  const values: Partial<Record<FilterParam, string>> = {}
  for (const name of MEMBER_FILTER_PARAMS) {
    const value = params.get(name)
    if (value !== null && value.trim() !== '') values[name] = value.trim()
  }
  const errors: FilterErrors = {}
  const filters: MemberFilters = { tri: 'nom', ordre: 'asc', page: 1 }

  if (values.q !== undefined) {
    if (values.q.length > 100) errors.q = 'admin.membersList.error.q'
    else filters.q = values.q
  }
  const enumParam = <K extends 'categorie' | 'cotisation' | 'statut' | 'role'>(name: K, allowed: readonly NonNullable<MemberFilters[K]>[]) => {
    const text = values[name]
    if (text === undefined) return
    const value = oneOf(allowed, text)
    if (value === undefined) errors[name] = `admin.membersList.error.${name}`
    else filters[name] = value as MemberFilters[K]
  }
  enumParam('categorie', ['alumni', 'student', 'none'])
  enumParam('cotisation', ['active', 'none'])
  enumParam('statut', ['active', 'deactivated'])
  enumParam('role', ['user', 'webmaster'])

  for (const name of ['promo_min', 'promo_max'] as const) {
    const text = values[name]
    if (text === undefined) continue
    const year = /^\d{4}$/.test(text) ? Number(text) : NaN
    if (!(year >= promotions.min && year <= promotions.max)) errors[name] = 'admin.membersList.error.promotion'
    else filters[name] = year
  }
  if (filters.promo_min !== undefined && filters.promo_max !== undefined && filters.promo_min > filters.promo_max) {
    errors.promo_max = 'admin.membersList.error.promotionOrder'
    delete filters.promo_max
  }

  if (values.connecte_depuis !== undefined) {
    if (!isDay(values.connecte_depuis)) errors.connecte_depuis = 'admin.membersList.error.since'
    else filters.connecte_depuis = values.connecte_depuis
  }
  if (values.tri !== undefined) {
    const sort = oneOf(MEMBER_SORTS, values.tri)
    if (sort) filters.tri = sort
    else errors.tri = 'admin.membersList.error.sort'
  }
  if (values.ordre !== undefined) {
    const order = oneOf(['asc', 'desc'] as const, values.ordre)
    if (order) filters.ordre = order
    else errors.ordre = 'admin.membersList.error.order'
  }
  if (values.page !== undefined) {
    const page = /^\d{1,5}$/.test(values.page) ? Number(values.page) : NaN
    if (!(page >= 1)) errors.page = 'admin.membersList.error.page'
    else filters.page = page
  }
  return { filters, errors, values }
}

/** The address of the list with these filters (and no page: a new filter starts at the first). */
export function membersQuery(filters: Partial<MemberFilters>, overrides: Partial<MemberFilters> = {}): string {
  const merged = { ...filters, ...overrides }
  const params = new URLSearchParams()
  for (const name of MEMBER_FILTER_PARAMS) {
    const value = merged[name as keyof MemberFilters]
    if (value === undefined || value === '') continue
    if (name === 'tri' && value === 'nom' && merged.ordre !== 'desc') continue
    if (name === 'ordre' && value === 'asc') continue
    if (name === 'page' && value === 1) continue
    params.set(name, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** The identity fields a webmaster corrects, each audited as one `account_changes` row under this name. */
export const IDENTITY_FIELDS = ['lastName', 'firstName', 'birthName', 'email', 'promotion', 'diploma'] as const
export type IdentityField = (typeof IDENTITY_FIELDS)[number]

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'error.tooLong')
    .transform((v) => (v === '' ? null : v))

/**
 * The correction form (`intent=identity`). `diplomas`: the school's list, plus the member's
 * current diploma when it is not in it (a roster import may bring another), so that saving the
 * other fields never loses it.
 */
export function identityForm(diplomas: readonly string[], promotions: { min: number; max: number }) {
  return z.object({
    lastName: nameField,
    firstName: nameField,
    birthName: optionalText(100),
    email: emailField.transform((v) => v.toLowerCase()),
    promotion: z
      .string()
      .trim()
      .refine((v) => v === '' || (/^\d{4}$/.test(v) && Number(v) >= promotions.min && Number(v) <= promotions.max), 'admin.member.error.promotion')
      .transform((v) => (v === '' ? null : Number(v))),
    diploma: z
      .string()
      .trim()
      .refine((v) => v === '' || diplomas.includes(v), 'admin.member.error.diploma')
      .transform((v) => (v === '' ? null : v)),
  })
}
export type IdentityInput = z.output<ReturnType<typeof identityForm>>

/** A month of the dashboard (« 2026-11 ») as the page labels it: « nov. 2026 ». */
export function monthLabel(locale: Locale, month: string): string {
  const [y, m] = month.split('-').map(Number)
  return new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)))
}
