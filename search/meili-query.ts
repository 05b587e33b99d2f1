import type { SearchParams, Settings } from 'meilisearch'
import type { FacetField, MemberDocument, SearchQuery } from './types'
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_VALUES_PER_FACET, pointsCap } from './limits'
import { MIN_WORD_SIZE_FOR_TYPOS } from './typos'
import { parseQuery, sortNameKey } from './normalize'

export const FACETS: FacetField[] = ['promotion', 'diploma', 'company', 'city', 'country']
const DOCUMENT_FIELDS = ['id', 'firstName', 'lastName', 'promotion', 'diploma', 'company', 'jobTitle', 'city', 'country', '_geo']

/** What Meilisearch stores: the document, plus the name sort key (see `sortNameKey`), minus a null `_geo`. */
export type MeiliMember = Omit<MemberDocument, '_geo'> & { _geo?: { lat: number; lng: number }; sortName: string }

export function indexSettings(maxTotalHits: number): Settings {
  return {
    searchableAttributes: ['lastName', 'firstName', 'company', 'jobTitle', 'city'],
    filterableAttributes: ['promotion', 'diploma', 'company', 'city', 'country', '_geo'],
    sortableAttributes: ['lastName', 'firstName', 'promotion', 'sortName'],
    displayedAttributes: DOCUMENT_FIELDS,
    // « sort » first: a sort the user picked orders the whole list, relevance only breaks ties.
    // Without a sort parameter the rule does nothing and relevance decides.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    typoTolerance: { enabled: true, minWordSizeForTypos: { ...MIN_WORD_SIZE_FOR_TYPOS } },
    // Most frequent values first: the default (alphabetical) would show the first 100 companies
    // from « A », not the ones that matter.
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
    // The default (1000) would cap both `totalHits` and the map's points.
    pagination: { maxTotalHits },
  }
}

export function toMeili(doc: MemberDocument): MeiliMember {
  const { _geo, ...rest } = doc
  // Meilisearch rejects a malformed `_geo`; a member without coordinates simply has none.
  return { ...rest, ...(_geo ? { _geo: { lat: _geo.lat, lng: _geo.lng } } : {}), sortName: sortNameKey(doc.lastName, doc.firstName, doc.id) }
}

export function fromMeili(hit: Record<string, unknown>): MemberDocument {
  const text = (key: string) => (typeof hit[key] === 'string' ? (hit[key] as string) : null)
  const geo = hit._geo as { lat: number | string; lng: number | string } | undefined | null
  return {
    id: String(hit.id),
    firstName: text('firstName') ?? '',
    lastName: text('lastName') ?? '',
    promotion: typeof hit.promotion === 'number' ? hit.promotion : null,
    diploma: text('diploma'),
    company: text('company'),
    jobTitle: text('jobTitle'),
    city: text('city'),
    country: text('country'),
    _geo: geo ? { lat: Number(geo.lat), lng: Number(geo.lng) } : null,
  }
}

/** A filter string literal: double quotes, with `"` and `\` escaped. */
export const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

/** The filter expression, one clause per filter joined by AND (lists become `IN [...]`). */
export function filterExpression(query: SearchQuery): string | undefined {
  const clauses: string[] = []
  const { promotion, ...lists } = query.filters ?? {}
  if (typeof promotion === 'number') clauses.push(`promotion = ${promotion}`)
  else if (promotion) {
    const { from, to } = promotion
    if (from !== undefined && from === to) clauses.push(`promotion = ${from}`)
    else {
      if (from !== undefined) clauses.push(`promotion >= ${from}`)
      if (to !== undefined) clauses.push(`promotion <= ${to}`)
    }
  }
  for (const field of ['diploma', 'company', 'city', 'country'] as const) {
    const values = lists[field]
    if (!values?.length) continue
    clauses.push(values.length === 1 ? `${field} = ${quote(values[0])}` : `${field} IN [${values.map(quote).join(', ')}]`)
  }
  if (query.geo && 'around' in query.geo) {
    const { lat, lng, radiusKm } = query.geo.around
    clauses.push(`_geoRadius(${lat}, ${lng}, ${Math.round(radiusKm * 1000)})`)
  } else if (query.geo) {
    // Meilisearch 1.x: _geoBoundingBox([top-right lat, lng], [bottom-left lat, lng]).
    const { north, south, east, west } = query.geo.box
    clauses.push(`_geoBoundingBox([${north}, ${east}], [${south}, ${west}])`)
  }
  return clauses.length ? clauses.join(' AND ') : undefined
}

export function sortExpression(query: SearchQuery): string[] | undefined {
  const sort = query.sort ?? 'relevance'
  if (sort === 'promotion') return ['promotion:desc', 'sortName:asc']
  // Without words there is no relevance: show the directory in name order, as the embedded engine does.
  if (sort === 'name' || parseQuery(query.q).words.length === 0) return ['sortName:asc']
  return undefined
}

export function pageOf(query: SearchQuery) {
  return {
    page: Math.max(1, Math.floor(query.page ?? 1)),
    hitsPerPage: Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(query.perPage ?? DEFAULT_PER_PAGE))),
  }
}

/** The page of results, and (for the map) every matching point in a second query of the same multi-search. */
export function searchRequests(query: SearchQuery): { main: SearchParams; points?: SearchParams } {
  const common: SearchParams = {
    q: query.q,
    filter: filterExpression(query),
    sort: sortExpression(query),
    // Default « last » drops words from the end when too few documents match all of them: a
    // directory must not show « Martin » for « Martin Zidane ».
    matchingStrategy: 'all',
  }
  const main: SearchParams = {
    ...common,
    ...pageOf(query),
    showMatchesPosition: true,
    ...((query.facets ?? true) ? { facets: FACETS } : {}),
  }
  if (!query.includePoints) return { main }
  return { main, points: { ...common, page: 1, hitsPerPage: pointsCap(query), attributesToRetrieve: ['id', '_geo'] } }
}
