/**
 * Typo tolerance the way Meilisearch counts it (milli's query_term/compute_derivations.rs):
 * - a query word of 1–4 letters allows no typo, 5–8 letters one, 9 or more two;
 * - distance is Damerau–Levenshtein (a swap of two neighbours is one typo);
 * - a typo on the first letter counts as two: below 9 letters the first letter must match, from 9
 *   letters a word with another first letter matches only within one edit, and counts two typos;
 * - the last word of a query is a prefix, with typos too: « lefeb » reaches « lefèvre » because its
 *   prefix « lefev » is one typo away.
 * MiniSearch's own fuzzy search is plain Levenshtein on whole words, so the engine asks this
 * vocabulary for the typo variants of each word and hands them to MiniSearch as exact terms.
 */

export const MIN_WORD_SIZE_FOR_TYPOS = { oneTypo: 5, twoTypos: 9 } as const

/** Meilisearch caps a word's one-typo derivations at 150; we cap all typo variants there. */
const MAX_DERIVATIONS = 150

export function typoBudget(word: string): 0 | 1 | 2 {
  const length = [...word].length
  if (length < MIN_WORD_SIZE_FOR_TYPOS.oneTypo) return 0
  return length < MIN_WORD_SIZE_FOR_TYPOS.twoTypos ? 1 : 2
}

/** Damerau–Levenshtein distance (optimal string alignment), for tests and checks. */
export function typoDistance(a: string, b: string): number {
  let before: Int32Array | undefined
  let row: Int32Array = Int32Array.from({ length: a.length + 1 }, (_, j) => j)
  for (let d = 0; d < b.length; d++) [before, row] = [row, nextRow(row, before, a, b, d)]
  return row[a.length]
}

/** The DP row after consuming `term[d]`, given the rows after `d` and `d - 1` characters. */
function nextRow(previous: Int32Array, beforePrevious: Int32Array | undefined, q: string, term: string, d: number): Int32Array {
  const n = q.length
  const row = new Int32Array(n + 1)
  const c = term.charCodeAt(d)
  row[0] = d + 1
  for (let j = 1; j <= n; j++) {
    const qc = q.charCodeAt(j - 1)
    let v = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (qc === c ? 0 : 1))
    if (beforePrevious && j > 1 && qc === term.charCodeAt(d - 1) && q.charCodeAt(j - 2) === c) v = Math.min(v, beforePrevious[j - 2] + 1)
    row[j] = v
  }
  return row
}

const rowMin = (row: Int32Array) => row.reduce((m, v) => (v < m ? v : m), row[0])

/**
 * The set of indexed words, kept sorted: a sorted array walked with shared prefixes behaves as a
 * trie (rows for a common prefix are reused, a hopeless prefix skips its whole range) while
 * costing only the strings themselves. Words are never removed one by one: a stale word only
 * yields an extra term that matches no document; `reindex` starts a fresh vocabulary.
 */
export class Vocabulary {
  private terms: string[] = []
  private pending = new Set<string>()

  add(term: string) {
    this.pending.add(term)
  }

  get size() {
    this.settle()
    return this.terms.length
  }

  /** Merges pending words: one sort for a bulk load, binary insertion for a few. */
  settle() {
    if (this.pending.size === 0) return
    const fresh = [...this.pending].filter((t) => this.terms[this.lowerBound(t, 0, this.terms.length)] !== t)
    this.pending.clear()
    if (fresh.length > 64) {
      this.terms = [...new Set([...this.terms, ...fresh])].sort()
    } else {
      for (const t of fresh) {
        const at = this.lowerBound(t, 0, this.terms.length)
        if (this.terms[at] !== t) this.terms.splice(at, 0, t)
      }
    }
  }

  /** The words that start with `prefix`, itself included if known: a range of the sorted array. */
  withPrefix(prefix: string): string[] {
    this.settle()
    const lo = this.lowerBound(prefix, 0, this.terms.length)
    return this.terms.slice(lo, this.lowerBound(prefix + '\uffff', lo, this.terms.length))
  }

  /** Words within the typo budget of `word` but not equal to it (nor, for a prefix, extending it). */
  derive(word: string, isPrefix: boolean): Map<string, number> {
    const out = new Map<string, number>()
    const budget = typoBudget(word)
    if (budget === 0) return out
    this.settle()
    const lo = this.lowerBound(word[0], 0, this.terms.length)
    const hi = this.lowerBound(word[0] + '\uffff', lo, this.terms.length)
    this.scan(word, isPrefix, lo, hi, budget, null, out)
    if (budget === 2) {
      // Another first letter: one edit at most, and it counts as two typos.
      this.scan(word, isPrefix, 0, lo, 1, 2, out)
      this.scan(word, isPrefix, hi, this.terms.length, 1, 2, out)
    }
    return out
  }

  private scan(q: string, isPrefix: boolean, lo: number, hi: number, k: number, counted: number | null, out: Map<string, number>) {
    const n = q.length
    const rows: Int32Array[] = [Int32Array.from({ length: n + 1 }, (_, j) => j)]
    // best[d]: the smallest distance from q to a prefix of length ≤ d (what a prefix query keeps).
    const best: number[] = [n]
    const record = (term: string, distance: number) => {
      const typos = counted ?? distance
      const known = out.get(term)
      if (distance > 0 && distance <= k && (known === undefined || typos < known)) out.set(term, typos)
    }
    let previous = ''
    let i = lo
    while (i < hi && out.size < MAX_DERIVATIONS) {
      const term = this.terms[i]
      let d = 0
      const reusable = Math.min(previous.length, term.length, rows.length - 1)
      while (d < reusable && previous.charCodeAt(d) === term.charCodeAt(d)) d++
      rows.length = d + 1
      best.length = d + 1
      previous = term
      let pruned = -1
      for (; d < term.length; d++) {
        const row = nextRow(rows[d], rows[d - 1], q, term, d)
        rows.push(row)
        best.push(Math.min(best[d], row[n]))
        if (rowMin(row) > k) {
          pruned = d + 1
          break
        }
      }
      if (pruned < 0) {
        record(term, isPrefix ? best[term.length] : rows[term.length][n])
        i++
        continue
      }
      // No word under this prefix can get closer: skip them all, or (prefix query already within
      // budget) take them all at that distance.
      const end = this.lowerBound(term.slice(0, pruned) + '\uffff', i, hi)
      if (isPrefix && best[pruned] <= k) for (let j = i; j < end && out.size < MAX_DERIVATIONS; j++) record(this.terms[j], best[pruned])
      i = end
    }
  }

  private lowerBound(value: string, lo: number, hi: number) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.terms[mid] < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
