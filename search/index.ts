/**
 * The member search engine, behind one interface. `search/` knows only its documents: services
 * build `MemberDocument`s from the database and feed them in. Two engines implement it: an
 * embedded one in the app process (its own inverted index, text-index.ts), and a Meilisearch
 * adapter used when MEILI_HOST is set. Both pass one contract suite
 * (tests/integration/search-contract.test.ts).
 */
import { createEmbeddedEngine } from './embedded'
import { createMeiliEngine } from './meilisearch'
import type { SearchEngine } from './types'

export type * from './types'

export function createSearchEngine(env: { MEILI_HOST?: string; MEILI_MASTER_KEY?: string }): SearchEngine {
  if (env.MEILI_HOST) return createMeiliEngine({ host: env.MEILI_HOST, apiKey: env.MEILI_MASTER_KEY })
  return createEmbeddedEngine()
}

export { createEmbeddedEngine, createMeiliEngine }
export { DEFAULT_PER_PAGE, MAX_MAP_POINTS, MAX_PER_PAGE, MAX_POINTS, MAX_VALUES_PER_FACET } from './limits'
