import type { FacetField, MemberDocument, SearchEngine, SearchQuery, SearchResult } from './types'
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_VALUES_PER_FACET, pointsCap } from './limits'
import { parseQuery, sortNameKey } from './normalize'
import { highlightDocument, queryMatcher } from './highlight'
import { FACET_FIELDS, MemberStore, NO_PROMOTION, RANK_SPACE } from './store'
import { MatchScratch, matchAllWords } from './embedded-match'
import { Buffers, gather, type Gathered } from './gather'
import { byPromotion, smallestSorted, smallestUnordered, topValues } from './select'
import { TextIndex } from './text-index'
import { FilterIndex } from './narrow'

/**
 * One-word prefix queries (no filter, relevance order) that match at least this many members —
 * « l », « ma », « paris » — are answered from a table: counting facets over 100,000 matches or
 * more took most of their 10–25 ms at 500,000 members. The table is filled at reindex for every
 * prefix whose words hold that many postings, emptied by any write, and refilled as such queries
 * come again.
 */
export const PREPARED_MIN = 20_000
/** The best hits a prepared answer keeps, in order; a page beyond them is computed. */
const PREPARED_HITS = 200

interface Prepared {
  total: number
  top: Int32Array
  facets: Record<FacetField, Record<string, number>>
}

interface State {
  store: MemberStore
  text: TextIndex
  filters: FilterIndex
  /** Prepared answers by query word, valid for `store.version`. */
  prepared: { version: number; answers: Map<string, Prepared> }
}

function createState(): State {
  const store = new MemberStore()
  return { store, text: new TextIndex(), filters: new FilterIndex(store), prepared: { version: -1, answers: new Map() } }
}

export function createEmbeddedEngine(options: { maxValuesPerFacet?: number; preparedMin?: number } = {}): SearchEngine {
  const maxValuesPerFacet = options.maxValuesPerFacet ?? MAX_VALUES_PER_FACET
  /** Another threshold for prepared answers (tests use small data). */
  const preparedMin = options.preparedMin ?? PREPARED_MIN
  let state = createState()
  const scratch = new MatchScratch()
  const buffers = new Buffers()
  let browseCache: { store: MemberStore; version: number; found: Gathered & { byYear?: Int32Array } } | undefined

  function write(target: State, documents: MemberDocument[]) {
    const { store, text } = target
    // The replaced documents leave the text index in one batch (one pass per word concerned), then
    // the new versions enter it. An id given twice is stored twice, as before, but indexed once.
    const replaced = new Map<number, MemberDocument>()
    for (const doc of documents) {
      const slot = store.slotOf.get(doc.id)
      if (slot !== undefined && !replaced.has(slot)) replaced.set(slot, store.docs[slot]!)
    }
    text.remove([...replaced].map(([slot, doc]) => ({ slot, doc })))
    const written = new Map<number, MemberDocument>()
    for (const doc of documents) {
      const slot = store.put(doc)
      const superseded = written.get(slot)
      if (superseded) text.learn(superseded)
      written.set(slot, doc)
    }
    for (const [slot, doc] of written) text.add(slot, doc)
    store.settle()
    text.settle()
  }

  function searchIn(target: State, query: SearchQuery): SearchResult {
    const { store, text, filters, prepared } = target
    const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(query.perPage ?? DEFAULT_PER_PAGE)))
    const page = Math.max(1, Math.floor(query.page ?? 1))
    const sort = query.sort ?? 'relevance'
    const parsed = parseQuery(query.q)
    const last = parsed.words.length - 1
    const variants = parsed.words.map((word, i) => text.vocabulary.derive(word, i === last && parsed.lastIsPrefix))
    const accept = store.compileFilter(query)
    const wantFacets = query.facets ?? true
    const matcher = queryMatcher(parsed, variants)
    const hitsOf = (slots: Int32Array) =>
      [...slots].map((slot) => {
        const doc = store.docs[slot]!
        return { ...doc, highlights: parsed.words.length ? highlightDocument(doc, matcher) : {} }
      })

    const preparable = parsed.words.length === 1 && parsed.lastIsPrefix && !accept && sort === 'relevance' && !query.includePoints
    if (preparable) {
      if (prepared.version !== store.version) [prepared.version, prepared.answers] = [store.version, new Map()]
      const answer = prepared.answers.get(parsed.words[0])
      if (answer && (page * perPage <= answer.top.length || answer.top.length === answer.total)) {
        const facets = Object.fromEntries(FACET_FIELDS.map((f) => [f, wantFacets ? { ...answer.facets[f] } : {}]))
        const hits = hitsOf(answer.top.subarray((page - 1) * perPage, page * perPage))
        return { hits, total: answer.total, page, perPage, facets: facets as Record<FacetField, Record<string, number>> }
      }
    }

    // Candidates: every member in name order when browsing, else those matching every word. The
    // unfiltered directory is the same for everyone until the next write: it is cached.
    let found: Gathered & { byYear?: Int32Array }
    if (parsed.words.length === 0 && !accept) {
      if (browseCache?.store !== store || browseCache.version !== store.version) {
        browseCache = { store, version: store.version, found: gather(store, store.order, null, null, sort, true, null) }
      }
      found = browseCache.found
    } else if (parsed.words.length === 0) {
      // Filtered browsing: the most selective filter's members when it narrows enough, else everyone.
      const narrowed = filters.narrow(query, accept!, buffers)
      found = gather(store, narrowed ?? store.order, narrowed ? null : accept, null, sort, wantFacets, buffers)
    } else {
      const { slots, costs } = matchAllWords(text, parsed, variants, scratch, store.capacity, buffers)
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

    const keep = preparable && wantFacets && matched.length >= preparedMin
    const ranked = firstSlots(keep ? Math.max(PREPARED_HITS, page * perPage) : page * perPage)
    const hits = hitsOf(ranked.subarray((page - 1) * perPage, page * perPage))
    const facets = Object.fromEntries(
      FACET_FIELDS.map((f, i) => [f, counts && wantFacets ? topValues(counts[i].subarray(1), store.values[f].labels, maxValuesPerFacet) : {}]),
    ) as Record<FacetField, Record<string, number>>
    if (keep) {
      const copy = Object.fromEntries(FACET_FIELDS.map((f) => [f, { ...facets[f] }])) as Record<FacetField, Record<string, number>>
      prepared.answers.set(parsed.words[0], { total: matched.length, top: ranked.slice(), facets: copy })
    }
    const result: SearchResult = { hits, total: matched.length, page, perPage, facets }
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
      const { store, text } = state
      const removed: { slot: number; doc: MemberDocument }[] = []
      for (const id of new Set(ids)) {
        const slot = store.slotOf.get(id)
        if (slot !== undefined) removed.push({ slot, doc: store.docs[slot]! })
        store.delete(id)
      }
      text.remove(removed)
      store.settle()
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
      // What the first queries would otherwise build: the filter groups and the broad prefixes' answers.
      next.filters.prepare()
      for (const prefix of next.text.broadPrefixes(preparedMin)) searchIn(next, { q: prefix })
      state = next
    },
    search: async (query) => searchIn(state, query),
    health: async () => 'ok',
  }
}
