import type { FacetField, MemberDocument, SearchQuery } from './types'
import { facetKey, sortNameKey } from './normalize'
import { minDotWithin, unitVector } from './geo'

export const FACET_FIELDS: readonly FacetField[] = ['promotion', 'diploma', 'company', 'city', 'country']
export const NO_PROMOTION = -2147483648
/** Ranks are packed below this factor in sort keys (see embedded.ts); also the store's size limit. */
export const RANK_SPACE = 2 ** 22
/**
 * What gather.ts reads for every match, side by side in one row per slot (`rows[slot * ROW + …]`):
 * the five facet value ids plus one (0: none), the name rank, the promotion year and 1 when placed.
 * Matches of a word are scattered over the slots; read from eight columns, each cost up to eight
 * cache misses, which made most of a 10,000-match query's time at 500,000 members.
 */
export const ROW = 8
export const ROW_RANK = 5
export const ROW_YEAR = 6
export const ROW_PLACED = 7

/** Facet values as small integers, compared by `facetKey`; the first spelling seen is shown. */
class Interner {
  private ids = new Map<string, number>()
  readonly labels: string[] = []
  intern(value: string): number {
    const key = facetKey(value)
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.labels.length
      this.ids.set(key, id)
      this.labels.push(value.trim())
    }
    return id
  }
  lookup(value: string): number | undefined {
    return this.ids.get(facetKey(value))
  }
}

const grow = <T extends Int32Array | Float64Array>(array: T, size: number): T => {
  const next = new (array.constructor as new (n: number) => T)(size)
  next.set(array)
  return next
}

/**
 * The documents in columns: filters, geo and facet counts walk typed arrays instead of objects, and
 * `order` keeps every live slot in name order so that browsing needs no sort at all.
 */
export class MemberStore {
  readonly docs: (MemberDocument | undefined)[] = []
  readonly slotOf = new Map<string, number>()
  private free: number[] = []
  private keys: string[] = []
  promotion = new Int32Array(1024)
  lat = new Float64Array(1024)
  lng = new Float64Array(1024)
  /** Unit vectors of the coordinates: a radius test without trigonometry per member. */
  x = new Float64Array(1024)
  y = new Float64Array(1024)
  z = new Float64Array(1024)
  readonly facet = Object.fromEntries(FACET_FIELDS.map((f) => [f, new Int32Array(1024)])) as Record<FacetField, Int32Array>
  readonly values = Object.fromEntries(FACET_FIELDS.map((f) => [f, new Interner()])) as Record<FacetField, Interner>
  /** Live slots sorted by name key, and each slot's position in it (-1 when free). */
  order = new Int32Array(0)
  rank = new Int32Array(1024).fill(-1)
  rows = new Int32Array(1024 * ROW)
  private changed = new Set<number>()
  /** Bumped by every `settle` that changed something: lets callers cache per state. */
  version = 0

  get size() {
    return this.slotOf.size
  }

  /** Slots allocated so far: per-slot scratch arrays must be this long. */
  get capacity() {
    return this.promotion.length
  }

  /** Stores a document (same slot when the id is known) and returns its slot. */
  put(doc: MemberDocument): number {
    let slot = this.slotOf.get(doc.id)
    if (slot === undefined) {
      slot = this.free.pop() ?? this.docs.length
      if (slot >= RANK_SPACE) throw new Error(`search: more than ${RANK_SPACE} documents`)
      if (slot >= this.promotion.length) this.resize(Math.max(slot + 1, this.promotion.length * 2))
      this.slotOf.set(doc.id, slot)
    }
    this.docs[slot] = doc
    this.keys[slot] = sortNameKey(doc.lastName, doc.firstName, doc.id)
    this.promotion[slot] = doc.promotion ?? NO_PROMOTION
    this.lat[slot] = doc._geo ? doc._geo.lat : NaN
    this.lng[slot] = doc._geo ? doc._geo.lng : NaN
    ;[this.x[slot], this.y[slot], this.z[slot]] = doc._geo ? unitVector(doc._geo.lat, doc._geo.lng) : [NaN, NaN, NaN]
    FACET_FIELDS.forEach((field, f) => {
      const value = field === 'promotion' ? (doc.promotion === null ? null : String(doc.promotion)) : doc[field]
      this.facet[field][slot] = value ? this.values[field].intern(value) : -1
      this.rows[slot * ROW + f] = this.facet[field][slot] + 1
    })
    this.rows[slot * ROW + ROW_YEAR] = this.promotion[slot]
    this.rows[slot * ROW + ROW_PLACED] = doc._geo ? 1 : 0
    this.changed.add(slot)
    return slot
  }

  delete(id: string): number | undefined {
    const slot = this.slotOf.get(id)
    if (slot === undefined) return undefined
    this.slotOf.delete(id)
    this.docs[slot] = undefined
    this.free.push(slot)
    this.changed.add(slot)
    return slot
  }

  /**
   * Brings `order` and `rank` up to date after writes: the unchanged slots stay in order, the
   * changed live ones are sorted and merged in — O(n) for a profile edit instead of a full sort.
   */
  settle() {
    if (this.changed.size === 0) return
    const keys = this.keys
    const byKey = (a: number, b: number) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0)
    const kept = this.order.filter((slot) => !this.changed.has(slot))
    const fresh = [...this.changed].filter((slot) => this.docs[slot] !== undefined).sort(byKey)
    const order = new Int32Array(kept.length + fresh.length)
    let i = 0
    let j = 0
    for (let k = 0; k < order.length; k++) order[k] = j >= fresh.length || (i < kept.length && byKey(kept[i], fresh[j]) <= 0) ? kept[i++] : fresh[j++]
    this.order = order
    this.rank.fill(-1)
    for (let k = 0; k < order.length; k++) this.rank[order[k]] = this.rows[order[k] * ROW + ROW_RANK] = k
    this.changed.clear()
    this.version++
  }

  /** A slot test for the query's filters and geo area (or its filters only), or null when nothing is filtered. */
  compileFilter(query: SearchQuery, withGeo = true): ((slot: number) => boolean) | null {
    const tests: ((slot: number) => boolean)[] = []
    const { promotion, ...lists } = query.filters ?? {}
    if (promotion !== undefined) {
      const [from, to] = typeof promotion === 'number' ? [promotion, promotion] : [promotion.from ?? -Infinity, promotion.to ?? Infinity]
      const years = this.promotion
      tests.push((slot) => years[slot] !== NO_PROMOTION && years[slot] >= from && years[slot] <= to)
    }
    for (const [field, wanted] of Object.entries(lists) as [FacetField, string[] | undefined][]) {
      if (!wanted?.length) continue
      const allowed = new Uint8Array(this.values[field].labels.length + 1)
      for (const value of wanted) {
        const id = this.values[field].lookup(value)
        if (id !== undefined) allowed[id] = 1
      }
      const column = this.facet[field]
      tests.push((slot) => column[slot] >= 0 && allowed[column[slot]] === 1)
    }
    if (!withGeo) {
      // The caller knows the area holds the member (narrow.ts: a grid cell inside it).
    } else if (query.geo && 'around' in query.geo) {
      const [x0, y0, z0] = unitVector(query.geo.around.lat, query.geo.around.lng)
      const min = minDotWithin(query.geo.around.radiusKm)
      const { x, y, z } = this
      tests.push((slot) => x[slot] * x0 + y[slot] * y0 + z[slot] * z0 >= min) // NaN (no coordinates) fails
    } else if (query.geo) {
      // geoPredicate's box test, written out: one call per member instead of two. NaN (no
      // coordinates) fails every comparison.
      const { north, south, east, west } = query.geo.box
      const { lat, lng } = this
      if (west <= east) tests.push((slot) => lat[slot] <= north && lat[slot] >= south && lng[slot] >= west && lng[slot] <= east)
      else tests.push((slot) => lat[slot] <= north && lat[slot] >= south && (lng[slot] >= west || lng[slot] <= east))
    }
    if (tests.length <= 1) return tests[0] ?? null
    return (slot) => {
      for (let i = 0; i < tests.length; i++) if (!tests[i](slot)) return false
      return true
    }
  }

  private resize(size: number) {
    this.promotion = grow(this.promotion, size)
    this.lat = grow(this.lat, size)
    this.lng = grow(this.lng, size)
    this.x = grow(this.x, size)
    this.y = grow(this.y, size)
    this.z = grow(this.z, size)
    for (const field of FACET_FIELDS) this.facet[field] = grow(this.facet[field], size)
    const rank = new Int32Array(size).fill(-1)
    rank.set(this.rank)
    this.rank = rank
    const rows = new Int32Array(size * ROW)
    rows.set(this.rows)
    this.rows = rows
  }
}
