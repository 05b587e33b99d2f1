/**
 * The member search engine, behind one interface. `search/` knows only its documents: services
 * build `MemberDocument`s from the database and feed them in. Two engines implement it (the
 * directory issue adds them): an embedded one in the app process, and a Meilisearch adapter used
 * when MEILI_HOST is set.
 */
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

export interface SearchQuery {
  q: string
  filters?: {
    promotion?: { from?: number; to?: number }
    diploma?: string[]
    company?: string[]
    city?: string[]
    country?: string[]
  }
  geo?: { around: { lat: number; lng: number; radiusKm: number } } | { box: { north: number; south: number; east: number; west: number } }
  sort?: 'relevance' | 'name' | 'promotion'
  page?: number
  perPage?: number
}

export interface SearchResult {
  hits: MemberDocument[]
  total: number
  page: number
  facets: Record<'promotion' | 'diploma' | 'company' | 'city' | 'country', Record<string, number>>
}

export interface SearchEngine {
  readonly name: 'embedded' | 'meilisearch'
  upsert(documents: MemberDocument[]): Promise<void>
  remove(ids: string[]): Promise<void>
  search(query: SearchQuery): Promise<SearchResult>
  /** Replaces the whole index with these documents. */
  reindex(documents: MemberDocument[]): Promise<void>
  health(): Promise<'ok' | 'unreachable'>
}
