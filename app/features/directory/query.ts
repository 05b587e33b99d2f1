import type { SearchQuery } from '../../../search'
import { RADII_KM } from '~/shared/places'

export const PER_PAGE = 20
export { RADII_KM }
const SORTS = ['relevance', 'name', 'promotion'] as const

/** The directory's state as it sits in the URL: shareable, and the back button works. */
export interface DirectoryState {
  q: string
  promo: string
  diploma: string[]
  company: string[]
  city: string[]
  country: string[]
  near: string
  radius: number
  box: string
  sort: (typeof SORTS)[number]
  page: number
  view: 'liste' | 'carte'
}

const list = (params: URLSearchParams, name: string) =>
  params
    .getAll(name)
    .map((v) => v.trim().slice(0, 120))
    .filter(Boolean)
    .slice(0, 20)

export function readDirectoryState(params: URLSearchParams): DirectoryState {
  const sort = params.get('tri') as DirectoryState['sort']
  const radius = Number(params.get('rayon'))
  const page = Number(params.get('page'))
  return {
    q: (params.get('q') ?? '').trim().slice(0, 100),
    promo: (params.get('promo') ?? '').trim().slice(0, 9),
    diploma: list(params, 'diplome'),
    company: list(params, 'entreprise'),
    city: list(params, 'ville'),
    country: list(params, 'pays'),
    near: (params.get('pres') ?? '').trim().slice(0, 100),
    radius: (RADII_KM as readonly number[]).includes(radius) ? radius : 25,
    box: (params.get('zone') ?? '').trim().slice(0, 100),
    sort: SORTS.includes(sort) ? sort : 'relevance',
    page: Number.isInteger(page) && page >= 1 && page <= 500 ? page : 1,
    view: params.get('vue') === 'carte' ? 'carte' : 'liste',
  }
}

/** « 2012 » or « 2010-2015 » (either end may be missing). */
export function parsePromotion(text: string): { from?: number; to?: number } | undefined {
  const match = /^(\d{4})?\s*(-)?\s*(\d{4})?$/.exec(text)
  if (!text || !match) return undefined
  const [, a, dash, b] = match
  if (!dash) return a ? { from: Number(a), to: Number(a) } : undefined
  return { ...(a ? { from: Number(a) } : {}), ...(b ? { to: Number(b) } : {}) }
}

/**
 * The promotion filter as typed, checked against the years a member may belong to: `false` when
 * there is text but no usable filter (« abc », 1800, 2015-2010), so the page says so next to the
 * field instead of quietly showing everyone (or no one).
 */
export function promotionFilter(text: string, range: { min: number; max: number }): { from?: number; to?: number } | undefined | false {
  if (!text) return undefined
  const parsed = parsePromotion(text)
  if (!parsed || (parsed.from === undefined && parsed.to === undefined)) return false
  const years = [parsed.from, parsed.to].filter((y): y is number => y !== undefined)
  if (years.some((y) => y < range.min || y > range.max)) return false
  if (parsed.from !== undefined && parsed.to !== undefined && parsed.from > parsed.to) return false
  return parsed
}

export function parseBox(text: string): { north: number; south: number; east: number; west: number } | undefined {
  const parts = text.split(',').map(Number)
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined
  const [north, south, east, west] = parts
  if (north <= south || Math.abs(north) > 90 || Math.abs(south) > 90) return undefined
  return { north, south, east, west }
}

/**
 * The engine's query for a state; `locate` turns the « près de » city into coordinates. A
 * promotion outside `promotions` is left out (the page tells why).
 */
export function toSearchQuery(
  state: DirectoryState,
  locate: (city: string) => { lat: number; lng: number } | null,
  promotions: { min: number; max: number },
): SearchQuery {
  const box = parseBox(state.box)
  const place = !box && state.near ? locate(state.near) : null
  return {
    q: state.q,
    filters: {
      promotion: promotionFilter(state.promo, promotions) || undefined,
      diploma: state.diploma.length ? state.diploma : undefined,
      company: state.company.length ? state.company : undefined,
      city: state.city.length ? state.city : undefined,
      country: state.country.length ? state.country : undefined,
    },
    geo: box ? { box } : place ? { around: { lat: place.lat, lng: place.lng, radiusKm: state.radius } } : undefined,
    sort: state.sort,
    page: state.page,
    perPage: PER_PAGE,
  }
}

/** The URL of a state (only what differs from the defaults). */
export function directoryHref(state: DirectoryState, change: Partial<DirectoryState> = {}): string {
  const next = { ...state, page: 1, ...change }
  const params = new URLSearchParams()
  if (next.q) params.set('q', next.q)
  if (next.promo) params.set('promo', next.promo)
  for (const v of next.diploma) params.append('diplome', v)
  for (const v of next.company) params.append('entreprise', v)
  for (const v of next.city) params.append('ville', v)
  for (const v of next.country) params.append('pays', v)
  if (next.near) params.set('pres', next.near)
  if (next.near && next.radius !== 25) params.set('rayon', String(next.radius))
  if (next.box) params.set('zone', next.box)
  if (next.sort !== 'relevance') params.set('tri', next.sort)
  if (next.page > 1) params.set('page', String(next.page))
  if (next.view === 'carte') params.set('vue', 'carte')
  const query = params.toString()
  return `/annuaire${query ? `?${query}` : ''}`
}

/** A member's profile, remembering the directory search it was opened from (when there was one). */
export function profileHref(memberId: string, returnTo?: string): string {
  const path = `/membres/${encodeURIComponent(memberId)}`
  return returnTo && returnTo !== '/annuaire' ? `${path}?retour=${encodeURIComponent(returnTo)}` : path
}

// Any host would do: it only tells a relative URL (resolved on it) from one naming another host.
const SAME_SITE = 'http://amicale.invalid'

/**
 * Where « Retour à l’annuaire » leads, from the profile's `?retour=`: only ever the directory.
 * The URL is resolved as a browser would (`//host`, `/\thost`, `https://…` name another host and
 * are refused), then rebuilt from the search state it carries, so nothing but a directory query
 * string survives.
 */
export function directoryReturnHref(raw: string | null | undefined): string {
  if (!raw || raw.length > 2000) return '/annuaire'
  let url: URL
  try {
    url = new URL(raw, SAME_SITE)
  } catch {
    return '/annuaire'
  }
  if (url.origin !== SAME_SITE || url.pathname !== '/annuaire') return '/annuaire'
  const state = readDirectoryState(url.searchParams)
  return directoryHref(state, { page: state.page })
}
