import MiniSearch from 'minisearch'
import type { FacetField, MemberDocument, SearchEngine, SearchQuery, SearchResult } from './types'
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_VALUES_PER_FACET, pointsCap } from './limits'
import { indexTerms, parseQuery, sortNameKey } from './normalize'
import { Vocabulary } from './typos'
import { highlightDocument, queryMatcher, HIGHLIGHT_FIELDS } from './highlight'
import { FACET_FIELDS, MemberStore, NO_PROMOTION, RANK_SPACE } from './store'
import { MatchScratch, matchAllWords } from './embedded-match'
import { Buffers, gather, type Gathered } from './gather'
import { byPromotion, smallestSorted, smallestUnordered, topValues } from './select'

interface State {
  store: MemberStore
  mini: MiniSearch<{ id: number }>
  vocabulary: Vocabulary
}

function createState(): State {
  const vocabulary = new Vocabulary()
  const mini = new MiniSearch<{ id: number }>({
    fields: [...HIGHLIGHT_FIELDS],
    // Indexing folds and splits like the query side; every indexed word also enters the
    // vocabulary used for typo variants, so both always hold the same words.
    tokenize: (text) => {
      const terms = indexTerms(text)
      for (const term of terms) vocabulary.add(term)
      return terms
    },
    processTerm: (term) => term,
    // Query words arrive folded, one per string: no second tokenization.
    searchOptions: { tokenize: (text) => [text], processTerm: (term) => term, prefix: false, fuzzy: false },
  })
  return { store: new MemberStore(), mini, vocabulary }
}

const indexable = (slot: number, doc: MemberDocument) => ({
  id: slot,
  lastName: doc.lastName,
  firstName: doc.firstName,
  company: doc.company ?? '',
  jobTitle: doc.jobTitle ?? '',
  city: doc.city ?? '',
})

export function createEmbeddedEngine(options: { maxValuesPerFacet?: number } = {}): SearchEngine {
  const maxValuesPerFacet = options.maxValuesPerFacet ?? MAX_VALUES_PER_FACET
  let state = createState()
  const scratch = new MatchScratch()
  const buffers = new Buffers()
  let browseCache: { store: MemberStore; version: number; found: Gathered & { byYear?: Int32Array } } | undefined

  function write(target: State, documents: MemberDocument[]) {
    const { store, mini } = target
    for (const doc of documents) {
      const known = store.slotOf.get(doc.id)
      if (known !== undefined) mini.discard(known)
      mini.add(indexable(store.put(doc), doc))
    }
    store.settle()
    target.vocabulary.settle()
  }

  async function search(query: SearchQuery): Promise<SearchResult> {
    const { store, mini, vocabulary } = state
    const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(query.perPage ?? DEFAULT_PER_PAGE)))
    const page = Math.max(1, Math.floor(query.page ?? 1))
    const sort = query.sort ?? 'relevance'
    const parsed = parseQuery(query.q)
    const last = parsed.words.length - 1
    const variants = parsed.words.map((word, i) => vocabulary.derive(word, i === last && parsed.lastIsPrefix))
    const accept = store.compileFilter(query)
    const wantFacets = query.facets ?? true

    // Candidates: every member in name order when browsing, else those matching every word. The
    // unfiltered directory is the same for everyone until the next write: it is cached.
    let found: Gathered & { byYear?: Int32Array }
    if (parsed.words.length === 0 && !accept) {
      if (browseCache?.store !== store || browseCache.version !== store.version) {
        browseCache = { store, version: store.version, found: gather(store, store.order, null, null, sort, true, null) }
      }
      found = browseCache.found
    } else {
      const { slots, costs } = parsed.words.length
        ? matchAllWords(mini, parsed, variants, scratch, store.capacity, buffers)
        : { slots: store.order, costs: null }
      found = gather(store, slots, accept, costs, sort, wantFacets, buffers)
    }
    const { slots: matched, keys, counts, located } = found
    const { order, promotion, lat } = store
    /** The first `k` slots in result order, without sorting all of them. */
    const firstSlots = (k: number): Int32Array => {
      if (keys) return Int32Array.from(smallestSorted(keys, keys.length, k), (key) => order[key % RANK_SPACE])
      if (sort !== 'promotion') return matched.subarray(0, k)
      found.byYear ??= byPromotion(matched, promotion, NO_PROMOTION)
      return found.byYear.subarray(0, k)
    }

    const matcher = queryMatcher(parsed, variants)
    const hits = [...firstSlots(page * perPage).subarray((page - 1) * perPage)].map((slot) => {
      const doc = store.docs[slot]!
      return { ...doc, highlights: parsed.words.length ? highlightDocument(doc, matcher) : {} }
    })
    const facets = Object.fromEntries(
      FACET_FIELDS.map((f, i) => [f, counts && wantFacets ? topValues(counts[i], store.values[f].labels, maxValuesPerFacet) : {}]),
    )
    const result: SearchResult = { hits, total: matched.length, page, perPage, facets: facets as Record<FacetField, Record<string, number>> }
    if (query.includePoints) {
      const cap = pointsCap(query)
      // Every located match fits: any order will do. Beyond the cap, keep the best ranked ones,
      // found by partial selection rather than by sorting everything.
      let ranked = matched
      if (located > cap && keys) {
        const locatedKeys = buffers.float64('located', located)
        for (let i = 0, n = 0; i < matched.length; i++) if (lat[matched[i]] === lat[matched[i]]) locatedKeys[n++] = keys[i]
        ranked = Int32Array.from(smallestUnordered(locatedKeys, located, cap), (key) => order[key % RANK_SPACE])
      } else if (located > cap) ranked = firstSlots(matched.length)
      const points: { id: string; lat: number; lng: number }[] = []
      for (let i = 0; i < ranked.length && points.length < cap; i++) {
        const slot = ranked[i]
        if (lat[slot] === lat[slot]) points.push({ id: store.docs[slot]!.id, lat: lat[slot], lng: store.lng[slot] })
      }
      result.points = points
    }
    return result
  }

  let generation = 0
  return {
    name: 'embedded',
    init: async () => {},
    generation: () => generation,
    upsert: async (documents) => {
      generation++
      write(state, documents)
    },
    remove: async (ids) => {
      generation++
      for (const id of ids) {
        const slot = state.store.delete(id)
        if (slot !== undefined) state.mini.discard(slot)
      }
      state.store.settle()
    },
    reindex: async (documents) => {
      // Built aside and swapped in: searches keep the old index until the new one is complete.
      // Slots are handed out in name order, so that the scans that follow name order (browsing,
      // filters) read the columns sequentially instead of jumping around memory.
      generation++
      const next = createState()
      const keyed = documents.map((doc) => [sortNameKey(doc.lastName, doc.firstName, doc.id), doc] as const)
      keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      write(
        next,
        keyed.map(([, doc]) => doc),
      )
      state = next
    },
    search,
    health: async () => 'ok',
  }
}
