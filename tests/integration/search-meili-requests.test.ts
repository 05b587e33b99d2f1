import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMeiliEngine, type MemberDocument, type SearchEngine } from '../../search'
import { startMeiliStandIn } from '../support/meili-standin'

/**
 * What the Meilisearch adapter sends, checked request by request against the stand-in. The
 * expected payloads are written out here on purpose, not imported from the adapter.
 */
const KEY = 'secret-key'
const doc = (id: string, firstName: string, lastName: string, more: Partial<MemberDocument> = {}): MemberDocument => ({
  id,
  firstName,
  lastName,
  promotion: 2012,
  diploma: 'Ingénieur',
  company: 'Airbus',
  jobTitle: 'Pilote',
  city: 'Lyon',
  country: 'France',
  _geo: { lat: 45.76, lng: 4.83 },
  ...more,
})
const MEMBERS = [
  doc('a1', 'Hélène', 'Lefèvre'),
  doc('a2', 'Paul', 'Lefebvre', { _geo: null, promotion: null }),
  doc('a3', 'Léa', 'Martin', { company: 'L\'Atelier "Bleu"' }),
]

describe('meilisearch adapter requests', () => {
  let standIn: Awaited<ReturnType<typeof startMeiliStandIn>>
  let engine: SearchEngine
  const lastSearch = () => standIn.searches().at(-1)!

  beforeAll(async () => {
    standIn = await startMeiliStandIn({ apiKey: KEY })
    engine = createMeiliEngine({ host: standIn.url, apiKey: KEY })
    await engine.init()
    await engine.upsert(MEMBERS)
  })
  afterAll(() => standIn.stop())
  beforeEach(() => {
    standIn.requests.length = 0
  })

  it('creates the index and applies the settings once, authenticated', async () => {
    const fresh = await startMeiliStandIn({ apiKey: KEY })
    const other = createMeiliEngine({ host: fresh.url, apiKey: KEY, indexUid: 'alumni' })
    await Promise.all([other.init(), other.init()])
    await other.search({ q: '' })
    const writes = fresh.requests.filter((r) => r.method !== 'GET')
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /indexes', 'PATCH /indexes/alumni/settings', 'POST /multi-search'])
    expect(writes[0].body).toEqual({ uid: 'alumni', primaryKey: 'id' })
    expect(writes[1].body).toEqual({
      searchableAttributes: ['lastName', 'firstName', 'company', 'jobTitle', 'city'],
      filterableAttributes: ['promotion', 'diploma', 'company', 'city', 'country', '_geo'],
      sortableAttributes: ['lastName', 'firstName', 'promotion', 'sortName'],
      displayedAttributes: ['id', 'firstName', 'lastName', 'promotion', 'diploma', 'company', 'jobTitle', 'city', 'country', '_geo'],
      rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
      faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } },
      pagination: { maxTotalHits: 100000 },
    })
    for (const r of fresh.requests) {
      expect(r.authorization).toBe(`Bearer ${KEY}`)
      expect(r.client).toMatch(/^Meilisearch JavaScript/)
    }
    // A task is polled until done before the next step: the settings wait for the index.
    const paths = fresh.requests.map((r) => `${r.method} ${r.path}`)
    expect(paths.indexOf('GET /tasks/0')).toBeLessThan(paths.indexOf('PATCH /indexes/alumni/settings'))
    await fresh.stop()
  })

  it('sends documents without a null _geo, with the name sort key, and waits for the task', async () => {
    const stored = standIn.documents('members')
    expect(stored.find((d) => d.id === 'a2')).not.toHaveProperty('_geo')
    expect(stored.find((d) => d.id === 'a1')).toMatchObject({ _geo: { lat: 45.76, lng: 4.83 }, sortName: 'lefevre helene a1' })
    await engine.upsert([doc('a4', 'Zoé', 'Roux')])
    const paths = standIn.requests.map((r) => `${r.method} ${r.path}`)
    expect(paths[0]).toBe('POST /indexes/members/documents')
    expect(standIn.requests[0].query.get('primaryKey')).toBe('id')
    expect(paths[1]).toMatch(/^GET \/tasks\/\d+$/)
    await engine.remove(['a4'])
    expect(standIn.requests.find((r) => r.path === '/indexes/members/documents/delete-batch')!.body).toEqual(['a4'])
  })

  it('sends filters in Meilisearch syntax', async () => {
    const filterOf = async (filters: object, geo?: object) => {
      await engine.search({ q: '', filters, geo: geo as never })
      return lastSearch().filter
    }
    expect(await filterOf({ promotion: { from: 2010, to: 2015 } })).toBe('promotion >= 2010 AND promotion <= 2015')
    expect(await filterOf({ promotion: 2012 })).toBe('promotion = 2012')
    expect(await filterOf({ promotion: { from: 2012, to: 2012 } })).toBe('promotion = 2012')
    expect(await filterOf({ promotion: { to: 2000 } })).toBe('promotion <= 2000')
    expect(await filterOf({ city: ['Lyon', 'Paris'], company: ['Airbus'] })).toBe('company = "Airbus" AND city IN ["Lyon", "Paris"]')
    expect(await filterOf({ company: ['L\'Atelier "Bleu"'] })).toBe('company = "L\'Atelier \\"Bleu\\""')
    expect((await engine.search({ q: '', filters: { company: ['L\'Atelier "Bleu"'] } })).hits.map((h) => h.id)).toEqual(['a3'])
    expect(await filterOf({ diploma: [] })).toBeUndefined()
    expect(await filterOf({}, { around: { lat: 45.76, lng: 4.83, radiusKm: 20 } })).toBe('_geoRadius(45.76, 4.83, 20000)')
    expect(await filterOf({ country: ['France'] }, { box: { north: 48.9, south: 48.8, east: 2.5, west: 2.2 } })).toBe(
      'country = "France" AND _geoBoundingBox([48.9, 2.5], [48.8, 2.2])',
    )
  })

  it('sends sort, pagination, matching strategy, facets and highlight requests', async () => {
    await engine.search({ q: 'lef', page: 2, perPage: 1 })
    expect(lastSearch()).toEqual({
      indexUid: 'members',
      q: 'lef',
      page: 2,
      hitsPerPage: 1,
      matchingStrategy: 'all',
      showMatchesPosition: true,
      facets: ['promotion', 'diploma', 'company', 'city', 'country'],
    })
    await engine.search({ q: 'lef', sort: 'name', perPage: 1000, facets: false })
    expect(lastSearch()).toMatchObject({ sort: ['sortName:asc'], hitsPerPage: 100 })
    expect(lastSearch()).not.toHaveProperty('facets')
    await engine.search({ q: '', sort: 'promotion' })
    expect(lastSearch().sort).toEqual(['promotion:desc', 'sortName:asc'])
    await engine.search({ q: '' })
    expect(lastSearch().sort).toEqual(['sortName:asc']) // browsing: name order
  })

  it('asks for the map points in the same multi-search', async () => {
    const result = await engine.search({ q: 'lef', includePoints: true })
    const [request] = standIn.requests.filter((r) => r.path === '/multi-search')
    expect(request.body.queries).toHaveLength(2)
    expect(request.body.queries[1]).toEqual({
      indexUid: 'members',
      q: 'lef',
      matchingStrategy: 'all',
      page: 1,
      hitsPerPage: 10000,
      attributesToRetrieve: ['id', '_geo'],
    })
    expect(result.points).toEqual([{ id: 'a1', lat: 45.76, lng: 4.83 }]) // a2 has no coordinates
  })

  it('turns byte-based match positions into string ranges', async () => {
    const [helene] = (await engine.search({ q: 'hel' })).hits
    expect(helene.highlights).toEqual({ firstName: [[0, 3]] }) // the stand-in sent { start: 0, length: 4 } bytes
    const [lea] = (await engine.search({ q: 'martin le' })).hits
    expect(lea.highlights).toEqual({ lastName: [[0, 6]], firstName: [[0, 2]] })
    expect(helene).toMatchObject({ id: 'a1', promotion: 2012, _geo: { lat: 45.76, lng: 4.83 } })
    const paul = (await engine.search({ q: 'paul' })).hits[0]
    expect(paul).toMatchObject({ _geo: null, promotion: null })
    expect(paul).not.toHaveProperty('sortName')
  })

  it('reindexes into a staging index and swaps it in', async () => {
    await engine.reindex(MEMBERS.slice(0, 2))
    const writes = standIn.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)
    expect(writes).toEqual([
      'DELETE /indexes/members_reindex',
      'POST /indexes',
      'PATCH /indexes/members_reindex/settings',
      'POST /indexes/members_reindex/documents',
      'POST /swap-indexes',
      'DELETE /indexes/members_reindex',
    ])
    expect(standIn.requests.find((r) => r.path === '/swap-indexes')!.body).toEqual([{ indexes: ['members', 'members_reindex'] }])
    expect(standIn.indexUids()).toEqual(['members'])
    expect((await engine.search({ q: '' })).total).toBe(2)
    await engine.reindex(MEMBERS)
  })

  it('reports health, and fails loudly with a wrong key', async () => {
    expect(await engine.health()).toBe('ok')
    const wrong = createMeiliEngine({ host: standIn.url, apiKey: 'nope' })
    await expect(wrong.search({ q: '' })).rejects.toThrow(/API key is invalid/)
    const gone = await startMeiliStandIn({ apiKey: KEY })
    await gone.stop()
    expect(await createMeiliEngine({ host: gone.url, apiKey: KEY }).health()).toBe('unreachable')
  })
})
