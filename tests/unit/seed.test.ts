import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase, type AppDatabase } from '../../db/client'
import { DEMO_ACCOUNTS, DIPLOMAS, SEED_COUNTS, seedDemo, type SeedResult } from '../../db/seed'

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$dummy$dummy'
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-seed-'))
const opened: AppDatabase[] = []

function freshDatabase(name: string): AppDatabase {
  const database = openDatabase(path.join(tmp, `${name}.sqlite`))
  migrateDatabase(database)
  opened.push(database)
  return database
}

function all<T>(database: AppDatabase, query: string): T[] {
  return database.sqlite.prepare(query).all() as T[]
}
function one<T>(database: AppDatabase, query: string): T {
  return database.sqlite.prepare(query).get() as T
}
const count = (database: AppDatabase, query: string) => one<{ n: number }>(database, query).n

/** What a visitor would notice if the seed changed: names, emails, places, jobs. */
function snapshot(database: AppDatabase, limit: number) {
  return all(
    database,
    `select u.id, u.email, u.first_name, u.last_name, u.created_at, p.promotion, p.city, p.country,
            p.company, p.job_title, m.kind, m.activated_at
       from users u join profiles p on p.user_id = u.id left join memberships m on m.user_id = u.id
      order by u.rowid limit ${limit}`,
  )
}

afterAll(() => {
  for (const d of opened) d.sqlite.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('seedDemo', () => {
  let database: AppDatabase
  let result: SeedResult
  let elapsed: number

  beforeAll(() => {
    database = freshDatabase('a')
    const started = performance.now()
    result = seedDemo(database, { passwordHash: HASH })
    elapsed = performance.now() - started
  })

  it('seeds an empty database quickly, in one go', () => {
    const total = SEED_COUNTS.alumni + SEED_COUNTS.students + SEED_COUNTS.registered
    expect(result).toEqual({ seeded: true, users: total })
    expect(count(database, 'select count(*) n from users')).toBe(total)
    expect(elapsed).toBeLessThan(5000)
  })

  it('creates the expected populations', () => {
    const alumni = count(database, "select count(*) n from memberships where kind = 'alumni' and status = 'active'")
    const students = count(database, "select count(*) n from memberships where kind = 'student' and status = 'active'")
    const registered = count(
      database,
      'select count(*) n from users u where not exists (select 1 from memberships m where m.user_id = u.id)',
    )
    expect(alumni).toBeGreaterThanOrEqual(2000)
    expect(students).toBeGreaterThanOrEqual(140)
    expect(students).toBeLessThanOrEqual(160)
    expect(registered).toBeGreaterThanOrEqual(90)
    expect(registered).toBeLessThanOrEqual(110)
    // Every member (and every registered user) has a profile.
    expect(count(database, 'select count(*) n from users u left join profiles p on p.user_id = u.id where p.user_id is null')).toBe(0)
  })

  it('spreads promotions: alumni 1995–2026 with bigger recent classes, students 2027–2030', () => {
    const alumniRange = one<{ lo: number; hi: number }>(
      database,
      "select min(promotion) lo, max(promotion) hi from profiles p join memberships m on m.user_id = p.user_id where m.kind = 'alumni'",
    )
    expect(alumniRange).toEqual({ lo: 1995, hi: 2026 })
    const studentRange = one<{ lo: number; hi: number }>(
      database,
      "select min(promotion) lo, max(promotion) hi from profiles p join memberships m on m.user_id = p.user_id where m.kind = 'student'",
    )
    expect(studentRange).toEqual({ lo: 2027, hi: 2030 })
    const byYear = (y: number) =>
      count(database, `select count(*) n from profiles p join memberships m on m.user_id = p.user_id where m.kind = 'alumni' and promotion = ${y}`)
    expect(byYear(2025)).toBeGreaterThan(byYear(1996) * 1.5)
  })

  it('fills believable profiles', () => {
    const diplomas = all<{ diploma: string }>(database, 'select distinct diploma from profiles').map((r) => r.diploma)
    expect(DIPLOMAS.length).toBeGreaterThanOrEqual(6)
    expect(diplomas.every((d) => DIPLOMAS.includes(d))).toBe(true)
    expect(count(database, 'select count(*) n from profiles where city is null or latitude is null or longitude is null or country is null')).toBe(0)

    const total = count(database, 'select count(*) n from profiles')
    const share = (where: string) => count(database, `select count(*) n from profiles where ${where}`) / total
    expect(share("country = 'FR'")).toBeGreaterThan(0.8)
    expect(share("country = 'FR'")).toBeLessThan(0.92)
    expect(share('in_directory = 1')).toBeGreaterThan(0.92)
    expect(share('contact_consent = 1')).toBeGreaterThan(0.5)
    expect(share('contact_consent = 1')).toBeLessThan(0.7)

    // Population weighting: Paris is the most common city, coordinates are (lat, lon) not swapped.
    const top = one<{ city: string; latitude: number; longitude: number }>(
      database,
      'select city, latitude, longitude from profiles group by city order by count(*) desc limit 1',
    )
    expect(top.city).toBe('Paris')
    expect(top.latitude).toBeCloseTo(48.85, 1)
    expect(top.longitude).toBeCloseTo(2.35, 1)
    const abroad = all<{ country: string }>(database, "select distinct country from profiles where country <> 'FR'").map((r) => r.country)
    expect(abroad.every((c) => ['CH', 'BE', 'DE', 'GB', 'US', 'CA', 'LU', 'ES', 'SG'].includes(c))).toBe(true)

    // Alumni mostly have a job; students mostly do not.
    const jobShare = (kind: string) =>
      count(database, `select count(*) n from profiles p join memberships m on m.user_id = p.user_id where m.kind = '${kind}' and p.company is not null`) /
      count(database, `select count(*) n from memberships where kind = '${kind}'`)
    expect(jobShare('alumni')).toBeGreaterThan(0.85)
    expect(jobShare('student')).toBeLessThan(0.3)
  })

  it('uses unique ASCII emails and the shared password hash', () => {
    const emails = all<{ email: string }>(database, 'select email from users').map((r) => r.email)
    expect(new Set(emails).size).toBe(emails.length)
    const generated = emails.filter((m) => m.endsWith('@exemple.fr'))
    expect(generated.every((m) => /^[a-z0-9-]+\.[a-z0-9-]+\.\d+@exemple\.fr$/.test(m))).toBe(true)
    expect(count(database, `select count(*) n from users where password_hash <> '${HASH}'`)).toBe(0)
  })

  it('creates the four demo accounts with their roles', () => {
    expect(DEMO_ACCOUNTS.map((a) => a.email)).toEqual([
      'admin@amicale.example',
      'alumni@amicale.example',
      'etudiant@amicale.example',
      'inscrit@amicale.example',
    ])
    const row = (email: string) =>
      one<{ role: string; first_name: string; last_name: string; kind: string | null; status: string | null; promotion: number; city: string }>(
        database,
        `select u.role, u.first_name, u.last_name, m.kind, m.status, p.promotion, p.city
           from users u join profiles p on p.user_id = u.id left join memberships m on m.user_id = u.id
          where u.email = '${email}'`,
      )
    for (const account of DEMO_ACCOUNTS) {
      const r = row(account.email)
      expect(r, account.email).toBeDefined()
      expect([r.first_name, r.last_name]).toEqual([account.firstName, account.lastName])
    }
    expect(row('admin@amicale.example')).toMatchObject({ role: 'webmaster', kind: 'alumni', status: 'active' })
    expect(row('alumni@amicale.example')).toMatchObject({ role: 'user', kind: 'alumni', status: 'active', promotion: 2012, city: 'Lyon' })
    expect(row('etudiant@amicale.example')).toMatchObject({ role: 'user', kind: 'student', status: 'active', promotion: 2027 })
    expect(row('inscrit@amicale.example')).toMatchObject({ role: 'user', kind: null })
    expect(count(database, "select count(*) n from users where role = 'webmaster'")).toBe(1)
  })

  it('dates everything before the reference date', () => {
    const ref = new Date('2026-09-01T08:00:00Z').getTime()
    const bounds = one<{ lo: number; hi: number; act: number; early: number }>(
      database,
      `select min(u.created_at) lo, max(u.created_at) hi, max(m.activated_at) act,
              sum(case when m.activated_at < u.created_at then 1 else 0 end) early
         from users u left join memberships m on m.user_id = u.id`,
    )
    expect(bounds.hi).toBeLessThanOrEqual(ref)
    expect(bounds.act).toBeLessThanOrEqual(ref)
    expect(bounds.lo).toBeGreaterThan(ref - 4 * 365 * 24 * 3600 * 1000)
    expect(bounds.early).toBe(0)
  })

  it('is deterministic: two fresh databases get identical data', () => {
    const other = freshDatabase('b')
    seedDemo(other, { passwordHash: HASH })
    const first50 = snapshot(database, 50)
    expect(first50).toHaveLength(50)
    expect(snapshot(other, 50)).toEqual(first50)
    // And the whole data set, not just the head.
    expect(snapshot(other, 10_000)).toEqual(snapshot(database, 10_000))
  })

  it('never seeds a database that already has users', () => {
    expect(seedDemo(database, { passwordHash: HASH })).toEqual({ seeded: false, users: result.users })
    expect(count(database, 'select count(*) n from users')).toBe(result.users)

    const single = freshDatabase('c')
    single.sqlite
      .prepare("insert into users (id, email, password_hash, last_name, first_name) values ('u1', 'solo@example.org', 'x', 'Solo', 'Han')")
      .run()
    expect(seedDemo(single, { passwordHash: HASH })).toEqual({ seeded: false, users: 1 })
    expect(count(single, 'select count(*) n from users')).toBe(1)
    expect(count(single, 'select count(*) n from profiles')).toBe(0)
    expect(count(single, 'select count(*) n from memberships')).toBe(0)
  })
})
