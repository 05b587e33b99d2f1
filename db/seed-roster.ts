/**
 * The demo's graduates' list (issue #17): 1,500 graduates over the demo promotions, as the school
 * sent them in one import a month before the reference date. Half are alumni who have an account,
 * already linked to it; the others have none, two thirds of them with an address (at the reserved
 * domain `diplomes.example`), some with two diplomas or a birth name. For the activation part:
 * Julien Moreau (`inscrit@amicale.example`, registered, dues unpaid) has one unlinked row that
 * matches him, a registered non-member has two (an ambiguous claim), and three pairs of namesakes
 * of one promotion have no account. Drawn with its own seeded faker, after the people: the rest of
 * the demo does not move.
 */
import crypto from 'node:crypto'
import { Faker, base, fr } from '@faker-js/faker'
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm'
import type { Db } from './client'
import { graduateDiplomas, graduates, memberships, profileDiplomas, profiles, rosterImports, users } from './schema'
import { DIPLOMA_MIX, FIRST_NAMES } from './seed-data'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export const ROSTER_SEED_COUNTS = { linked: 750, unlinked: 750 } as const
const ROSTER_SEED = 1717
const FIRST_PROMOTION = 1995
const LAST_PROMOTION = 2026
const DOMAIN = 'diplomes.example'
const DAY = 24 * 60 * 60_000

/**
 * The app's `matchKey` (app/features/roster/names.ts), which db/ may not import: the same rules,
 * checked against it by tests/unit/roster-seed.test.ts.
 */
function seedMatchKey(lastName: string, firstName: string, promotion: number) {
  const fold = (name: string) =>
    name
      .replace(/[œŒæÆß]/g, (c) => ({ œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss' })[c]!)
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  return `${fold(lastName)}|${fold(firstName)}|${promotion}`
}

const ascii = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

interface Row {
  lastName: string
  firstName: string
  birthName: string | null
  promotion: number
  email: string | null
  schoolId: string | null
  userId: string | null
  diplomas: string[]
}

export function insertRoster(tx: Tx, now: Date) {
  const faker = new Faker({ locale: [fr, base], seed: ROSTER_SEED })
  const importedAt = new Date(now.getTime() - 30 * DAY)
  const webmaster = tx.select({ id: users.id }).from(users).where(eq(users.email, 'admin@amicale.example')).get()
  if (!webmaster) return
  const person = {
    id: users.id,
    email: users.email,
    firstName: users.firstName,
    lastName: users.lastName,
    promotion: profiles.promotion,
    diploma: profiles.diploma,
  }
  // Alumni members in id order (the seed's ids are drawn from a fixed seed): the demo accounts first.
  const alumni = tx
    .select(person)
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(eq(memberships.kind, 'alumni'), eq(memberships.status, 'active')))
    .orderBy(sql`${users.email} not like '%@amicale.example'`, asc(users.id))
    .limit(ROSTER_SEED_COUNTS.linked)
    .all()
  const registered = tx
    .select(person)
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(and(isNull(memberships.userId), ne(users.email, 'inscrit@amicale.example')))
    .orderBy(asc(users.id))
    .limit(1)
    .all()
  const julien = tx.select(person).from(users).innerJoin(profiles, eq(profiles.userId, users.id)).where(eq(users.email, 'inscrit@amicale.example')).get()

  const diplomaFor = (promotion: number) =>
    faker.helpers.weightedArrayElement(DIPLOMA_MIX.filter((d) => d.since <= promotion).map((d) => ({ value: d.name as string, weight: d.weight })))
  const withSecond = (first: string, promotion: number, probability: number) => {
    if (!faker.datatype.boolean({ probability })) return [first]
    const others = DIPLOMA_MIX.filter((d) => !d.engineering && d.since <= promotion && d.name !== first)
    return others.length > 0 ? [first, faker.helpers.arrayElement(others).name] : [first]
  }
  const usedEmails = new Set<string>()
  const addressOf = (firstName: string, lastName: string) => {
    const base = `${ascii(firstName)}.${ascii(lastName)}`
    let email = `${base}@${DOMAIN}`
    for (let n = 2; usedEmails.has(email); n++) email = `${base}.${n}@${DOMAIN}`
    usedEmails.add(email)
    return email
  }
  const promotionDraw = () => FIRST_PROMOTION + Math.floor((LAST_PROMOTION - FIRST_PROMOTION + 1) * Math.sqrt(faker.number.float({ min: 0, max: 0.9999 })))

  const rows: Row[] = alumni.map((a) => ({
    lastName: a.lastName,
    firstName: a.firstName,
    birthName: null,
    promotion: a.promotion!,
    // The school knows two thirds of its graduates' addresses; most gave the one they use here.
    email: faker.datatype.boolean({ probability: 2 / 3 }) ? a.email : null,
    schoolId: null,
    userId: a.id,
    diplomas: withSecond(a.diploma ?? diplomaFor(a.promotion!), a.promotion!, 0.12),
  }))
  const unlinked = ROSTER_SEED_COUNTS.unlinked - 9
  for (let i = 0; i < unlinked; i++) {
    const female = faker.datatype.boolean({ probability: 0.36 })
    const firstName = faker.helpers.arrayElement(FIRST_NAMES[female ? 'female' : 'male'])
    const lastName = faker.person.lastName().replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase())
    const promotion = promotionDraw()
    const birthName = female && faker.datatype.boolean({ probability: 0.08 }) ? faker.person.lastName() : null
    rows.push({
      lastName,
      firstName,
      birthName,
      promotion,
      email: faker.datatype.boolean({ probability: 2 / 3 }) ? addressOf(firstName, lastName) : null,
      schoolId: null,
      userId: null,
      diplomas: withSecond(diplomaFor(promotion), promotion, 0.12),
    })
  }
  // Julien (registered, dues unpaid) has his row waiting: paying his dues links it.
  if (julien)
    rows.push({
      lastName: julien.lastName,
      firstName: julien.firstName,
      birthName: null,
      promotion: julien.promotion!,
      email: null,
      schoolId: null,
      userId: null,
      diplomas: [julien.diploma!],
    })
  // A registered non-member with two rows of the same name and promotion: their claim goes to the webmasters' queue.
  for (const r of registered)
    for (const diploma of [r.diploma!, diplomaFor(r.promotion!)])
      rows.push({
        lastName: r.lastName,
        firstName: r.firstName,
        birthName: null,
        promotion: r.promotion!,
        email: null,
        schoolId: null,
        userId: null,
        diplomas: [diploma],
      })
  // Three pairs of namesakes of one promotion, without an account.
  for (const [lastName, firstName, promotion] of [
    ['Martin', 'Thomas', 2014],
    ['Petit', 'Julie', 2009],
    ['Nguyen', 'Antoine', 2019],
  ] as const)
    for (const withAddress of [true, false])
      rows.push({
        lastName,
        firstName,
        birthName: null,
        promotion,
        email: withAddress ? addressOf(firstName, lastName) : null,
        schoolId: null,
        userId: null,
        diplomas: [diplomaFor(promotion)],
      })

  // The school's ids, numbered per promotion in the order of the list; the namesakes' pairs have none.
  const perPromotion = new Map<number, number>()
  const namesakes = rows.length - 6
  rows.forEach((row, i) => {
    if (i >= namesakes) return
    const n = (perPromotion.get(row.promotion) ?? 0) + 1
    perPromotion.set(row.promotion, n)
    row.schoolId = `ESIL-${row.promotion}-${String(n).padStart(4, '0')}`
  })

  const sha256 = crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex')
  const importId = tx
    .insert(rosterImports)
    .values({
      filename: 'diplomes-ecole-2026.csv',
      sha256,
      rows: rows.length,
      counts: JSON.stringify({ new: rows.length, update: 0, unchanged: 0, error: 0 }),
      importedBy: webmaster.id,
      importedAt,
    })
    .returning({ id: rosterImports.id })
    .get().id
  // The table is empty at seed time: ids are given, so that diplomas need no read-back.
  const first =
    (tx
      .select({ n: sql<number>`coalesce(max(${graduates.id}), 0)` })
      .from(graduates)
      .get()?.n ?? 0) + 1
  const chunk = 200
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk)
    tx.insert(graduates)
      .values(
        part.map((row, j) => ({
          id: first + i + j,
          lastName: row.lastName,
          firstName: row.firstName,
          birthName: row.birthName,
          promotion: row.promotion,
          email: row.email,
          schoolId: row.schoolId,
          matchKey: seedMatchKey(row.lastName, row.firstName, row.promotion),
          birthMatchKey: row.birthName ? seedMatchKey(row.birthName, row.firstName, row.promotion) : null,
          userId: row.userId,
          claimedAt: row.userId ? importedAt : null,
          importId,
          createdAt: importedAt,
          updatedAt: importedAt,
        })),
      )
      .run()
    tx.insert(graduateDiplomas)
      .values(part.flatMap((row, j) => row.diplomas.map((diploma) => ({ graduateId: first + i + j, diploma }))))
      .run()
    // A linked row's diplomas are its account's, as the claim (app/features/roster/claims.server.ts) does.
    const linked = part.flatMap((row) =>
      row.userId ? row.diplomas.map((diploma) => ({ userId: row.userId!, diploma, source: 'roster' as const, createdAt: importedAt })) : [],
    )
    if (linked.length > 0) tx.insert(profileDiplomas).values(linked).onConflictDoNothing().run()
  }
}
