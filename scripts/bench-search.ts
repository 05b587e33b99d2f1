/**
 * Member search benchmark: 100,000 synthetic members (seeded, so every run indexes and asks the
 * same things), index build time and heap, then ~200 queries of each kind. Prints one JSON line per
 * kind. With MEILI_HOST set, runs the Meilisearch engine too (index `members_bench`).
 *
 *   npm run bench:search            # embedded only
 *   MEILI_HOST=http://127.0.0.1:7700 MEILI_MASTER_KEY=… npm run bench:search
 *   BENCH_KINDS=prefix,radius BENCH_DOCS=20000 BENCH_POINTS=1 npm run bench:search
 *   BENCH_PROFILE=/tmp/prof npm run bench:search   # a .cpuprofile of each kind's queries (not the build)
 */
import fs from 'node:fs'
import { Session } from 'node:inspector/promises'
import path from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'
import { createEmbeddedEngine, createMeiliEngine, type MemberDocument, type SearchEngine, type SearchQuery } from '../search'

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000)
/** BENCH_KINDS=prefix,typo runs only those kinds (for profiling). */
const ONLY = process.env.BENCH_KINDS?.split(',')
/** BENCH_POINTS=1 asks for the map points on every query, as the directory page did before its map was clustered on the server. */
const POINTS = process.env.BENCH_POINTS === '1'
const PER_KIND = 200
/** BENCH_PROFILE=dir writes dir/<kind>.cpuprofile, the queries of that kind only (open it in Chrome DevTools). */
const PROFILE = process.env.BENCH_PROFILE

function prng(seed: number) {
  // mulberry32: tiny, fast, good enough to pick names.
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = prng(20240917)
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]
/** Skewed pick: a few values are common, most are rare, like names and employers. */
const zipf = <T>(list: readonly T[]) => list[Math.floor(list.length * random() ** 2.5)]
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))

const FIRST =
  'Adèle Agathe Alice Alexandre Amélie Anaïs Antoine Arthur Audrey Aurélien Baptiste Bastien Benoît Bérénice Camille Capucine Céline Charles Charlotte Chloé Claire Clément Constance Damien Delphine Denis Diane Dominique Élise Éloïse Émile Emma Éric Estelle Étienne Fabien Florence François Gabriel Gaëlle Gaspard Guillaume Hélène Hugo Inès Isabelle Jacques Jeanne Jérôme Joséphine Julie Julien Laure Laurent Léa Léon Léonie Louis Louise Lucas Lucie Madeleine Manon Marc Margaux Marie Mathieu Mathilde Maxime Mélanie Nathalie Nicolas Noémie Olivier Pauline Pierre Quentin Raphaël Rémi Romain Sarah Sébastien Simon Solène Sophie Stéphane Théo Thomas Valentin Victor Victoire Yann Zoé'.split(
    ' ',
  )
const LAST =
  'Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefort Mercier Faure André Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault Charpentier Ménard Maillard Baron Bertin Bailly Hervé Schneider Fernandez Le Goff Le Gall Collet Léger Bouvier Julien Prévost Millet Perrot Daniel Le Roux Cousin Germain Breton Besson Langlois Rémy Le Guen Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain Tessier Chevallier Collin Chauvin Da Silva Bouchet Gay Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay Pasquier Carlier Laporte Écuyer'.split(
    ' ',
  )
const SYL = [
  [
    'Bel',
    'Cha',
    'Du',
    'Fon',
    'Gar',
    'Lam',
    'Mar',
    'Mor',
    'Pel',
    'Ros',
    'Tis',
    'Vau',
    'Bou',
    'Cor',
    'Del',
    'Gui',
    'Jol',
    'Leb',
    'Mén',
    'Roc',
    'Ker',
    'Tré',
    'Ber',
    'Sau',
  ],
  ['and', 'eau', 'ier', 'ot', 'et', 'in', 'on', 'ard', 'elle', 'oux', 'ac', 'ès', 'ec', 'ouët'],
  ['', 't', 'de', 'ville', 'mont', 'court', 'val', 'gny'],
]
const COMPANIES =
  "Airbus|Thales|Crédit Agricole|BNP Paribas|Société Générale|L'Oréal|Danone|Michelin|Renault|Stellantis|Orange|Capgemini|Sopra Steria|Atos|Dassault Systèmes|Safran|Schneider Electric|Veolia|Engie|EDF|TotalEnergies|SNCF|RATP|La Poste|Decathlon|Carrefour|LVMH|Hermès|Kering|Sanofi|Servier|Ubisoft|Criteo|Doctolib|BlaBlaCar|Mirakl|Qonto|Ledger|Vinci|Bouygues|Eiffage|Saint-Gobain|Air Liquide|Accor|Publicis|AXA|CNRS|Inserm|CEA|Inria|Naval Group|ArianeGroup|Valeo|Crédit Mutuel|Banque de France|Ministère des Armées".split(
    '|',
  )
const JOBS =
  "Ingénieur logiciel|Ingénieure systèmes|Cheffe de projet|Chef de projet|Directeur financier|Directrice marketing|Analyste financier|Consultant|Consultante|Data scientist|Architecte réseau|Responsable achats|Responsable produit|Chercheur|Chercheuse|Juriste|Avocate|Pharmacienne|Médecin|Développeur|Développeuse|Product manager|Directeur des opérations|Contrôleur de gestion|Auditrice|Acheteuse|Ingénieur d'affaires|Responsable RH|Professeur|Enseignante|Entrepreneur|Fondatrice|Directeur général|Commercial|Chargée de communication|Designer".split(
    '|',
  )
const CITIES: [string, string, number, number][] = [
  ['Paris', 'France', 48.8566, 2.3522],
  ['Lyon', 'France', 45.764, 4.8357],
  ['Marseille', 'France', 43.2965, 5.3698],
  ['Toulouse', 'France', 43.6047, 1.4442],
  ['Nice', 'France', 43.7102, 7.262],
  ['Nantes', 'France', 47.2184, -1.5536],
  ['Strasbourg', 'France', 48.5734, 7.7521],
  ['Montpellier', 'France', 43.6108, 3.8767],
  ['Bordeaux', 'France', 44.8378, -0.5792],
  ['Lille', 'France', 50.6292, 3.0573],
  ['Rennes', 'France', 48.1173, -1.6778],
  ['Reims', 'France', 49.2583, 4.0317],
  ['Grenoble', 'France', 45.1885, 5.7245],
  ['Dijon', 'France', 47.322, 5.0415],
  ['Angers', 'France', 47.4784, -0.5632],
  ['Brest', 'France', 48.3904, -4.4861],
  ['Tours', 'France', 47.3941, 0.6848],
  ['Clermont-Ferrand', 'France', 45.7772, 3.087],
  ['Rouen', 'France', 49.4432, 1.0999],
  ['Caen', 'France', 49.1829, -0.3707],
  ['Nancy', 'France', 48.6921, 6.1844],
  ['Metz', 'France', 49.1193, 6.1757],
  ['Orléans', 'France', 47.9029, 1.9093],
  ['Pau', 'France', 43.2951, -0.3708],
  ['Villeurbanne', 'France', 45.7719, 4.8902],
  ['Boulogne-Billancourt', 'France', 48.8397, 2.2399],
  ['Saint-Étienne', 'France', 45.4397, 4.3872],
  ['Le Havre', 'France', 49.4944, 0.1079],
  ['Genève', 'Suisse', 46.2044, 6.1432],
  ['Lausanne', 'Suisse', 46.5197, 6.6323],
  ['Bruxelles', 'Belgique', 50.8503, 4.3517],
  ['Luxembourg', 'Luxembourg', 49.6116, 6.1319],
  ['Londres', 'Royaume-Uni', 51.5074, -0.1278],
  ['Berlin', 'Allemagne', 52.52, 13.405],
  ['Munich', 'Allemagne', 48.1351, 11.582],
  ['Madrid', 'Espagne', 40.4168, -3.7038],
  ['Barcelone', 'Espagne', 41.3874, 2.1686],
  ['Milan', 'Italie', 45.4642, 9.19],
  ['Montréal', 'Canada', 45.5017, -73.5673],
  ['New York', 'États-Unis', 40.7128, -74.006],
  ['San Francisco', 'États-Unis', 37.7749, -122.4194],
  ['Singapour', 'Singapour', 1.3521, 103.8198],
  ['Tokyo', 'Japon', 35.6762, 139.6503],
  ['Dakar', 'Sénégal', 14.7167, -17.4677],
]
const DIPLOMAS = ['Ingénieur', 'Master', 'Mastère spécialisé', 'Doctorat', 'MBA', 'Licence professionnelle']

function lastName(): string {
  if (random() < 0.5) return zipf(LAST)
  const name = pick(SYL[0]) + pick(SYL[1]) + pick(SYL[2])
  return random() < 0.05 ? `${name}-${zipf(LAST)}` : name
}

function member(i: number): MemberDocument {
  const [city, country, lat, lng] = zipf(CITIES)
  const company = random() < 0.7 ? zipf(COMPANIES) : random() < 0.5 ? `Cabinet ${lastName()}` : `${lastName()} Conseil`
  return {
    id: `m${i}`,
    firstName: zipf(FIRST),
    lastName: lastName(),
    promotion: random() < 0.03 ? null : 2024 - Math.floor(55 * random() ** 1.5),
    diploma: random() < 0.05 ? null : pick(DIPLOMAS),
    company: random() < 0.1 ? null : company,
    jobTitle: random() < 0.1 ? null : pick(JOBS),
    city,
    country,
    _geo: random() < 0.08 ? null : { lat: lat + (random() - 0.5) * 0.16, lng: lng + (random() - 0.5) * 0.16 },
  }
}

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')
const firstWord = (s: string) =>
  fold(s)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)[0] ?? 'a'

function typo(word: string): string {
  const at = int(1, word.length - 2) // never the first letter: that costs two typos
  const letter = pick([...'abcdefghijklmnopqrstuvwxyz'])
  switch (int(0, 3)) {
    case 0:
      return word.slice(0, at) + letter + word.slice(at + 1)
    case 1:
      return word.slice(0, at) + word.slice(at + 1)
    case 2:
      return word.slice(0, at) + letter + word.slice(at)
    default:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
  }
}

function queries(docs: MemberDocument[]): Record<string, SearchQuery[]> {
  const doc = () => pick(docs)
  const prefix = (min: number, max: number) => {
    const d = doc()
    const word = firstWord(pick([d.lastName, d.lastName, d.firstName, d.company ?? d.lastName, d.city ?? d.lastName]))
    return word.slice(0, int(min, Math.max(min, Math.min(max, word.length))))
  }
  const filters = (): SearchQuery['filters'] => {
    const from = int(1975, 2020)
    const all = { promotion: { from, to: from + 4 }, diploma: [pick(DIPLOMAS)], city: [zipf(CITIES)[0], zipf(CITIES)[0]], company: [zipf(COMPANIES)] }
    const keys = Object.keys(all) as (keyof typeof all)[]
    const a = pick(keys)
    const b = pick(keys.filter((k) => k !== a))
    return { [a]: all[a], [b]: all[b] }
  }
  const times = (make: () => SearchQuery) => Array.from({ length: PER_KIND }, () => (POINTS ? { ...make(), includePoints: true } : make()))
  return {
    prefix: times(() => ({ q: prefix(3, 6) })),
    'prefix-2-letters': times(() => ({ q: prefix(2, 2) })),
    typo: times(() => {
      const d = docs.find((x, i) => i >= int(0, docs.length - 1) && fold(x.lastName).length >= 5) ?? docs[0]
      const word = typo(firstWord(d.lastName).length >= 5 ? firstWord(d.lastName) : 'lefebvre')
      return { q: random() < 0.3 ? `${firstWord(d.firstName)} ${word}` : word }
    }),
    filters: times(() => ({ q: random() < 0.3 ? prefix(3, 5) : '', filters: filters() })),
    radius: times(() => {
      const [, , lat, lng] = zipf(CITIES)
      return { q: random() < 0.3 ? prefix(3, 5) : '', geo: { around: { lat, lng, radiusKm: pick([10, 25, 50, 100, 200]) } } }
    }),
    box: times(() => {
      const [, , lat, lng] = zipf(CITIES)
      const h = 0.5 + random() * 2.5
      return { q: '', geo: { box: { north: lat + h, south: lat - h, east: lng + h * 1.5, west: lng - h * 1.5 } } }
    }),
    browse: times(() => ({ q: '', sort: pick(['relevance', 'name', 'promotion'] as const), page: int(1, 5) })),
  }
}

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void
const heapMb = () => (gc(), gc(), process.memoryUsage().heapUsed / 2 ** 20)
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
const round = (n: number) => Math.round(n * 100) / 100

async function bench(name: string, engine: SearchEngine, docs: MemberDocument[], mix: Record<string, SearchQuery[]>) {
  await engine.init()
  const before = heapMb()
  const started = performance.now()
  await engine.reindex(docs)
  const ms = performance.now() - started
  const heap = name === 'embedded' ? round(heapMb() - before) : null
  console.log(JSON.stringify({ bench: 'search', engine: name, kind: 'build', docs: docs.length, ms: Math.round(ms), heap_mb: heap }))
  for (const query of Object.values(mix).flat().slice(0, 100)) await engine.search(query) // warm up
  for (const [kind, list] of Object.entries(mix)) {
    if (ONLY && !ONLY.includes(kind)) continue
    const times: number[] = []
    // CPU time of this process too: on a shared machine, wall time also counts other people's work.
    const cpu: number[] = []
    let hits = 0
    const session = PROFILE ? new Session() : null
    if (session) {
      session.connect()
      await session.post('Profiler.enable')
      await session.post('Profiler.start')
    }
    for (const query of list) {
      const t = performance.now()
      const c = process.cpuUsage()
      hits += (await engine.search(query)).total
      const used = process.cpuUsage(c)
      cpu.push((used.user + used.system) / 1000)
      times.push(performance.now() - t)
    }
    if (session) {
      const { profile } = await session.post('Profiler.stop')
      fs.mkdirSync(PROFILE!, { recursive: true })
      fs.writeFileSync(path.join(PROFILE!, `${name}-${kind}.cpuprofile`), JSON.stringify(profile))
      session.disconnect()
    }
    times.sort((a, b) => a - b)
    cpu.sort((a, b) => a - b)
    const line = {
      bench: 'search',
      engine: name,
      kind,
      n: list.length,
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      max_ms: round(times.at(-1)!),
      cpu_p50_ms: round(percentile(cpu, 50)),
      cpu_p95_ms: round(percentile(cpu, 95)),
      mean_total: Math.round(hits / list.length),
    }
    console.log(JSON.stringify(line))
  }
}

/**
 * The directory's map clustered on the server (`/api/annuaire/carte`, the real code with a bare
 * context): the index of every placed member for one search (built once a minute per search at
 * most), then views of cities at zooms 5 to 12 from it, with the bytes of each answer.
 */
async function mapBench(engine: SearchEngine) {
  const { mapView } = await import('../app/features/directory/map-clusters.server')
  const ctx = { search: engine, gazetteer: { lookup: () => null }, now: () => new Date() } as unknown as Parameters<typeof mapView>[0]
  for (const [kind, query] of [
    ['map-index-all', ''],
    ['map-index-prefix', 'q=ma'],
  ] as const) {
    const started = performance.now()
    const first = await mapView(ctx, new URLSearchParams(query))
    console.log(
      JSON.stringify({ bench: 'search', engine: 'embedded', kind, ms: round(performance.now() - started), placed: 'total' in first ? first.total : null }),
    )
  }
  const times: number[] = []
  const bytes: number[] = []
  for (let i = 0; i < PER_KIND; i++) {
    const [, , lat, lng] = zipf(CITIES)
    const zoom = int(5, 12)
    const h = 180 / 2 ** zoom
    const params = new URLSearchParams({
      bbox: [lng - h * 2, Math.max(-90, lat - h), lng + h * 2, Math.min(90, lat + h)].map((n) => n.toFixed(4)).join(','),
      zoom: String(zoom),
    })
    const t = performance.now()
    const view = await mapView(ctx, params)
    times.push(performance.now() - t)
    bytes.push(JSON.stringify(view).length)
  }
  times.sort((a, b) => a - b)
  bytes.sort((a, b) => a - b)
  console.log(
    JSON.stringify({
      bench: 'search',
      engine: 'embedded',
      kind: 'map-view',
      n: PER_KIND,
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      bytes_p50: percentile(bytes, 50),
      bytes_max: bytes.at(-1),
    }),
  )
}

const docs = Array.from({ length: DOCS }, (_, i) => member(i))
const mix = queries(docs)
const embedded = createEmbeddedEngine()
await bench('embedded', embedded, docs, mix)
if (!ONLY || ONLY.some((k) => k.startsWith('map'))) await mapBench(embedded)
if (process.env.MEILI_HOST) {
  await bench('meilisearch', createMeiliEngine({ host: process.env.MEILI_HOST, apiKey: process.env.MEILI_MASTER_KEY, indexUid: 'members_bench' }), docs, mix)
}
