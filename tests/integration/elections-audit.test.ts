import { Writable } from 'node:stream'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import Database from 'better-sqlite3'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, like } from 'drizzle-orm'
import { electionBallots, outbox } from '../../db/schema'
import { createAppContext, startServer } from '../../server/app'
import { loadConfig } from '../../server/config'
import { WIPED_BODY } from '../../app/shared/mail-queue.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { sessionClient } from '../event-factories'
import { freshDatabase } from '../support/database'
import { startSmtpServer } from '../support/smtp'
import { ballotFor, insertSealedElection, postVote, type SealedElection } from '../support/sealed-election'

// The audit of #18: after 50 voters voted through real HTTP (some twice, two with a mailed code),
// nothing stored outside the box — no table, no column, the mail queue once its sender ran — and
// nothing the server logged holds a credential, a tracker or a ballot; the box has no rowid and
// no time, the roll no time. What would tie a voter to a ballot is looked for everywhere.

const VOTERS = 50
let app: Awaited<ReturnType<typeof startServer>> & { ctx: Awaited<ReturnType<typeof createAppContext>> }
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let log = ''
let file = ''
/** A connection of its own to the SQLite file, as anyone holding a copy of it would read it. */
const reader = () => new Database(file, { readonly: true })
const elections: SealedElection[] = []

beforeAll(async () => {
  smtp = await startSmtpServer()
  const { databasePath, dataDir } = freshDatabase()
  file = databasePath
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: databasePath,
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'debug',
    MAP_TILE_URL: '',
    SMTP_URL: smtp.url,
  })
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log += chunk.toString()
      done()
    },
  })
  const ctx = await createAppContext(config, pino({ level: 'debug', base: undefined }, sink))
  const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild
  app = { ...(await startServer(ctx, build)), ctx }

  const voters: Awaited<ReturnType<typeof createAccount>>[] = []
  for (let i = 0; i < VOTERS; i++) voters.push(await createAccount(ctx, { membership: 'alumni', promotion: 2000 + (i % 20) }))
  const open = insertSealedElection(ctx, { roll: voters.map((v) => v.id), candidates: 5, seats: 3 })
  const coded = insertSealedElection(ctx, { roll: voters.slice(0, 4).map((v) => v.id), candidates: 2, seats: 1, requireMailCode: true })
  elections.push(open, coded)
  const clients = await Promise.all(voters.map((v) => sessionClient(ctx, app.url, v.id)))
  for (let start = 0; start < VOTERS; start += 5) {
    await Promise.all(
      voters.slice(start, start + 5).map(async (v, k) => {
        const i = start + k
        const choices = i % 7 === 0 ? [] : [i % 5, (i + 2) % 5].slice(0, 1 + (i % 2))
        const cast = await postVote(clients[i]!, open.id, {
          intent: 'cast',
          ballot: ballotFor(open, open.secrets.get(v.id)!, choices),
          password: TEST_PASSWORD,
        })
        if (cast.status !== 200) throw new Error(JSON.stringify(cast.data))
      }),
    )
  }
  // Revotes, and a wrong password on the way (the throttle's row goes with the right one).
  for (const i of [0, 1, 2, 3, 4]) {
    await postVote(clients[i]!, open.id, { intent: 'cast', ballot: ballotFor(open, open.secrets.get(voters[i]!.id)!, [4]), password: 'wrong-password' })
    const again = await postVote(clients[i]!, open.id, {
      intent: 'cast',
      ballot: ballotFor(open, open.secrets.get(voters[i]!.id)!, [4]),
      password: TEST_PASSWORD,
    })
    if (again.status !== 200) throw new Error(JSON.stringify(again.data))
  }
  for (const i of [0, 1]) {
    await postVote(clients[i]!, coded.id, { intent: 'code' })
    const mail = await smtp.waitForMail((m) => m.to.includes(voters[i]!.email) && m.subject.startsWith('Votre code pour voter'))
    const code = /: (\d{6})/u.exec(mail.text)![1]!
    const cast = await postVote(clients[i]!, coded.id, {
      intent: 'cast',
      ballot: ballotFor(coded, coded.secrets.get(voters[i]!.id)!, [i]),
      password: TEST_PASSWORD,
      code,
    })
    if (cast.status !== 200) throw new Error(JSON.stringify(cast.data))
  }
  // Every voter's tracker mail delivered: the sender ran over all of them.
  const deadline = Date.now() + 20_000
  for (;;) {
    const waiting = ctx.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(like(outbox.kind, 'elections.secret.%'))
      .all()
      .filter((r) => ctx.db.select().from(outbox).where(eq(outbox.id, r.id)).get()!.status !== 'sent')
    if (waiting.length === 0) break
    if (Date.now() > deadline) throw new Error(`${waiting.length} mails still queued`)
    await new Promise((r) => setTimeout(r, 100))
  }
}, 90_000)

afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

/** Everything that would tie a voter to a ballot: credentials (public and secret), trackers, ballots. */
function needles() {
  const rows = elections.flatMap((e) => app.ctx.db.select().from(electionBallots).where(eq(electionBallots.electionId, e.id)).all())
  const secrets = elections.flatMap((e) => [...e.secrets.values()])
  // Public credentials are sealed in the parameters, sorted (board.ts): only there may they stand.
  return { rows, list: [...rows.flatMap((r) => [r.credential, r.tracker]), ...secrets], private: [...rows.map((r) => r.tracker), ...secrets] }
}

describe('the audit of the database and the logs', () => {
  it('finds no credential, tracker or ballot in any table or column but the box (the wiped outbox included)', () => {
    const { rows, list, private: hidden } = needles()
    expect(rows.length).toBe(VOTERS + 2)
    const sqlite = reader()
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]
    expect(tables.length).toBeGreaterThan(40)
    const found: string[] = []
    let values = 0
    for (const { name } of tables) {
      if (name === 'election_ballots') continue
      const columns = sqlite.prepare(`pragma table_info("${name}")`).all() as { name: string }[]
      for (const column of columns) {
        for (const row of sqlite.prepare(`select "${column.name}" as v from "${name}"`).all() as { v: unknown }[]) {
          if (row.v === null || typeof row.v === 'number' || typeof row.v === 'bigint') continue
          values++
          const text = Buffer.isBuffer(row.v) ? row.v.toString('latin1') : String(row.v)
          const sealedList = name === 'elections' && column.name === 'parameters'
          if ((sealedList ? hidden : list).some((n) => text.includes(n))) found.push(`${name}.${column.name}`)
        }
      }
    }
    expect(values).toBeGreaterThan(500)
    expect(found).toEqual([])
    for (const e of elections) expect(e.parameters.credentials).toEqual([...e.parameters.credentials!].sort())

    // The mails that carried them were delivered whole, then wiped from the queue.
    const secretMails = app.ctx.db.select().from(outbox).where(like(outbox.kind, 'elections.secret.%')).all()
    expect(secretMails.filter((m) => m.kind === 'elections.secret.tracker')).toHaveLength(VOTERS + 5 + 2)
    expect(secretMails.filter((m) => m.kind === 'elections.secret.code')).toHaveLength(2)
    for (const m of secretMails) expect(m.text).toBe(WIPED_BODY)
    const delivered = smtp.mails.filter((m) => m.subject.startsWith('Votre bulletin est dans l’urne'))
    expect(delivered).toHaveLength(VOTERS + 7)
    expect(rows.some((r) => delivered.some((m) => m.text.includes(r.tracker)))).toBe(true)
  })

  it('finds none in what the server logged', () => {
    const { list } = needles()
    expect(log).toContain('"msg":"request"')
    expect(log).toContain('/voter.data')
    expect(list.filter((n) => log.includes(n))).toEqual([])
    expect(log).not.toContain('"choices"')
  })

  it('keeps no rowid and no time in the box, no time in the roll', () => {
    const sqlite = reader()
    expect(() => sqlite.prepare('select rowid from election_ballots').all()).toThrow(/no such column/)
    const time = /(_at|time|date|when|order|seq)/i
    const box = (sqlite.prepare('pragma table_info(election_ballots)').all() as { name: string }[]).map((c) => c.name)
    expect(box).toEqual(['election_id', 'credential', 'ballot', 'tracker'])
    const roll = (sqlite.prepare('pragma table_info(election_roll)').all() as { name: string; type: string }[]).map((c) => c.name)
    expect(roll.filter((c) => time.test(c))).toEqual([])
    // Without a rowid the box has no order of arrival to give: a scan follows a key (credential or tracker).
    const stored = sqlite.prepare('select credential, tracker from election_ballots where election_id = ?').all(elections[0]!.id) as {
      credential: string
      tracker: string
    }[]
    const byKey = (k: 'credential' | 'tracker') =>
      stored.map((r) => r[k]).join() ===
      stored
        .map((r) => r[k])
        .sort()
        .join()
    expect(byKey('credential') || byKey('tracker')).toBe(true)
    // Nor is a cast's moment kept by the throttle: a right password clears the voter's count.
    const throttles = sqlite.prepare("select key from throttles where key like 'vote:%'").all()
    expect(throttles).toEqual([])
  })
})
