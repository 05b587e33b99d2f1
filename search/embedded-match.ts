import type { ParsedQuery } from './normalize'
import type { Buffers } from './gather'
import { postingField, postingSlot, type TextIndex } from './text-index'

const NONE = 0xffff

/**
 * Per word, the best way a document matched it, as one small number ordered like Meilisearch's
 * ranking rules: typos first, then the field (searchableAttributes order: last name, first name,
 * company, job title, city), then exactness (a prefix or typo match is « inexact »). Summed over
 * words, the weights keep that order: ten words of field+exactness (≤ 650) stay below one typo.
 */
const cost = (typos: number, field: number, inexact: number) => typos * 1024 + field * 16 + inexact

/**
 * Scratch arrays, one pair per query word, reused across searches: the best cost per slot (reset
 * through the list of touched slots) and that list. No 100,000-entry allocation per query.
 */
export class MatchScratch {
  private costs: Uint16Array[] = []
  private touched: Int32Array[] = []
  private bits = new Int32Array(0)
  private ordered = new Int32Array(0)
  constructor(private capacity = 1024) {}

  /**
   * `slots[0..count)` (distinct) in ascending order, through a bitmap read word by word: about
   * capacity / 32 steps plus one per slot, where sorting 10,000 of them or testing every slot's
   * cost (what this replaced) took 1–2 ms at 500,000 members.
   */
  inOrder(slots: Int32Array, count: number, capacity: number): Int32Array {
    if (this.bits.length < (capacity >>> 5) + 1) this.bits = new Int32Array((capacity >>> 5) + 1)
    if (this.ordered.length < count) this.ordered = new Int32Array(Math.max(count, 1024) * 1.5)
    const { bits, ordered } = this
    for (let k = 0; k < count; k++) bits[slots[k] >>> 5] |= 1 << (slots[k] & 31)
    let n = 0
    for (let w = 0; n < count; w++) {
      let word = bits[w]
      if (word === 0) continue
      bits[w] = 0
      while (word !== 0) {
        ordered[n++] = (w << 5) | (31 - Math.clz32(word & -word)) // the lowest set bit
        word &= word - 1
      }
    }
    return ordered.subarray(0, count)
  }

  take(words: number, capacity: number): { costs: Uint16Array[]; touched: Int32Array[] } {
    if (capacity > this.capacity) {
      this.capacity = Math.max(capacity, this.capacity * 2)
      this.costs = []
      this.touched = []
    }
    while (this.costs.length < words) {
      this.costs.push(new Uint16Array(this.capacity).fill(NONE))
      this.touched.push(new Int32Array(this.capacity))
    }
    return { costs: this.costs.slice(0, words), touched: this.touched.slice(0, words) }
  }

  release(costs: Uint16Array[], touched: Int32Array[], counts: number[]) {
    costs.forEach((c, i) => {
      // Many touched slots: one pass of memset is cheaper than that many scattered writes.
      if (counts[i] * 8 > c.length) c.fill(NONE)
      else for (let k = 0; k < counts[i]; k++) c[touched[i][k]] = NONE
    })
  }
}

/**
 * The slots that match every word, with the sum of their per-word costs.
 *
 * A word reaches its own postings, those of the words it prefixes (last word only) and those of
 * its typo variants. A term's cost depends on the term and the field only, so each posting costs
 * one addition and one comparison.
 */
export function matchAllWords(
  index: TextIndex,
  query: ParsedQuery,
  variants: Map<string, number>[],
  scratch: MatchScratch,
  capacity: number,
  buffers: Buffers,
): { slots: Int32Array; costs: Float64Array } {
  const last = query.words.length - 1
  const { costs, touched } = scratch.take(query.words.length, capacity)
  const reached = query.words.map((word, i) => {
    const typos = variants[i]
    const best = costs[i]
    const seen = touched[i]
    let count = 0
    const visit = (term: string) => {
      const base = term === word ? cost(0, 0, 0) : typos.has(term) ? cost(typos.get(term)!, 0, 1) : cost(0, 0, 1)
      const postings = index.postings(term)
      for (let k = 0; k < postings.length; k++) {
        const slot = postingSlot(postings[k])
        const c = base + cost(0, postingField(postings[k]), 0)
        if (c < best[slot]) {
          if (best[slot] === NONE) seen[count++] = slot
          best[slot] = c
        }
      }
    }
    // The word itself comes with the words it prefixes (the range starts with it when known).
    if (i === last && query.lastIsPrefix) for (const term of index.vocabulary.withPrefix(word)) visit(term)
    else visit(word)
    for (const term of typos.keys()) visit(term)
    return count
  })
  // Walk the rarest word's documents, in slot order, and keep those every other word reached too.
  // Slot order matters: the candidates then read the store's columns forward (gather.ts) instead
  // of jumping around memory, which made a broad query's cache misses most of its time.
  let driver = 0
  for (let i = 1; i < reached.length; i++) if (reached[i] < reached[driver]) driver = i
  const order = scratch.inOrder(touched[driver], reached[driver], capacity)
  const slots = buffers.int32('matched', reached[driver])
  const sums = buffers.float64('costs', reached[driver])
  const first = costs[driver]
  const others = costs.filter((_, i) => i !== driver)
  let count = 0
  for (let k = 0; k < order.length; k++) {
    const slot = order[k]
    let sum = first[slot]
    let all = true
    for (let i = 0; i < others.length && all; i++) {
      const c = others[i][slot]
      if (c === NONE) all = false
      else sum += c
    }
    if (!all) continue
    slots[count] = slot
    sums[count++] = sum
  }
  scratch.release(costs, touched, reached)
  return { slots: slots.subarray(0, count), costs: sums.subarray(0, count) }
}
