import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { migrateDatabase, openDatabase, type AppDatabase } from '../../db/client'
import { seedDemo } from '../../db/seed'

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$dummy$dummy'
// Offers are dated from the day the seed runs; a fixed day keeps the two seeds below comparable.
const TODAY = new Date('2026-11-20T00:00:00Z')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-careers-seed-'))
const opened: AppDatabase[] = []
function seeded(name: string) {
  const database = openDatabase(path.join(tmp, `${name}.sqlite`))
  migrateDatabase(database)
  opened.push(database)
  seedDemo(database, { passwordHash: HASH, today: TODAY })
  return database
}
afterAll(() => {
  for (const d of opened) d.sqlite.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('demo seed: careers', () => {
  it('posts offers in every state, by active alumni, deterministically', () => {
    const a = seeded('a')
    const b = seeded('b')
    const rows = (d: AppDatabase) => d.sqlite.prepare('select * from job_offers order by id').all() as Record<string, unknown>[]
    expect(rows(b)).toEqual(rows(a))
    const counts = Object.fromEntries(
      (a.sqlite.prepare('select status, count(*) n from job_offers group by status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    )
    expect(counts).toEqual({ published: 8, pending: 3, rejected: 1, filled: 1 })
    const strangers = a.sqlite
      .prepare("select count(*) n from job_offers o left join memberships m on m.user_id = o.author_id and m.status = 'active' where m.user_id is null")
      .get() as { n: number }
    expect(strangers.n).toBe(0)
    // Camille, the demo alumna, has offers of her own to show in « Mes offres d’emploi ».
    const camille = a.sqlite
      .prepare("select count(*) n from job_offers o join users u on u.id = o.author_id where u.email = 'alumni@amicale.example'")
      .get() as { n: number }
    expect(camille.n).toBe(2)
    const latest = a.sqlite.prepare('select max(created_at) hi, max(published_at) pub from job_offers').get() as { hi: number; pub: number }
    expect(latest.hi).toBeLessThanOrEqual(TODAY.getTime())
    expect(latest.pub).toBeLessThanOrEqual(TODAY.getTime())
  })
})
