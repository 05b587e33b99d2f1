import type { SearchQuery } from './types'
import { FACET_FIELDS, NO_PROMOTION, RANK_SPACE, ROW, ROW_PLACED, ROW_RANK, ROW_YEAR, type MemberStore } from './store'

/**
 * Grow-only scratch buffers, reused from one query to the next. Allocating a few hundred KB of
 * typed arrays per query made the garbage collector a sixth of the query time. A buffer is valid
 * until the next query: results that outlive it (the browse cache) never use them.
 */
export class Buffers {
  private int32s = new Map<string, Int32Array>()
  private float64s = new Map<string, Float64Array>()
  private uint8s = new Map<string, Uint8Array>()

  int32(name: string, length: number): Int32Array {
    let buffer = this.int32s.get(name)
    if (!buffer || buffer.length < length) this.int32s.set(name, (buffer = new Int32Array(Math.max(length, 1024) * 1.5)))
    return buffer.subarray(0, length)
  }

  /** Zero-filled when new; callers that mark bytes must clear them again before the next query. */
  uint8(name: string, length: number): Uint8Array {
    let buffer = this.uint8s.get(name)
    if (!buffer || buffer.length < length) this.uint8s.set(name, (buffer = new Uint8Array(Math.max(length, 1024) * 1.5)))
    return buffer.subarray(0, length)
  }

  float64(name: string, length: number): Float64Array {
    let buffer = this.float64s.get(name)
    if (!buffer || buffer.length < length) this.float64s.set(name, (buffer = new Float64Array(Math.max(length, 1024) * 1.5)))
    return buffer.subarray(0, length)
  }
}

export interface Gathered {
  /** Accepted slots, in candidate order (name order when browsing). */
  slots: Int32Array
  /** Sort keys by `slots` index, when candidates are not already in order; see below. */
  keys: Float64Array | null
  /** Per facet field, counts by value id plus one (index 0 counts the members without a value). */
  counts: Int32Array[] | null
  /** How many accepted slots have coordinates. */
  located: number
}

/**
 * One pass over the candidates that filters, counts facets and packs sort keys. A key puts the
 * primary criterion (relevance cost, or promotion) above the member's name rank, which is unique:
 * a numeric order on keys is then the whole order, and `key % RANK_SPACE` leads back to the slot.
 * Everything it reads of a slot is in that slot's row (store.ts, `rows`); the five facets are
 * unrolled and counted without a branch (id 0, no value, has its own counter) because this loop
 * runs up to 200,000 times per query.
 */
export function gather(
  store: MemberStore,
  source: Int32Array,
  accept: ((slot: number) => boolean) | null,
  costs: Float64Array | null,
  sort: NonNullable<SearchQuery['sort']>,
  facets: boolean,
  buffers: Buffers | null,
): Gathered {
  const { rows } = store
  const counts = facets ? FACET_FIELDS.map((f) => new Int32Array(store.values[f].labels.length + 1)) : null
  const [n0, n1, n2, n3, n4] = counts ?? []
  const slots = !accept ? source : buffers ? buffers.int32('gathered', source.length) : new Int32Array(source.length)
  const keys = !costs ? null : buffers ? buffers.float64('keys', source.length) : new Float64Array(source.length)
  let count = 0
  let located = 0
  for (let k = 0; k < source.length; k++) {
    const slot = source[k]
    if (accept !== null && !accept(slot)) continue
    const row = slot * ROW
    if (counts !== null) {
      n0[rows[row]]++
      n1[rows[row + 1]]++
      n2[rows[row + 2]]++
      n3[rows[row + 3]]++
      n4[rows[row + 4]]++
    }
    located += rows[row + ROW_PLACED]
    if (keys !== null) {
      const year = rows[row + ROW_YEAR]
      // Newest first: 5000 - year, years clamped to 1..4999 so that the key stays positive.
      const primary = sort === 'relevance' ? costs![k] : sort === 'name' ? 0 : year === NO_PROMOTION ? 9999 : 5000 - Math.min(4999, Math.max(1, year))
      keys[count] = primary * RANK_SPACE + rows[row + ROW_RANK]
    }
    if (accept !== null) slots[count] = slot
    count++
  }
  return { slots: slots.subarray(0, count), keys: keys && keys.subarray(0, count), counts, located }
}
