import type { FacetField, SearchQuery } from './types'
import type { Buffers } from './gather'
import { boundingBox, minDotWithin, unitVector } from './geo'
import { FACET_FIELDS, RANK_SPACE, type MemberStore } from './store'

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

/**
 * Grid cells of a tenth of a degree (about 11 × 7 km in France), numbered row by row from the south
 * pole and the antimeridian; points off the usual ranges go to one extra cell that every area
 * includes. Only the cells that hold someone are kept (`Grid.cells`), so the fine grid costs
 * nothing where nobody lives.
 */
const PER_DEGREE = 10
const COLUMNS = 360 * PER_DEGREE
const ROWS = 180 * PER_DEGREE
const ODD_CELL = ROWS * COLUMNS
const rowOf = (lat: number) => Math.max(0, Math.min(ROWS - 1, Math.floor((lat + 90) * PER_DEGREE)))
const columnOf = (lng: number) => Math.max(0, Math.min(COLUMNS - 1, Math.floor((lng + 180) * PER_DEGREE)))
function cellOf(lat: number, lng: number): number {
  if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) return ODD_CELL
  return rowOf(lat) * COLUMNS + columnOf(lng)
}
/** Degrees: a cell counts as inside an area only with this much to spare (rounding never matters). */
const MARGIN = 1e-6

/** The slots by grid cell, group `g` being the cell `cells[g]` (ascending). */
interface Grid extends Groups {
  cells: Int32Array
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
  private grid: Grid | null = null

  constructor(private store: MemberStore) {}

  /**
   * The slots that pass `accept`, in name order, or null when no filter narrows the search down to
   * at most half of the members (then a plain scan of everyone is as fast).
   */
  narrow(query: SearchQuery, accept: (slot: number) => boolean, buffers: Buffers): Int32Array | null {
    const { store } = this
    this.refresh()
    // Each filter as some groups of slots; the one with the fewest slots drives.
    let best: { groups: Groups; keys: Set<number>; whole?: Set<number> } | null = null
    let bestSize = store.size / 2
    const consider = (groups: Groups, keys: Iterable<number>, whole?: Set<number>) => {
      const unique = new Set(keys)
      let size = 0
      for (const key of unique) size += groups.starts[key + 1] - groups.starts[key]
      if (size <= bestSize) [best, bestSize] = [{ groups, keys: unique, whole }, size]
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
      const area = query.geo
      const box = 'box' in area ? area.box : boundingBox(area.around.lat, area.around.lng, area.around.radiusKm)
      if (box) {
        const grid = this.cells()
        const { touched, whole } = cellsIn(grid, box, 'box' in area ? boxHolds(area.box) : circleHolds(area.around))
        consider(grid, touched, whole)
      }
    }
    if (best === null) return null
    const { groups, keys, whole } = best as { groups: Groups; keys: Set<number>; whole?: Set<number> }
    // In a cell the area holds whole, only the other filters are left to test (often none).
    const rest = whole?.size ? store.compileFilter(query, false) : null

    // Mark the accepted ones by name rank, then read the marks in order.
    const { rank, order } = store
    const marks = buffers.uint8('marks', order.length)
    let low = order.length
    let high = -1
    for (const key of keys) {
      const test = whole?.has(key) ? rest : accept
      for (let k = groups.starts[key]; k < groups.starts[key + 1]; k++) {
        const slot = groups.slots[k]
        if (test !== null && !test(slot)) continue
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

  /** Builds every group now (at reindex: about 60 ms at 500,000 members) rather than on the first filtered query. */
  prepare() {
    this.refresh()
    for (const field of FACET_FIELDS) this.facet(field)
    this.cells()
  }

  /** Drops the groups of an older state of the store. */
  private refresh() {
    if (this.store.version === this.version) return
    this.version = this.store.version
    this.facets.clear()
    this.grid = null
  }

  private facet(field: FacetField): Groups {
    let groups = this.facets.get(field)
    if (!groups) {
      const column = this.store.facet[field]
      this.facets.set(field, (groups = groupBy(this.store, this.store.values[field].labels.length, (slot) => column[slot])))
    }
    return groups
  }

  private cells(): Grid {
    if (this.grid) return this.grid
    // The placed members by cell, then name rank: one numeric sort of (cell, rank) packed in a double.
    const { order, lat, lng } = this.store
    const packed = new Float64Array(order.length)
    let n = 0
    for (let r = 0; r < order.length; r++) {
      const slot = order[r]
      if (lat[slot] === lat[slot]) packed[n++] = cellOf(lat[slot], lng[slot]) * RANK_SPACE + r
    }
    const sorted = packed.subarray(0, n).sort()
    const cells: number[] = []
    const starts: number[] = []
    const slots = new Int32Array(n)
    for (let k = 0; k < n; k++) {
      const cell = Math.floor(sorted[k] / RANK_SPACE)
      slots[k] = order[sorted[k] - cell * RANK_SPACE]
      if (cell === cells[cells.length - 1]) continue
      cells.push(cell)
      starts.push(k)
    }
    starts.push(n)
    this.grid = { cells: Int32Array.from(cells), starts: Int32Array.from(starts), slots }
    return this.grid
  }
}

/** Whether a box holds every point of a cell. */
const boxHolds =
  ({ north, south, east, west }: { north: number; south: number; east: number; west: number }) =>
  (row: number, column: number) => {
    const [s, w] = [row / PER_DEGREE - 90 - MARGIN, column / PER_DEGREE - 180 - MARGIN]
    const [n, e] = [(row + 1) / PER_DEGREE - 90 + MARGIN, (column + 1) / PER_DEGREE - 180 + MARGIN]
    if (!(south <= s && north >= n)) return false
    return west <= east ? west <= w && east >= e : west <= w || east >= e
  }

/**
 * Whether a circle holds every point of a cell: its four corners are inside with room to spare.
 * The farthest point of a cell from the centre is one of its corners as long as the cell is within
 * a quarter of the globe of the centre (dot products ≥ 0); the spare room covers the few millionths
 * by which an edge along a parallel can bulge past its corners, and rounding.
 */
function circleHolds(around: { lat: number; lng: number; radiusKm: number }) {
  const [x0, y0, z0] = unitVector(around.lat, around.lng)
  const min = Math.max(0, minDotWithin(around.radiusKm)) + 1e-5
  const inside = (lat: number, lng: number) => {
    const [x, y, z] = unitVector(Math.max(-90, Math.min(90, lat)), lng)
    return x * x0 + y * y0 + z * z0 >= min
  }
  return (row: number, column: number) => {
    const [s, w] = [row / PER_DEGREE - 90 - MARGIN, column / PER_DEGREE - 180 - MARGIN]
    const [n, e] = [(row + 1) / PER_DEGREE - 90 + MARGIN, (column + 1) / PER_DEGREE - 180 + MARGIN]
    return inside(s, w) && inside(s, e) && inside(n, w) && inside(n, e)
  }
}

/**
 * The groups of the cells a box touches (`west > east`: across the antimeridian) and of the odd
 * cell, and among them those `holds` says the area holds whole.
 */
function cellsIn(grid: Grid, box: { north: number; south: number; east: number; west: number }, holds: (row: number, column: number) => boolean) {
  const { cells } = grid
  const touched: number[] = []
  const whole = new Set<number>()
  if (cells[cells.length - 1] === ODD_CELL) touched.push(cells.length - 1)
  if (!(box.north >= box.south)) return { touched, whole }
  const spans: [number, number][] =
    box.west <= box.east
      ? [[columnOf(box.west), columnOf(box.east)]]
      : [
          [columnOf(box.west), COLUMNS - 1],
          [0, columnOf(box.east)],
        ]
  for (let row = rowOf(box.south); row <= rowOf(box.north); row++) {
    for (const [from, to] of spans) {
      // The cells of this row between the two columns are one run of the sorted cell numbers.
      for (let g = lowerBound(cells, row * COLUMNS + from); g < cells.length && cells[g] <= row * COLUMNS + to; g++) {
        touched.push(g)
        if (holds(row, cells[g] - row * COLUMNS)) whole.add(g)
      }
    }
  }
  return { touched, whole }
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}
