import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase, type AppDatabase } from '../../db/client'
import { DEMO_ACCOUNTS, DIPLOMAS, SEED_COUNTS, seedDemo, type SeedResult } from '../../db/seed'
import { extractMentions } from '../../app/shared/rich-text'

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

/** Groups and conversations, whole: every row of the four tables. */
function discussions(database: AppDatabase) {
  return ['groups', 'group_members', 'threads', 'messages'].map((table) => all(database, `select * from ${table} order by rowid`))
}

const REFERENCE = new Date('2026-09-01T08:00:00Z').getTime()
const ACTIVE_MEMBERS = "select m.user_id, p.promotion from memberships m join profiles p on p.user_id = m.user_id where m.status = 'active'"

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
    const registered = count(database, 'select count(*) n from users u where not exists (select 1 from memberships m where m.user_id = u.id)')
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
    // And the whole data set, not just the head, groups and conversations included.
    expect(snapshot(other, 10_000)).toEqual(snapshot(database, 10_000))
    expect(discussions(other)).toEqual(discussions(database))
  })

  it('never seeds a database that already has users', () => {
    expect(seedDemo(database, { passwordHash: HASH })).toEqual({ seeded: false, users: result.users })
    expect(count(database, 'select count(*) n from users')).toBe(result.users)

    const single = freshDatabase('c')
    single.sqlite.prepare("insert into users (id, email, password_hash, last_name, first_name) values ('u1', 'solo@example.org', 'x', 'Solo', 'Han')").run()
    expect(seedDemo(single, { passwordHash: HASH })).toEqual({ seeded: false, users: 1 })
    expect(count(single, 'select count(*) n from users')).toBe(1)
    expect(count(single, 'select count(*) n from profiles')).toBe(0)
    expect(count(single, 'select count(*) n from memberships')).toBe(0)
  })

  it('puts every active member in the group of their promotion, and only there', () => {
    const promotions = all<{ promotion: number }>(database, `select distinct promotion from (${ACTIVE_MEMBERS}) order by promotion`).map((r) => r.promotion)
    const promotionGroups = all<{
      id: number
      name: string
      description: string
      promotion: number
      visibility: string
      status: string
      created_by: string | null
    }>(database, "select * from groups where kind = 'promotion' order by promotion")
    expect(promotionGroups.map((g) => g.promotion)).toEqual(promotions)
    for (const g of promotionGroups) {
      expect(g).toMatchObject({
        name: `Promotion ${g.promotion}`,
        description: `Les diplômés de la promotion ${g.promotion} : nouvelles, retrouvailles, entraide.`,
        visibility: 'public',
        status: 'active',
        created_by: null,
      })
    }
    // Exactly one promotion group each, the right one, as an active member.
    expect(
      count(
        database,
        `select count(*) n from (${ACTIVE_MEMBERS}) am
          where (select count(*) from group_members gm join groups g on g.id = gm.group_id
                  where g.kind = 'promotion' and gm.user_id = am.user_id and gm.status = 'active' and g.promotion = am.promotion) <> 1
             or (select count(*) from group_members gm join groups g on g.id = gm.group_id
                  where g.kind = 'promotion' and gm.user_id = am.user_id) <> 1`,
      ),
    ).toBe(0)
    // Registered non-members are in no group at all.
    expect(count(database, 'select count(*) n from group_members gm where not exists (select 1 from memberships m where m.user_id = gm.user_id)')).toBe(0)
    // One or two moderators per promotion, the webmaster among those of hers.
    const moderators = all<{ n: number }>(
      database,
      "select (select count(*) from group_members gm where gm.group_id = g.id and gm.role = 'moderator') n from groups g where g.kind = 'promotion'",
    )
    expect(moderators.every((r) => r.n >= 1 && r.n <= 2)).toBe(true)
    expect(
      one<{ role: string }>(
        database,
        `select gm.role from group_members gm join groups g on g.id = gm.group_id join users u on u.id = gm.user_id
          where u.email = 'admin@amicale.example' and g.kind = 'promotion'`,
      ).role,
    ).toBe('moderator')
  })

  it('gives every group its live chat', () => {
    expect(count(database, 'select count(*) n from groups')).toBeGreaterThan(40)
    expect(count(database, "select count(*) n from groups g where (select count(*) from threads t where t.group_id = g.id and t.kind = 'chat') <> 1")).toBe(0)
    expect(count(database, "select count(*) n from threads where kind = 'chat' and (group_id is null or title <> 'Discussion en direct')")).toBe(0)
  })

  it('adds regional, sector and interest groups of believable size, and a proposal to review', () => {
    const themed = all<{ name: string; kind: string; visibility: string; members: number; moderators: number; pending: number; created_by: string | null }>(
      database,
      `select g.name, g.kind, g.visibility, g.created_by,
              sum(gm.status = 'active') members, sum(gm.role = 'moderator') moderators, sum(gm.status = 'pending') pending
         from groups g join group_members gm on gm.group_id = g.id
        where g.kind <> 'promotion' and g.status = 'active' group by g.id`,
    )
    expect(themed.length).toBeGreaterThanOrEqual(8)
    expect(themed.map((g) => g.name)).toEqual(
      expect.arrayContaining([
        'Lyon et Rhône-Alpes',
        'Île-de-France',
        'Suisse romande',
        'Aéronautique et spatial',
        'Data et IA',
        'Énergie',
        'Entrepreneuriat',
        'Voile',
      ]),
    )
    expect(new Set(themed.map((g) => g.kind))).toEqual(new Set(['region', 'sector', 'interest']))
    for (const g of themed) {
      expect(g.members, g.name).toBeGreaterThanOrEqual(20)
      expect(g.members, g.name).toBeLessThanOrEqual(150)
      expect(g.moderators, g.name).toBeGreaterThanOrEqual(1)
      expect(g.moderators, g.name).toBeLessThanOrEqual(2)
      expect(g.created_by, g.name).not.toBeNull()
      if (g.visibility === 'public') expect(g.pending, g.name).toBe(0)
    }
    expect(themed.filter((g) => g.visibility === 'private').length).toBeGreaterThanOrEqual(1)
    expect(themed.some((g) => g.visibility === 'private' && g.pending > 0)).toBe(true)

    // Camille, in Lyon, belongs to (and moderates) the Lyon group.
    const camille = one<{ role: string; status: string }>(
      database,
      `select gm.role, gm.status from group_members gm join groups g on g.id = gm.group_id join users u on u.id = gm.user_id
        where u.email = 'alumni@amicale.example' and g.name = 'Lyon et Rhône-Alpes'`,
    )
    expect(camille).toEqual({ role: 'moderator', status: 'active' })

    // A member's proposal awaits a webmaster; its author moderates it, as createGroup does.
    const proposed = all<{ id: number; created_by: string; role: string | null; webmaster: number }>(
      database,
      `select g.id, g.created_by, gm.role, (select count(*) from users u where u.id = g.created_by and u.role = 'webmaster') webmaster
         from groups g left join group_members gm on gm.group_id = g.id and gm.user_id = g.created_by
        where g.status = 'proposed'`,
    )
    expect(proposed).toHaveLength(1)
    expect(proposed[0]).toMatchObject({ role: 'moderator', webmaster: 0 })
    expect(count(database, `select count(*) n from memberships where user_id = '${proposed[0].created_by}' and status = 'active'`)).toBe(1)
  })

  it('fills the forum, group threads and a few chats', () => {
    const forum = all<{ title: string; n: number; first_author: string; author_id: string; created_at: number; first_at: number }>(
      database,
      `select t.title, t.author_id, t.created_at, count(m.id) n,
              (select m2.author_id from messages m2 where m2.thread_id = t.id order by m2.id limit 1) first_author,
              (select min(m2.created_at) from messages m2 where m2.thread_id = t.id) first_at
         from threads t join messages m on m.thread_id = t.id
        where t.group_id is null and t.kind = 'thread' group by t.id`,
    )
    expect(count(database, "select count(*) n from threads where group_id is null and kind = 'thread'")).toBe(forum.length)
    expect(forum.length).toBeGreaterThanOrEqual(5)
    expect(forum.map((t) => t.title)).toEqual(expect.arrayContaining(['Présentez-vous !', 'Gala 2026 : qui vient ?']))
    for (const t of forum) {
      expect(t.n, t.title).toBeGreaterThanOrEqual(3)
      expect(t.n, t.title).toBeLessThanOrEqual(13)
      // The thread's author wrote its first post, which dates it.
      expect(t.author_id, t.title).toBe(t.first_author)
      expect(t.created_at, t.title).toBe(t.first_at)
    }
    expect(
      count(
        database,
        "select count(*) n from threads t where t.group_id is not null and t.kind = 'thread' and exists (select 1 from messages m where m.thread_id = t.id)",
      ),
    ).toBeGreaterThanOrEqual(3)
    expect(
      count(database, "select count(*) n from threads t where t.kind = 'chat' and (select count(*) from messages m where m.thread_id = t.id) >= 3"),
    ).toBeGreaterThanOrEqual(3)
    // Only active members wrote, and in a group only its active members.
    expect(
      count(
        database,
        "select count(*) n from messages m where not exists (select 1 from memberships ms where ms.user_id = m.author_id and ms.status = 'active')",
      ),
    ).toBe(0)
    expect(
      count(
        database,
        `select count(*) n from messages m where m.group_id is not null and not exists
           (select 1 from group_members gm where gm.group_id = m.group_id and gm.user_id = m.author_id and gm.status = 'active' and gm.joined_at <= m.created_at)`,
      ),
    ).toBe(0)
    expect(count(database, 'select count(*) n from messages m join threads t on t.id = m.thread_id where m.group_id is not t.group_id')).toBe(0)
  })

  it('keeps messages chronological and threads dated by their last message', () => {
    // Ids follow time within a thread (insertion order), so cursors and unread counts work.
    expect(
      count(database, 'select count(*) n from messages a join messages b on b.thread_id = a.thread_id and b.id > a.id where b.created_at < a.created_at'),
    ).toBe(0)
    expect(
      count(
        database,
        `select count(*) n from threads t where exists (select 1 from messages m where m.thread_id = t.id)
            and t.last_message_at <> (select max(m.created_at) from messages m where m.thread_id = t.id)`,
      ),
    ).toBe(0)
    const bounds = one<{ hi: number; groups: number; threads: number }>(
      database,
      'select max(created_at) hi, (select max(created_at) from groups) groups, (select max(last_message_at) from threads) threads from messages',
    )
    expect(Math.max(bounds.hi, bounds.groups, bounds.threads)).toBeLessThanOrEqual(REFERENCE)
    expect(bounds.hi).toBeGreaterThan(REFERENCE - 7 * 24 * 3600 * 1000) // the chats are lively
    expect(
      count(
        database,
        'select count(*) n from group_members gm join groups g on g.id = gm.group_id where gm.joined_at < g.created_at or gm.joined_at > ' + REFERENCE,
      ),
    ).toBe(0)
  })

  it('writes like members do: demo authors, light formatting, one real mention, unread messages', () => {
    const authors = all<{ email: string }>(database, 'select distinct u.email from messages m join users u on u.id = m.author_id').map((r) => r.email)
    expect(authors).toEqual(expect.arrayContaining(['admin@amicale.example', 'alumni@amicale.example', 'etudiant@amicale.example']))
    expect(authors.length).toBeGreaterThan(50)
    const bodies = all<{ body: string }>(database, 'select body from messages').map((r) => r.body)
    expect(bodies.some((b) => /\*\*[^*]+\*\*/.test(b))).toBe(true)
    expect(bodies.some((b) => /\n(- |1\. )/.test(b))).toBe(true)
    expect(bodies.some((b) => b.includes('https://'))).toBe(true)

    const mentioning = bodies.filter((b) => b.includes('@'))
    expect(mentioning).toHaveLength(1)
    const members = all<{ id: string; name: string }>(
      database,
      "select u.id, u.first_name || ' ' || u.last_name name from users u join memberships m on m.user_id = u.id where m.status = 'active'",
    )
    const mentioned = extractMentions(mentioning[0], members)
    expect(mentioned).toHaveLength(1)
    expect(members.find((m) => m.id === mentioned[0])?.name).toBe('Camille Lefèvre')

    // Most members have read nothing yet; authors have read up to their own last message.
    const read = count(database, 'select count(*) n from group_members where last_read_message_id > 0')
    expect(read).toBeGreaterThan(0)
    expect(read).toBeLessThan(count(database, 'select count(*) n from group_members') / 20)
    const unreadForCamille = count(
      database,
      `select count(*) n from group_members gm join users u on u.id = gm.user_id join messages m on m.group_id = gm.group_id
        where u.email = 'alumni@amicale.example' and m.id > gm.last_read_message_id and m.author_id <> u.id`,
    )
    expect(unreadForCamille).toBeGreaterThan(0)
  })
})
