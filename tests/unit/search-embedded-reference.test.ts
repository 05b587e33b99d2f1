import { describe, expect, it } from 'vitest'
import { createEmbeddedEngine, type MemberDocument, type SearchQuery } from '../../search'
import { facetKey, indexTerms, parseQuery, sortNameKey } from '../../search/normalize'
import { Vocabulary } from '../../search/typos'
import { minDotWithin, unitVector } from '../../search/geo'
import { HIGHLIGHT_FIELDS } from '../../search/highlight'
import type { FacetField } from '../../search/types'
import { seededRandom } from '../support/random'

/**
 * The embedded engine's fast paths (its inverted index, the slot-ordered match scan, the facet and
 * grid groups that narrow a filtered browse) against the rules written the straightforward way:
 * every member tested, every result sorted. Random data, random queries, random writes.
 */

const { random, pick } = seededRandom(7)

const NAMES = [
  'Martin',
  'Martinez',
  'Marchand',
  'Lefèvre',
  'Lefebvre',
  'Le Goff',
  'Legoff',
  'Hélène',
  'Hugo',
  'Léa',
  'Lucas',
  'Écuyer',
  'Zoe\u0301',
  'Paris',
  'Montpellier',
  'Mar',
]
const COMPANIES = ['Airbus', 'Crédit Agricole', 'Martin & Associés', 'CNRS', null]
const CITIES = ['Paris', 'Lyon', 'Marseille', 'Montpellier', 'Évry', 'Evry', null]
const COUNTRIES = ['France', 'Suisse', 'Fidji', null]
const JOBS = ['Ingénieure', 'Chercheur', 'Directrice marketing', null]
/** Around Paris, across the antimeridian, near a pole, and off the usual ranges. */
const PLACES: [number, number][] = [
  [48.85, 2.35],
  [48.5, 2.9],
  [-17, 179.6],
  [-17.2, -179.7],
  [89.5, 10],
  [89.7, -170],
  [0, 0],
  [95, 200],
]

let next = 0
function member(id = `m${next++}`): MemberDocument {
  const place = random() < 0.15 ? null : pick(PLACES)
  return {
    id,
    firstName: pick(NAMES),
    lastName: random() < 0.3 ? `${pick(NAMES)}-${pick(NAMES)}` : pick(NAMES),
    promotion: random() < 0.1 ? null : 1995 + Math.floor(random() * 30),
    diploma: pick(['Ingénieur', 'Master', 'MBA', null]),
    company: pick(COMPANIES),
    jobTitle: pick(JOBS),
    city: pick(CITIES),
    country: pick(COUNTRIES),
    _geo: place && { lat: place[0] + (random() - 0.5) * 0.8, lng: place[1] + (random() - 0.5) * 0.8 },
  }
}

function query(): SearchQuery {
  const q: SearchQuery = { q: '', sort: pick(['relevance', 'name', 'promotion'] as const), page: 1 + Math.floor(random() * 2), perPage: pick([5, 20]) }
  const word = () => {
    const w = indexTerms(pick(NAMES))[0]
    const r = random()
    if (r < 0.3) return w.slice(0, 1 + Math.floor(random() * w.length))
    if (r < 0.5 && w.length > 4) return w.slice(0, 2) + w.slice(3) // a typo
    return w
  }
  const words = Math.floor(random() * 3)
  q.q = Array.from({ length: words }, word).join(' ') + (random() < 0.2 ? ' ' : '')
  if (random() < 0.5) {
    const f: NonNullable<SearchQuery['filters']> = {}
    if (random() < 0.4)
      f.promotion = random() < 0.5 ? 2000 + Math.floor(random() * 10) : { from: 2000 + Math.floor(random() * 10), to: random() < 0.8 ? 2012 : undefined }
    if (random() < 0.4) f.city = [pick(CITIES) ?? 'Nulle part', ...(random() < 0.5 ? ['paris', 'Paris'] : [])]
    if (random() < 0.3) f.company = [pick(COMPANIES) ?? 'CNRS']
    if (random() < 0.2) f.country = []
    q.filters = f
  }
  if (random() < 0.4) {
    const [lat, lng] = pick(PLACES)
    q.geo =
      random() < 0.5
        ? { around: { lat, lng, radiusKm: pick([5, 30, 80, 500, 30000]) } }
        : {
            box:
              random() < 0.3 ? { north: -16, south: -18, west: 179, east: -179.5 } : { north: lat + 0.3, south: lat - 0.3, west: lng - 0.3, east: lng + 0.3 },
          }
  }
  if (random() < 0.3) q.includePoints = true
  if (random() < 0.5) q.pointsLimit = 7
  return q
}

/** The same rules, straightforwardly: the documents in a map, every one tested per query. */
class Reference {
  docs = new Map<string, MemberDocument>()
  vocabulary = new Vocabulary()
  /** Facet values in first-seen order (ties between equal counts follow it). */
  seen = new Map<FacetField, Map<string, { label: string; order: number }>>()

  reindex(docs: MemberDocument[]) {
    this.docs.clear()
    this.vocabulary = new Vocabulary()
    this.seen.clear()
    this.upsert([...docs].sort((a, b) => (key(a) < key(b) ? -1 : 1)))
  }

  upsert(docs: MemberDocument[]) {
    for (const doc of docs) {
      this.docs.set(doc.id, doc)
      for (const field of HIGHLIGHT_FIELDS) for (const term of indexTerms(doc[field] ?? '')) this.vocabulary.add(term)
      for (const field of ['promotion', 'diploma', 'company', 'city', 'country'] as FacetField[]) {
        const value = facetValue(doc, field)
        if (!value) continue
        const values = this.seen.get(field) ?? new Map()
        this.seen.set(field, values)
        if (!values.has(facetKey(value))) values.set(facetKey(value), { label: value.trim(), order: values.size })
      }
    }
  }

  search(query: SearchQuery, maxValues: number) {
    const parsed = parseQuery(query.q)
    const last = parsed.words.length - 1
    const variants = parsed.words.map((word, i) => this.vocabulary.derive(word, i === last && parsed.lastIsPrefix))
    const costOf = (doc: MemberDocument): number | null => {
      let total = 0
      for (const [i, word] of parsed.words.entries()) {
        let best = Infinity
        terms(doc).forEach((fieldTerms, f) => {
          for (const term of fieldTerms) {
            const typos = variants[i].get(term)
            const c =
              term === word
                ? f * 16
                : typos !== undefined
                  ? typos * 1024 + f * 16 + 1
                  : i === last && parsed.lastIsPrefix && term.startsWith(word)
                    ? f * 16 + 1
                    : Infinity
            best = Math.min(best, c)
          }
        })
        if (best === Infinity) return null
        total += best
      }
      return total
    }
    const matches: { doc: MemberDocument; cost: number }[] = []
    for (const doc of this.docs.values()) {
      const cost = costOf(doc)
      if (cost !== null && accepts(doc, query)) matches.push({ doc, cost })
    }
    const sort = query.sort ?? 'relevance'
    const year = (d: MemberDocument) => (d.promotion === null ? -Infinity : d.promotion)
    matches.sort(
      (a, b) => (sort === 'relevance' ? a.cost - b.cost : 0) || (sort === 'promotion' ? year(b.doc) - year(a.doc) : 0) || (key(a.doc) < key(b.doc) ? -1 : 1),
    )
    const perPage = query.perPage ?? 20
    const page = query.page ?? 1
    const facets = Object.fromEntries(
      [...this.seen.keys()].map((field) => {
        const counts = new Map<string, number>()
        for (const { doc } of matches) {
          const value = facetValue(doc, field)
          if (value) counts.set(facetKey(value), (counts.get(facetKey(value)) ?? 0) + 1)
        }
        const values = this.seen.get(field)!
        const top = [...counts].sort(([a, x], [b, y]) => y - x || values.get(a)!.order - values.get(b)!.order).slice(0, maxValues)
        return [field, top.map(([k, n]) => [values.get(k)!.label, n])]
      }),
    )
    const located = matches.filter(({ doc }) => doc._geo)
    const cap = query.pointsLimit ?? 10_000
    return {
      ids: matches.slice((page - 1) * perPage, page * perPage).map(({ doc }) => doc.id),
      total: matches.length,
      facets,
      points: query.includePoints
        ? located
            .slice(0, cap)
            .map(({ doc }) => doc.id)
            .sort()
        : undefined,
    }
  }
}

const tokenized = new WeakMap<MemberDocument, string[][]>()
const terms = (doc: MemberDocument) => {
  if (!tokenized.has(doc))
    tokenized.set(
      doc,
      HIGHLIGHT_FIELDS.map((field) => indexTerms(doc[field] ?? '')),
    )
  return tokenized.get(doc)!
}
const key = (d: MemberDocument) => sortNameKey(d.lastName, d.firstName, d.id)
const facetValue = (doc: MemberDocument, field: FacetField) => (field === 'promotion' ? (doc.promotion === null ? null : String(doc.promotion)) : doc[field])

function accepts(doc: MemberDocument, query: SearchQuery): boolean {
  const { promotion, ...lists } = query.filters ?? {}
  if (promotion !== undefined) {
    const [from, to] = typeof promotion === 'number' ? [promotion, promotion] : [promotion.from ?? -Infinity, promotion.to ?? Infinity]
    if (doc.promotion === null || doc.promotion < from || doc.promotion > to) return false
  }
  for (const [field, wanted] of Object.entries(lists) as [FacetField, string[]][]) {
    if (!wanted.length) continue
    const value = facetValue(doc, field)
    if (!value || !wanted.some((w) => facetKey(w) === facetKey(value))) return false
  }
  if (query.geo) {
    if (!doc._geo) return false
    const { lat, lng } = doc._geo
    if ('around' in query.geo) {
      const [x, y, z] = unitVector(lat, lng)
      const [x0, y0, z0] = unitVector(query.geo.around.lat, query.geo.around.lng)
      if (!(x * x0 + y * y0 + z * z0 >= minDotWithin(query.geo.around.radiusKm))) return false
    } else {
      const { north, south, east, west } = query.geo.box
      if (!(lat <= north && lat >= south && (west <= east ? lng >= west && lng <= east : lng >= west || lng <= east))) return false
    }
  }
  return true
}

describe('embedded engine against the straightforward rules', () => {
  it('returns the same hits, order, totals, facets and points on random data, before and after writes', async () => {
    const engine = createEmbeddedEngine({ maxValuesPerFacet: 3 })
    const reference = new Reference()
    const docs = Array.from({ length: 1000 }, () => member())
    await engine.reindex(docs)
    reference.reindex(docs)
    const live = docs.map((d) => d.id)
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 120; i++) {
        const q = query()
        const got = await engine.search(q)
        const want = reference.search(q, 3)
        const label = JSON.stringify(q)
        expect(
          got.hits.map((h) => h.id),
          label,
        ).toEqual(want.ids)
        expect(got.total, label).toBe(want.total)
        for (const [field, entries] of Object.entries(want.facets)) expect(got.facets[field as FacetField], label).toEqual(Object.fromEntries(entries))
        expect(got.points?.map((p) => p.id).sort(), label).toEqual(want.points)
      }
      // Writes: replacements (one id twice in a batch), new members, removals.
      const batch = [...Array.from({ length: 40 }, () => member(pick(live))), ...Array.from({ length: 30 }, () => member())]
      batch.push(member(batch[0].id))
      await engine.upsert(batch)
      reference.upsert(batch)
      live.push(...batch.map((d) => d.id))
      const gone = Array.from({ length: 25 }, () => pick(live))
      await engine.remove(gone)
      for (const id of gone) reference.docs.delete(id)
    }
  })
})
