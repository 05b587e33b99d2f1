/**
 * Partial ordering helpers: a result page needs the first `k` of maybe 50,000 candidates, and a
 * facet the 100 most frequent of maybe 5,000 values — sorting everything was a good part of a
 * query's time.
 */

/** The `k` smallest of `keys[0..count)`, sorted ascending (a bounded max-heap: O(n log k)). */
export function smallestSorted(keys: Float64Array, count: number, k: number): Float64Array {
  if (k >= count) return keys.slice(0, count).sort()
  const heap = new Float64Array(k)
  let size = 0
  for (let i = 0; i < count; i++) {
    const value = keys[i]
    if (size < k) {
      // Sift up.
      let at = size++
      while (at > 0) {
        const parent = (at - 1) >> 1
        if (heap[parent] >= value) break
        heap[at] = heap[parent]
        at = parent
      }
      heap[at] = value
    } else if (value < heap[0]) {
      // Replace the largest and sift down.
      let at = 0
      for (;;) {
        const left = 2 * at + 1
        if (left >= k) break
        const child = left + 1 < k && heap[left + 1] > heap[left] ? left + 1 : left
        if (heap[child] <= value) break
        heap[at] = heap[child]
        at = child
      }
      heap[at] = value
    }
  }
  return heap.sort()
}

/** The `k` smallest of `keys[0..count)` in no particular order: a quickselect on a copy, O(n). Keys must be distinct. */
export function smallestUnordered(keys: Float64Array, count: number, k: number): Float64Array {
  const a = keys.slice(0, count)
  if (k >= count) return a
  let lo = 0
  let hi = count - 1
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i] < pivot) i++
      while (a[j] > pivot) j--
      if (i <= j) {
        const t = a[i]
        a[i++] = a[j]
        a[j--] = t
      }
    }
    if (k - 1 <= j) hi = j
    else if (k - 1 >= i) lo = i
    else break
  }
  return a.subarray(0, k)
}

/** Facet values by count, most frequent first (ties: first seen), at most `max`. */
export function topValues(counts: Int32Array, labels: string[], max: number): Record<string, number> {
  let present: number[] = []
  for (let id = 0; id < counts.length; id++) if (counts[id] > 0) present.push(id)
  if (present.length > max) {
    // The count of the max-th value is the bar; only values at or above it get sorted.
    const bar = Int32Array.from(present, (id) => counts[id]).sort()[present.length - max]
    present = present.filter((id) => counts[id] >= bar)
  }
  present.sort((a, b) => counts[b] - counts[a] || a - b)
  const top: Record<string, number> = {}
  for (const id of present.slice(0, max)) top[labels[id]] = counts[id]
  return top
}

/** Slots already in name order, regrouped by promotion (newest first, none last) and still by name within a year: a counting sort. */
export function byPromotion(slots: Int32Array, promotion: Int32Array, missing: number): Int32Array {
  let min = Infinity
  let max = -Infinity
  for (const slot of slots) {
    const year = promotion[slot]
    if (year === missing) continue
    if (year < min) min = year
    if (year > max) max = year
  }
  const span = max >= min ? max - min + 1 : 0
  const bucket = (year: number) => (year === missing ? span : max - year)
  const starts = new Int32Array(span + 2)
  for (const slot of slots) starts[bucket(promotion[slot]) + 1]++
  for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1]
  const out = new Int32Array(slots.length)
  for (const slot of slots) out[starts[bucket(promotion[slot])]++] = slot
  return out
}
