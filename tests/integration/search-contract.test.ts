import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Meilisearch } from 'meilisearch'
import { createEmbeddedEngine, createMeiliEngine, type MemberDocument, type SearchEngine, type SearchQuery } from '../../search'
import { startMeiliStandIn } from '../support/meili-standin'

/**
 * One contract, every engine: the embedded engine, and the Meilisearch adapter — against a real
 * Meilisearch when MEILI_HOST is set, otherwise against the stand-in (which proves the adapter
 * speaks the API, not Meilisearch's ranking: see tests/support/meili-standin.ts).
 */
const C: Record<string, [number, number]> = {
  Paris: [48.8566, 2.3522],
  Lyon: [45.764, 4.8357],
  Villeurbanne: [45.7719, 4.8902],
  Marseille: [43.2965, 5.3698],
  Toulouse: [43.6047, 1.4442],
  Bordeaux: [44.8378, -0.5792],
  Rennes: [48.1173, -1.6778],
  Brest: [48.3904, -4.4861],
  Nantes: [47.2184, -1.5536],
  Montpellier: [43.6108, 3.8767],
  Lille: [50.6292, 3.0573],
  Strasbourg: [48.5734, 7.7521],
  Grenoble: [45.1885, 5.7245],
  'Clermont-Ferrand': [45.7772, 3.087],
  Genève: [46.2044, 6.1432],
  Bruxelles: [50.8503, 4.3517],
  Montréal: [45.5017, -73.5673],
}
const COUNTRY: Record<string, string> = { Genève: 'Suisse', Bruxelles: 'Belgique', Montréal: 'Canada' }
type Row = [string, string, string, number | null, string | null, string | null, string | null, string, boolean?]
const ROWS: Row[] = [
  ['m01', 'Hélène', 'Lefèvre', 2012, 'Ingénieur', 'Airbus', 'Ingénieure systèmes', 'Toulouse'],
  ['m02', 'Paul', 'Lefebvre', 2008, 'Master', 'Crédit Agricole', 'Analyste financier', 'Lyon'],
  ['m03', 'Léa', 'Martin', 2015, 'Ingénieur', 'Michelin', 'Cheffe de projet', 'Lyon'],
  ['m04', 'Lucas', 'Martin', 2003, 'MBA', "L'Oréal", 'Directeur marketing', 'Paris'],
  ['m05', 'Léa', 'Dubois', 2019, 'Master', 'Decathlon', 'Responsable produit', 'Lille'],
  ['m06', 'Émile', 'Durand', 2010, 'Doctorat', 'CNRS', 'Chercheur', 'Grenoble'],
  ['m07', 'Éloïse', 'Bernard', 2011, 'Ingénieur', 'Thales', 'Ingénieure logiciel', 'Rennes'],
  ['m08', 'Eric', 'Petit', 2014, 'Ingénieur', 'Orange', 'Architecte réseau', 'Rennes'],
  ['m09', 'Chloé', 'Moreau', 2016, 'Master', 'BNP Paribas', 'Juriste', 'Paris'],
  ['m10', 'Hugo', 'Laurent', 2013, 'Ingénieur', 'Airbus', "Pilote d'essai", 'Toulouse'],
  ['m11', 'Camille', 'Roux', 2005, 'Doctorat', 'Sanofi', 'Pharmacienne', 'Montpellier'],
  ['m12', 'Nicolas', 'Fournier', 2000, 'MBA', 'TotalEnergies', 'Directeur financier', 'Paris'],
  ['m13', 'Manon', 'Girard', 2018, 'Master', 'Ubisoft', 'Game designer', 'Montréal'],
  ['m14', 'Théo', 'Bonnet', 2021, 'Ingénieur', 'Dassault Systèmes', 'Développeur', 'Villeurbanne'],
  ['m15', 'Zoe\u0301', 'Garnier', 2017, 'Master', 'Veolia', 'Ingénieure environnement', 'Bordeaux'],
  ['m16', 'Antoine', 'Lefèvre-Dupont', 2009, 'Ingénieur', 'Schneider Electric', 'Responsable achats', 'Grenoble'],
  ['m17', 'Sophie', 'Le Goff', 2007, 'Master', 'Crédit Mutuel Arkéa', 'Conseillère', 'Brest'],
  ['m18', 'Yann', 'Legoff', 2012, 'Ingénieur', 'Naval Group', 'Ingénieur naval', 'Brest'],
  ['m19', 'Inès', 'Benali', 2020, 'Master', 'Capgemini', 'Consultante', 'Nantes'],
  ['m20', 'Julien', 'Mercier', 2006, 'Ingénieur', 'CERN', 'Physicien', 'Genève'],
  ['m21', 'Margaux', 'Faure', 2014, 'MBA', 'Engie', 'Acheteuse', 'Bruxelles'],
  ['m22', 'Louis', 'Martinez', 2001, 'Ingénieur', 'SNCF', 'Ingénieur ferroviaire', 'Marseille'],
  ['m23', 'Alice', 'Marchand', 2016, 'Doctorat', 'Inserm', 'Chercheuse', 'Strasbourg'],
  ['m24', 'Hélène', 'Rousseau', 1998, 'Master', 'Crédit Agricole', "Directrice d'agence", 'Lyon'],
  ['m25', 'Thomas', 'Blanc', null, null, null, null, 'Paris', false],
  ['m26', 'Clara', 'Henry', 2022, 'Ingénieur', 'Michelin', 'Ingénieure R&D', 'Clermont-Ferrand'],
  ['m27', 'Mathieu', 'Chevalier', 2004, 'MBA', 'Airbus', 'Directeur des opérations', 'Toulouse', false],
  ['m28', 'Sarah', 'Lambert', 2010, 'Master', 'Martin & Associés', 'Avocate', 'Marseille'],
  ['m29', 'Gabriel', 'Fontaine', 2011, 'Ingénieur', 'Veolia', 'Ingénieur eau', 'Montpellier'],
  ['m30', 'Anaïs', 'Écuyer', 2015, 'Master', 'Decathlon', 'Cheffe de produit', 'Lille'],
]
const MEMBERS: MemberDocument[] = ROWS.map(([id, firstName, lastName, promotion, diploma, company, jobTitle, city, located = true]) => ({
  id,
  firstName,
  lastName,
  promotion,
  diploma,
  company,
  jobTitle,
  city,
  country: COUNTRY[city] ?? 'France',
  _geo: located ? { lat: C[city][0], lng: C[city][1] } : null,
}))
const NAME_ORDER = [
  'm19',
  'm07',
  'm25',
  'm14',
  'm27',
  'm05',
  'm06',
  'm30',
  'm21',
  'm29',
  'm12',
  'm15',
  'm13',
  'm26',
  'm28',
  'm10',
  'm17',
  'm02',
  'm01',
  'm16',
  'm18',
  'm23',
  'm03',
  'm04',
  'm22',
  'm20',
  'm09',
  'm08',
  'm24',
  'm11',
]

function contract(label: string, setup: () => Promise<{ engine: SearchEngine; close: () => Promise<void> }>) {
  describe(`search contract: ${label}`, () => {
    let engine: SearchEngine
    let close = async () => {}
    const ids = async (query: Partial<SearchQuery>) => (await engine.search({ q: '', perPage: 100, ...query })).hits.map((h) => h.id)
    const sorted = async (query: Partial<SearchQuery>) => (await ids(query)).sort()

    beforeAll(async () => {
      ;({ engine, close } = await setup())
      await engine.init()
      await engine.reindex(MEMBERS)
    })
    afterAll(() => close())

    it('browses everything in name order (French collation) when the query is empty, 20 per page', async () => {
      const result = await engine.search({ q: '' })
      expect(result.total).toBe(30)
      expect([result.page, result.perPage, result.hits.length]).toEqual([1, 20, 20])
      expect(await ids({})).toEqual(NAME_ORDER)
      expect(await ids({ sort: 'name', q: '' })).toEqual(NAME_ORDER)
    })

    it('matches prefixes, ignoring accents and case', async () => {
      expect(await sorted({ q: 'hel' })).toEqual(['m01', 'm24'])
      expect(await sorted({ q: 'HELENE' })).toEqual(['m01', 'm24'])
      expect(await sorted({ q: 'lefevre' })).toEqual(['m01', 'm02', 'm16'])
      expect(await sorted({ q: 'ecuy' })).toEqual(['m30'])
    })

    it('tolerates typos like Meilisearch: 1 from 5 letters, 2 from 9, none below 5 nor on the first letter', async () => {
      expect(await sorted({ q: 'lefebre' })).toEqual(['m01', 'm02', 'm16'])
      expect(await sorted({ q: 'lefvere' })).toEqual(['m01', 'm16']) // a swap is one typo
      expect(await ids({ q: 'hwl' })).toEqual([])
      expect(await ids({ q: 'tartin' })).toEqual([]) // first letter
      expect(await sorted({ q: 'marseile ' })).toEqual(['m22', 'm28'])
      expect(await ids({ q: 'marsele ' })).toEqual([]) // two typos on 7 letters
      expect(await sorted({ q: 'monpelier' })).toEqual(['m11', 'm29']) // two typos on 9 letters
      expect(await ids({ q: 'mrtin' })).toEqual(expect.arrayContaining(['m03', 'm04', 'm22']))
    })

    it('requires every word (the last one as a prefix), across fields', async () => {
      expect(await ids({ q: 'lea martin' })).toEqual(['m03'])
      expect(await ids({ q: 'martin le' })).toEqual(['m03'])
      expect(await ids({ q: 'martin zidane' })).toEqual([])
      expect(await sorted({ q: 'airbus toulouse' })).toEqual(['m01', 'm10', 'm27'])
      expect(await ids({ q: 'pharmacienne' })).toEqual(['m11'])
    })

    it('ranks exact before typo, and a name before a company', async () => {
      const lefevre = await ids({ q: 'lefevre' })
      expect(lefevre.slice(0, 2).sort()).toEqual(['m01', 'm16'])
      expect(lefevre[2]).toBe('m02')
      const martin = await ids({ q: 'martin' })
      expect(martin.slice(0, 2).sort()).toEqual(['m03', 'm04'])
      expect(martin.slice(2)).toEqual(['m22', 'm28'])
    })

    it('filters by promotion, lists (OR within, AND across) and country', async () => {
      expect(await sorted({ filters: { promotion: 2012 } })).toEqual(['m01', 'm18'])
      expect(await sorted({ filters: { promotion: { from: 2010, to: 2012 } } })).toEqual(['m01', 'm06', 'm07', 'm18', 'm28', 'm29'])
      expect(await sorted({ filters: { promotion: { from: 2021 } } })).toEqual(['m14', 'm26'])
      expect(await sorted({ filters: { diploma: ['Doctorat', 'MBA'] } })).toEqual(['m04', 'm06', 'm11', 'm12', 'm21', 'm23', 'm27'])
      expect(await sorted({ filters: { company: ['Airbus', 'Veolia'], city: ['Toulouse'] } })).toEqual(['m01', 'm10', 'm27'])
      expect(await sorted({ filters: { city: ['lyon'] } })).toEqual(['m02', 'm03', 'm24'])
      expect(await sorted({ filters: { country: ['Suisse', 'Belgique'] } })).toEqual(['m20', 'm21'])
      expect(await ids({ q: 'martin', filters: { city: ['Paris'] } })).toEqual(['m04'])
      expect(await ids({ filters: { company: ['Nobody'] } })).toEqual([])
    })

    it('filters around a point and inside a box', async () => {
      const lyon = { lat: C.Lyon[0], lng: C.Lyon[1] }
      expect(await sorted({ geo: { around: { ...lyon, radiusKm: 20 } } })).toEqual(['m02', 'm03', 'm14', 'm24'])
      expect(await sorted({ geo: { around: { ...lyon, radiusKm: 100 } } })).toEqual(['m02', 'm03', 'm06', 'm14', 'm16', 'm24'])
      expect(await sorted({ geo: { box: { north: 48.9, south: 47, west: -5.2, east: -1 } } })).toEqual(['m07', 'm08', 'm17', 'm18', 'm19'])
      expect(await ids({ q: 'ingenieur', geo: { box: { north: 48.9, south: 47, west: -5.2, east: -1 } }, sort: 'name' })).toEqual(['m07', 'm18'])
    })

    it('counts facets over the whole filtered result, not the page', async () => {
      const lyon = await engine.search({ q: '', filters: { city: ['Lyon'] }, perPage: 1 })
      expect(lyon.hits).toHaveLength(1)
      expect(lyon.facets.city).toEqual({ Lyon: 3 })
      expect(lyon.facets.promotion).toEqual({ '1998': 1, '2008': 1, '2015': 1 })
      expect(lyon.facets.company).toEqual({ 'Crédit Agricole': 2, Michelin: 1 })
      const airbus = await engine.search({ q: 'airbus', perPage: 1 })
      expect(airbus.facets.diploma).toEqual({ Ingénieur: 2, MBA: 1 })
      const all = await engine.search({ q: '' })
      expect(Object.values(all.facets.country).reduce((a, b) => a + b)).toBe(30)
      expect(all.facets.promotion['2012']).toBe(2)
      const none = await engine.search({ q: '', facets: false })
      expect(none.facets).toEqual({ promotion: {}, diploma: {}, company: {}, city: {}, country: {} })
    })

    it('sorts by promotion, newest first, members without one last', async () => {
      const order = await ids({ sort: 'promotion' })
      expect(order.slice(0, 3)).toEqual(['m26', 'm14', 'm19'])
      expect(order.indexOf('m01')).toBe(order.indexOf('m18') - 1) // 2012: by name
      expect(order.at(-1)).toBe('m25')
      expect(await ids({ q: 'lefevre', sort: 'promotion' })).toEqual(['m01', 'm16', 'm02'])
      expect(await ids({ q: 'lefevre', sort: 'name' })).toEqual(['m02', 'm01', 'm16'])
    })

    it('paginates, caps perPage at 100 and keeps the total past the end', async () => {
      expect(await ids({ perPage: 5, page: 2 })).toEqual(NAME_ORDER.slice(5, 10))
      const big = await engine.search({ q: '', perPage: 500 })
      expect([big.perPage, big.hits.length]).toEqual([100, 30])
      const past = await engine.search({ q: '', page: 99 })
      expect([past.hits.length, past.total]).toEqual([0, 30])
    })

    it('highlights matched ranges in the original strings', async () => {
      const hel = await engine.search({ q: 'hel' })
      expect(hel.hits.map((h) => h.highlights)).toEqual([{ firstName: [[0, 3]] }, { firstName: [[0, 3]] }])
      const [paul] = (await engine.search({ q: 'credit agricole lefebvre' })).hits
      expect(paul.highlights).toEqual({
        lastName: [[0, 8]],
        company: [
          [0, 6],
          [7, 8],
        ],
      })
      const [antoine] = (await engine.search({ q: 'lefevre antoine' })).hits
      expect(antoine.highlights).toEqual({ lastName: [[0, 7]], firstName: [[0, 7]] })
      const [zoe] = (await engine.search({ q: 'zoe' })).hits
      expect(zoe.highlights).toEqual({ firstName: [[0, 4]] }) // decomposed « é »: the accent comes along
      expect((await engine.search({ q: '' })).hits[0].highlights).toEqual({})
    })

    it('returns every matching point for the map, and only when asked', async () => {
      const all = await engine.search({ q: '', perPage: 1, includePoints: true })
      expect(all.points).toHaveLength(28)
      expect(all.points!.find((p) => p.id === 'm03')).toEqual({ id: 'm03', lat: C.Lyon[0], lng: C.Lyon[1] })
      const airbus = await engine.search({ q: 'airbus', includePoints: true })
      expect(airbus.points!.map((p) => p.id).sort()).toEqual(['m01', 'm10'])
      expect((await engine.search({ q: 'airbus' })).points).toBeUndefined()
    })

    it('sees its own writes at once: upsert, replace, remove, reindex', async () => {
      const berenice: MemberDocument = { ...MEMBERS[0], id: 'm31', firstName: 'Bérénice', lastName: 'Vasseur', city: 'Nantes', _geo: null }
      await engine.upsert([berenice])
      expect(await ids({ q: 'berenice' })).toEqual(['m31'])
      await engine.upsert([{ ...berenice, city: 'Brest' }])
      expect(await ids({ q: 'berenice', filters: { city: ['Nantes'] } })).toEqual([])
      expect(await ids({ q: 'berenice', filters: { city: ['Brest'] } })).toEqual(['m31'])
      await engine.remove(['m31'])
      expect(await ids({ q: 'berenice' })).toEqual([])
      expect((await engine.search({ q: '' })).total).toBe(30)
      await engine.reindex(MEMBERS.slice(0, 3))
      expect(await sorted({})).toEqual(['m01', 'm02', 'm03'])
      await engine.reindex(MEMBERS)
      expect((await engine.search({ q: '' })).total).toBe(30)
      expect(await engine.health()).toBe('ok')
    })
  })
}

contract('embedded', async () => ({ engine: createEmbeddedEngine(), close: async () => {} }))

if (process.env.MEILI_HOST) {
  const host = process.env.MEILI_HOST
  const apiKey = process.env.MEILI_MASTER_KEY
  const indexUid = `members_test_${crypto.randomBytes(4).toString('hex')}`
  contract(`meilisearch at ${host}`, async () => ({
    engine: createMeiliEngine({ host, apiKey, indexUid }),
    close: async () => {
      await new Meilisearch({ host, apiKey }).deleteIndex(indexUid).waitTask()
    },
  }))
} else {
  contract('meilisearch adapter against the stand-in', async () => {
    const standIn = await startMeiliStandIn({ apiKey: 'contract-key' })
    return { engine: createMeiliEngine({ host: standIn.url, apiKey: 'contract-key' }), close: standIn.stop }
  })
}
