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

export function parseBox(text: string): { north: number; south: number; east: number; west: number } | undefined {
  const parts = text.split(',').map(Number)
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined
  const [north, south, east, west] = parts
  if (north <= south || Math.abs(north) > 90 || Math.abs(south) > 90) return undefined
  return { north, south, east, west }
}

/** The engine's query for a state; `locate` turns the « près de » city into coordinates. */
export function toSearchQuery(state: DirectoryState, locate: (city: string) => { lat: number; lng: number } | null): SearchQuery & { includePoints?: boolean } {
  const box = parseBox(state.box)
  const place = !box && state.near ? locate(state.near) : null
  return {
    q: state.q,
    filters: {
      promotion: parsePromotion(state.promo),
      diploma: state.diploma.length ? state.diploma : undefined,
      company: state.company.length ? state.company : undefined,
      city: state.city.length ? state.city : undefined,
      country: state.country.length ? state.country : undefined,
    },
    geo: box ? { box } : place ? { around: { lat: place.lat, lng: place.lng, radiusKm: state.radius } } : undefined,
    sort: state.sort,
    page: state.page,
    perPage: PER_PAGE,
    includePoints: true,
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
