/** The search interface's types, which the engines implement (kept apart from `index.ts`, which builds them). */
export interface MemberDocument {
  id: string
  firstName: string
  lastName: string
  promotion: number | null
  diploma: string | null
  company: string | null
  jobTitle: string | null
  city: string | null
  country: string | null
  /** Meilisearch's geo field name, kept as is so both engines share one document shape. */
  _geo: { lat: number; lng: number } | null
}

export type FacetField = 'promotion' | 'diploma' | 'company' | 'city' | 'country'
export type HighlightField = 'lastName' | 'firstName' | 'company' | 'jobTitle' | 'city'
/** `[start, length]` in UTF-16 units of the field's original value (what `String#slice` takes). */
export type Highlights = Partial<Record<HighlightField, [number, number][]>>

export type GeoArea =
  | { around: { lat: number; lng: number; radiusKm: number } }
  /** A box whose `west` is greater than its `east` crosses the antimeridian. */
  | { box: { north: number; south: number; east: number; west: number } }

export interface SearchQuery {
  /** Free text; every word must match (the last one as a prefix). Empty: browse. */
  q: string
  /**
   * Lists are OR within one filter and AND across filters. Values compare case-insensitively but
   * keep accents (Meilisearch's rule). An empty list is ignored.
   */
  filters?: {
    /** One year, or an inclusive range (either end may be missing). */
    promotion?: number | { from?: number; to?: number }
    diploma?: string[]
    company?: string[]
    city?: string[]
    country?: string[]
  }
  geo?: GeoArea
  /** 'relevance' (default; name order when `q` is empty), 'name' (last, first name, French order), 'promotion' (newest first, then name). */
  sort?: 'relevance' | 'name' | 'promotion'
  /** 1-based. */
  page?: number
  /** Default 20, at most 100. */
  perPage?: number
  /** Facet counts over the whole filtered result; default true. */
  facets?: boolean
  /** Also return every matching member that has coordinates (at most 10,000), for the map. */
  includePoints?: boolean
  /** Another cap for `includePoints`, at most 100,000 (the server-side clustered map). */
  pointsLimit?: number
}

export interface SearchHit extends MemberDocument {
  highlights: Highlights
}

export interface SearchResult {
  hits: SearchHit[]
  /** Exact for the embedded engine; Meilisearch's `totalHits` (exact up to its maxTotalHits). */
  total: number
  page: number
  perPage: number
  /** Each field's values by count, most frequent first, at most 100 values; empty when `facets: false`. */
  facets: Record<FacetField, Record<string, number>>
  /** Present when `includePoints` was asked. */
  points?: { id: string; lat: number; lng: number }[]
}

export interface SearchEngine {
  readonly name: 'embedded' | 'meilisearch'
  /** Prepares the engine (Meilisearch: creates the index, applies settings). Idempotent; the other methods call it too. */
  init(): Promise<void>
  /** Inserts or replaces by id; once resolved, the next search sees it. */
  upsert(documents: MemberDocument[]): Promise<void>
  remove(ids: string[]): Promise<void>
  search(query: SearchQuery): Promise<SearchResult>
  /** Replaces the whole index with these documents. */
  reindex(documents: MemberDocument[]): Promise<void>
  health(): Promise<'ok' | 'unreachable'>
  /** Counts this process's writes (upsert, remove, reindex): what was computed from a search before a change is stale. */
  generation(): number
}
