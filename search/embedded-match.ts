import type MiniSearch from 'minisearch'
import type { Query } from 'minisearch'
import type { ParsedQuery } from './normalize'
import { HIGHLIGHT_FIELDS } from './highlight'
import type { Buffers } from './gather'

const NONE = 0xffff

/**
 * Per word, the best way a document matched it, as one small number ordered like Meilisearch's
 * ranking rules: typos first, then the field (searchableAttributes order: last name, first name,
 * company, job title, city), then exactness (a prefix or typo match is « inexact »). Summed over
 * words, the weights keep that order: ten words of field+exactness (≤ 650) stay below one typo.
 */
const cost = (typos: number, field: number, inexact: number) => typos * 1024 + field * 16 + inexact

/**
 * Scratch cost arrays, one per query word, reused across searches and reset through the list of
 * touched slots: no 100,000-entry allocation per query.
 */
export class MatchScratch {
  private costs: Uint16Array[] = []
  constructor(private capacity = 1024) {}

  take(words: number, capacity: number): Uint16Array[] {
    if (capacity > this.capacity) {
      this.capacity = Math.max(capacity, this.capacity * 2)
      this.costs = []
    }
    while (this.costs.length < words) this.costs.push(new Uint16Array(this.capacity).fill(NONE))
    return this.costs.slice(0, words)
  }

  release(costs: Uint16Array[], touched: number[][]) {
    costs.forEach((c, i) => {
      for (const slot of touched[i]) c[slot] = NONE
    })
  }
}

/**
 * The slots that match every word, with the sum of their per-word costs.
 *
 * MiniSearch is the inverted index (terms, prefix expansion, postings); we only need which
 * document matched which term in which field, not its BM25 score. MiniSearch documents that a
 * falsy `boostDocument` drops a result, and calls it once per (document, matched term): used as a
 * visitor, it hands us every posting without MiniSearch building, scoring and sorting result
 * objects (with GC, over half of a broad prefix query's time). One call per field tells us the field.
 */
export function matchAllWords(
  mini: MiniSearch<{ id: number }>,
  query: ParsedQuery,
  variants: Map<string, number>[],
  scratch: MatchScratch,
  capacity: number,
  buffers: Buffers,
): { slots: Int32Array; costs: Float64Array } {
  const last = query.words.length - 1
  const costs = scratch.take(query.words.length, capacity)
  const touched: number[][] = query.words.map(() => [])
  query.words.forEach((word, i) => {
    const typos = variants[i]
    const best = costs[i]
    const seen = touched[i]
    const prefix = i === last && query.lastIsPrefix
    const tree: Query = {
      combineWith: 'OR',
      queries: [{ queries: [word], prefix }, ...(typos.size ? [{ queries: [...typos.keys()] }] : [])],
    }
    HIGHLIGHT_FIELDS.forEach((field, f) => {
      const exact = cost(0, f, 0)
      const extended = cost(0, f, 1)
      mini.search(tree, {
        fields: [field],
        boostDocument: (id, term) => {
          const slot = id as number
          const c = term === word ? exact : typos.has(term) ? cost(typos.get(term)!, f, 1) : extended
          if (c < best[slot]) {
            if (best[slot] === NONE) seen.push(slot)
            best[slot] = c
          }
          return 0
        },
      })
    })
  })
  // Walk the rarest word's documents and keep those every other word reached too.
  const driver = touched.reduce((a, b) => (b.length < a.length ? b : a))
  const slots = buffers.int32('matched', driver.length)
  const sums = buffers.float64('costs', driver.length)
  let count = 0
  for (const slot of driver) {
    let sum = 0
    let all = true
    for (let i = 0; i < costs.length && all; i++) {
      const c = costs[i][slot]
      if (c === NONE) all = false
      else sum += c
    }
    if (!all) continue
    slots[count] = slot
    sums[count++] = sum
  }
  scratch.release(costs, touched)
  return { slots: slots.subarray(0, count), costs: sums.subarray(0, count) }
}
