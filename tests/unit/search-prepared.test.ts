import { describe, expect, it } from 'vitest'
import { createEmbeddedEngine, type MemberDocument, type SearchQuery } from '../../search'
import { seededRandom } from '../support/random'

/**
 * The embedded engine answers broad one-word prefix queries from a table filled at reindex and
 * emptied by writes (search/embedded.ts, `prepared`). With a low threshold every prefix here is
 * prepared; the answers must be those of an engine that never prepares anything, before and after
 * writes, whatever the page, and a caller changing a result must not change the next one.
 */

const { random, pick } = seededRandom(11)
const NAMES = ['Martin', 'Martinez', 'Marchand', 'Lefèvre', 'Lefebvre', 'Le Goff', 'Hélène', 'Léa', 'Lucas', 'Paris', 'Marie']
let next = 0
const member = (id = `m${next++}`): MemberDocument => ({
  id,
  firstName: pick(NAMES),
  lastName: pick(NAMES),
  promotion: random() < 0.1 ? null : 1995 + Math.floor(random() * 30),
  diploma: pick(['Ingénieur', 'Master', null]),
  company: pick(['Airbus', 'Martin & Associés', null]),
  jobTitle: pick(['Ingénieure', 'Directrice marketing', null]),
  city: pick(['Paris', 'Lyon', 'Marseille', null]),
  country: pick(['France', 'Suisse', null]),
  _geo: random() < 0.2 ? null : { lat: 48 + random(), lng: 2 + random() },
})

describe('embedded engine, prepared prefix answers', () => {
  it('answers as if nothing were prepared', async () => {
    const prepared = createEmbeddedEngine({ maxValuesPerFacet: 3, preparedMin: 5 })
    const plain = createEmbeddedEngine({ maxValuesPerFacet: 3, preparedMin: Infinity })
    const docs = Array.from({ length: 600 }, () => member())
    await prepared.reindex(docs)
    await plain.reindex(docs)
    const queries: SearchQuery[] = ['m', 'ma', 'mar', 'l', 'le', 'lef', 'p', 'pa', 'h', 'x'].flatMap((q) => [
      { q },
      { q, page: 3, perPage: 7 },
      { q, page: 2, perPage: 100 },
      { q, facets: false },
      { q, sort: 'name' },
      { q: `${q} ` },
    ])
    for (let round = 0; round < 3; round++) {
      for (const q of queries) {
        const got = await prepared.search(q)
        expect(got, JSON.stringify(q)).toEqual(await plain.search(q))
        // The table hands out copies.
        for (const values of Object.values(got.facets)) for (const key of Object.keys(values)) values[key] = -1
        got.hits.length = 0
        expect(await prepared.search(q), JSON.stringify(q)).toEqual(await plain.search(q))
      }
      const batch = [...Array.from({ length: 30 }, () => member(pick(docs).id)), ...Array.from({ length: 20 }, () => member())]
      await prepared.upsert(batch)
      await plain.upsert(batch)
      const gone = Array.from({ length: 15 }, () => pick(docs).id)
      await prepared.remove(gone)
      await plain.remove(gone)
    }
  })
})
