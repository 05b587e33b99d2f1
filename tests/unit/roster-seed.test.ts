import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase, type AppDatabase } from '../../db/client'
import { seedDemo } from '../../db/seed'
import { matchKey } from '../../app/features/roster/names'

// The demo's graduates' list (issue #17): ~1,500 rows, half linked to the demo's accounts, the
// rest with an address for two thirds, and the ambiguous rows the activation part shows.

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$dummy$dummy'
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-roster-seed-'))
const opened: AppDatabase[] = []

function seeded(name: string): AppDatabase {
  const database = openDatabase(path.join(tmp, `${name}.sqlite`))
  migrateDatabase(database)
  opened.push(database)
  seedDemo(database, { passwordHash: HASH, today: new Date('2026-11-02T00:00:00Z') })
  return database
}

interface GraduateRow {
  id: number
  last_name: string
  first_name: string
  birth_name: string | null
  promotion: number
  email: string | null
  school_id: string | null
  match_key: string
  birth_match_key: string | null
  user_id: string | null
  claimed_at: number | null
}

let database: AppDatabase
let rows: GraduateRow[]
beforeAll(() => {
  database = seeded('a')
  rows = database.sqlite.prepare('select * from graduates order by id').all() as GraduateRow[]
})
afterAll(() => {
  for (const d of opened) d.sqlite.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('the demo’s graduates’ list', () => {
  it('holds 1,500 graduates, half of them linked to the account with their name and promotion', () => {
    expect(rows).toHaveLength(1500)
    const linked = rows.filter((r) => r.user_id)
    expect(linked).toHaveLength(750)
    const accounts = database.sqlite.prepare('select u.id, u.first_name, u.last_name, p.promotion from users u join profiles p on p.user_id = u.id').all() as {
      id: string
      first_name: string
      last_name: string
      promotion: number
    }[]
    const byId = new Map(accounts.map((a) => [a.id, a]))
    for (const r of linked) {
      const account = byId.get(r.user_id!)!
      expect([r.last_name, r.first_name, r.promotion]).toEqual([account.last_name, account.first_name, account.promotion])
      expect(r.claimed_at).not.toBeNull()
    }
    const linkedEmails = new Set(linked.map((r) => r.user_id))
    for (const demo of ['admin@amicale.example', 'alumni@amicale.example']) {
      const id = (database.sqlite.prepare('select id from users where email = ?').get(demo) as { id: string }).id
      expect(linkedEmails.has(id), demo).toBe(true)
    }
  })

  it('gives two thirds of the others an address at the reserved domain, some two diplomas or a birth name', () => {
    const others = rows.filter((r) => !r.user_id)
    const withAddress = others.filter((r) => r.email)
    expect(withAddress.length / others.length).toBeGreaterThan(0.55)
    expect(withAddress.length / others.length).toBeLessThan(0.75)
    for (const r of withAddress) expect(r.email).toMatch(/^[a-z0-9.-]+@diplomes\.example$/)
    expect(new Set(withAddress.map((r) => r.email)).size).toBe(withAddress.length)
    const twoDiplomas = database.sqlite
      .prepare('select count(*) n from (select graduate_id from graduate_diplomas group by graduate_id having count(*) = 2)')
      .get() as { n: number }
    expect(twoDiplomas.n).toBeGreaterThan(50)
    expect(
      database.sqlite.prepare('select count(*) n from graduates g where not exists (select 1 from graduate_diplomas d where d.graduate_id = g.id)').get(),
    ).toEqual({ n: 0 })
    expect(others.filter((r) => r.birth_name).length).toBeGreaterThan(5)
  })

  it('stores the keys the app matches on, and school ids that are unique', () => {
    for (const r of rows) {
      expect(r.match_key).toBe(matchKey(r.last_name, r.first_name, r.promotion))
      expect(r.birth_match_key).toBe(r.birth_name ? matchKey(r.birth_name, r.first_name, r.promotion) : null)
    }
    const ids = rows.filter((r) => r.school_id).map((r) => r.school_id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBeGreaterThan(1400)
  })

  it('leaves rows for the activation part: Julien’s own, an ambiguous pair for a registered account, namesakes', () => {
    const julien = database.sqlite
      .prepare("select u.id, u.last_name, u.first_name, p.promotion from users u join profiles p on p.user_id = u.id where u.email = 'inscrit@amicale.example'")
      .get() as { id: string; last_name: string; first_name: string; promotion: number }
    const key = matchKey(julien.last_name, julien.first_name, julien.promotion)
    expect(rows.filter((r) => r.match_key === key)).toEqual([expect.objectContaining({ user_id: null })])
    const pairs = database.sqlite.prepare('select match_key, count(*) n from graduates where user_id is null group by match_key having n > 1').all() as {
      match_key: string
    }[]
    expect(pairs.length).toBeGreaterThanOrEqual(4)
    const registeredKeys = new Set(
      (
        database.sqlite
          .prepare(
            'select u.last_name, u.first_name, p.promotion from users u join profiles p on p.user_id = u.id where not exists (select 1 from memberships m where m.user_id = u.id)',
          )
          .all() as { last_name: string; first_name: string; promotion: number }[]
      ).map((a) => matchKey(a.last_name, a.first_name, a.promotion)),
    )
    expect(pairs.some((p) => registeredKeys.has(p.match_key))).toBe(true)
  })

  it('records the import it came from, and comes out the same on every machine', () => {
    expect(database.sqlite.prepare('select filename, rows from roster_imports').all()).toEqual([{ filename: 'diplomes-ecole-2026.csv', rows: 1500 }])
    const again = seeded('b')
    expect(again.sqlite.prepare('select * from graduates order by id').all()).toEqual(rows)
    expect(again.sqlite.prepare('select * from graduate_diplomas order by graduate_id, diploma').all()).toEqual(
      database.sqlite.prepare('select * from graduate_diplomas order by graduate_id, diploma').all(),
    )
  })
})
