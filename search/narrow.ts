import type { FacetField, SearchQuery } from './types'
import type { Buffers } from './gather'
import { boundingBox } from './geo'
import type { MemberStore } from './store'

/** Slots grouped by a small integer key (a facet value, a grid cell): group `g` is `slots[starts[g]..starts[g + 1])`. */
interface Groups {
  starts: Int32Array
  slots: Int32Array
}

/** A counting sort of the live slots by key (-1: in no group). */
function groupBy(store: MemberStore, groups: number, keyOf: (slot: number) => number): Groups {
  const { order } = store
  const keys = new Int32Array(order.length)
  const starts = new Int32Array(groups + 1)
  for (let k = 0; k < order.length; k++) {
    keys[k] = keyOf(order[k])
    if (keys[k] >= 0) starts[keys[k] + 1]++
  }
  for (let g = 0; g < groups; g++) starts[g + 1] += starts[g]
  const next = starts.slice(0, groups)
  const slots = new Int32Array(starts[groups])
  for (let k = 0; k < order.length; k++) if (keys[k] >= 0) slots[next[keys[k]]++] = order[k]
  return { starts, slots }
}

/** Grid cells of one degree; points off the usual ranges go to one extra cell that every area includes. */
const ODD_CELL = 180 * 360
function cellOf(lat: number, lng: number): number {
  if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) return ODD_CELL
  return Math.min(179, Math.floor(lat) + 90) * 360 + Math.min(359, Math.floor(lng) + 180)
}

/**
 * Filtered browsing (filters or an area, no text) without testing every member: the members of
 * the most selective filter — those holding one of its facet values, or those in the grid cells
 * its area touches — are tested against the whole filter and put back in name order. The groups
 * are built on first use after a write (one counting sort per facet field, one for the grid).
 */
export class FilterIndex {
  private version = -1
  private facets = new Map<FacetField, Groups>()
  private grid: Groups | null = null

  constructor(private store: MemberStore) {}

  /**
   * The slots that pass `accept`, in name order, or null when no filter narrows the search down to
   * at most half of the members (then a plain scan of everyone is as fast).
   */
  narrow(query: SearchQuery, accept: (slot: number) => boolean, buffers: Buffers): Int32Array | null {
    const { store } = this
    if (store.version !== this.version) {
      this.version = store.version
      this.facets.clear()
      this.grid = null
    }
    // Each filter as some groups of slots; the one with the fewest slots drives.
    let best: { groups: Groups; keys: Set<number> } | null = null
    let bestSize = store.size / 2
    const consider = (groups: Groups, keys: Iterable<number>) => {
      const unique = new Set(keys)
      let size = 0
      for (const key of unique) size += groups.starts[key + 1] - groups.starts[key]
      if (size <= bestSize) [best, bestSize] = [{ groups, keys: unique }, size]
    }
    const { promotion, ...lists } = query.filters ?? {}
    if (promotion !== undefined) {
      const [from, to] = typeof promotion === 'number' ? [promotion, promotion] : [promotion.from ?? -Infinity, promotion.to ?? Infinity]
      // A year value's label is the year as written; `| 0` reads it the way the Int32 column holds it.
      const labels = store.values.promotion.labels
      consider(
        this.facet('promotion'),
        labels.flatMap((label, id) => ((Number(label) | 0) >= from && (Number(label) | 0) <= to ? [id] : [])),
      )
    }
    for (const [field, wanted] of Object.entries(lists) as [FacetField, string[] | undefined][]) {
      if (!wanted?.length) continue
      const ids = wanted.map((value) => store.values[field].lookup(value)).filter((id) => id !== undefined)
      consider(this.facet(field), ids)
    }
    if (query.geo) {
      const box = 'box' in query.geo ? query.geo.box : boundingBox(query.geo.around.lat, query.geo.around.lng, query.geo.around.radiusKm)
      if (box) consider(this.cells(), cellsOf(box))
    }
    if (best === null) return null
    const { groups, keys } = best as { groups: Groups; keys: Set<number> }

    // Mark the accepted ones by name rank, then read the marks in order.
    const { rank, order } = store
    const marks = buffers.uint8('marks', order.length)
    let low = order.length
    let high = -1
    for (const key of keys) {
      for (let k = groups.starts[key]; k < groups.starts[key + 1]; k++) {
        const slot = groups.slots[k]
        if (!accept(slot)) continue
        const r = rank[slot]
        marks[r] = 1
        if (r < low) low = r
        if (r > high) high = r
      }
    }
    const out = buffers.int32('narrowed', order.length)
    let count = 0
    for (let r = low; r <= high; r++) {
      if (marks[r] === 0) continue
      marks[r] = 0
      out[count++] = order[r]
    }
    return out.subarray(0, count)
  }

  private facet(field: FacetField): Groups {
    let groups = this.facets.get(field)
    if (!groups) {
      const column = this.store.facet[field]
      this.facets.set(field, (groups = groupBy(this.store, this.store.values[field].labels.length, (slot) => column[slot])))
    }
    return groups
  }

  private cells(): Groups {
    const { lat, lng } = this.store
    this.grid ??= groupBy(this.store, ODD_CELL + 1, (slot) => (lat[slot] === lat[slot] ? cellOf(lat[slot], lng[slot]) : -1))
    return this.grid
  }
}

/** The grid cells a box touches (`west > east`: across the antimeridian), and the odd cell. */
function cellsOf(box: { north: number; south: number; east: number; west: number }): number[] {
  const cells = [ODD_CELL]
  const clamp = (value: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, value))
  const row = (lat: number) => clamp(Math.floor(lat) + 90, 0, 179)
  const column = (lng: number) => clamp(Math.floor(lng) + 180, 0, 359)
  if (!(box.north >= box.south)) return cells
  const spans: [number, number][] =
    box.west <= box.east
      ? [[column(box.west), column(box.east)]]
      : [
          [column(box.west), 359],
          [0, column(box.east)],
        ]
  for (let r = row(box.south); r <= row(box.north); r++) for (const [from, to] of spans) for (let c = from; c <= to; c++) cells.push(r * 360 + c)
  return cells
}
