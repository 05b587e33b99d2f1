import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { PassThrough } from 'node:stream'
import Database from 'better-sqlite3'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, schema, type AppDatabase } from '../../db/client'
import { backupStatusView } from '../../app/features/admin/backups.server'
import { BackupError } from '../../server/backups/archive'
import { createBackup } from '../../server/backups/backup'
import { restoreBackup } from '../../server/backups/restore'
import { isoWeek } from '../../server/backups/retention'
import { createBackupScheduler, dueSlot, slotTime } from '../../server/backups/schedule'
import { createTarWriter } from '../../server/backups/tar'
import { freshDatabase } from '../support/database'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { createAccount } from '../factories'

const silent = { info() {}, warn() {}, error() {} }
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

/** An empty place to restore into (a folder that does not exist yet, as on a new machine). */
function emptyTarget() {
  const { dataDir } = freshDatabase()
  fs.rmSync(dataDir, { recursive: true, force: true })
  return { dataDir, databasePath: path.join(dataDir, 'amicale.db') }
}

/** Every file under a folder, relative path → SHA-256. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const item of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, item.name)
      if (item.isDirectory()) walk(full)
      else out[path.relative(dir, full)] = sha(full)
    }
  }
  if (fs.existsSync(dir)) walk(dir)
  return out
}

function addPrivateFiles(dataDir: string) {
  const files: Record<string, Buffer> = {
    'private/cvs/cv-anne.pdf': Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(1024 * 1024)]),
    'private/photos/u_1.webp': crypto.randomBytes(20_000),
    'private/proofs/2026/certificat de scolarité é.png': crypto.randomBytes(3_000),
    'private/empty.txt': Buffer.alloc(0),
  }
  for (const [name, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dataDir, name)), { recursive: true })
    fs.writeFileSync(path.join(dataDir, name), bytes)
  }
  fs.writeFileSync(path.join(dataDir, 'session-secret'), crypto.randomBytes(32).toString('hex'))
}

/** A process writing one row per transaction into `burst` until told to stop. */
function startWriter(databasePath: string) {
  const script = `
    import Database from 'better-sqlite3'
    const db = new Database(process.argv[1]); db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000')
    // Committed rows stay in the WAL (as under a long reader): a copy of the main file alone would miss them.
    db.pragma('wal_autocheckpoint = 0')
    const insert = db.prepare('insert into burst (at, pad) values (?, ?)')
    let n = 0
    const until = Date.now() + 20000
    function burst() {
      for (let i = 0; i < 50; i++) insert.run(Date.now(), 'x'.repeat(200))
      n += 50
      if (n === 500) console.log('writing')
      if (Date.now() < until) setImmediate(burst)
    }
    burst()
  `
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, databasePath], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] })
  const writing = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('writing') && resolve())
    child.once('exit', (code) => reject(new Error(`writer stopped (${code})`)))
  })
  return { child, writing }
}

let app: TestServer
let archive: string
let rowsBefore: number
beforeAll(async () => {
  app = await startTestServer()
})
afterAll(async () => {
  await app?.close()
})

describe('backup during a write burst, then restore', () => {
  it('restores every row committed before the backup started, and the private files byte for byte', async () => {
    const { DATABASE_PATH: databasePath, DATA_DIR: dataDir } = app.ctx.config
    const live = app.ctx.database.sqlite
    live.exec('create table burst (id integer primary key, at integer not null, pad text not null)')
    // A few megabytes, so that the copy takes a while among the writes.
    live.transaction(() => {
      const insert = live.prepare('insert into burst (at, pad) values (?, ?)')
      for (let i = 0; i < 20_000; i++) insert.run(0, crypto.randomBytes(100).toString('hex'))
    })()
    addPrivateFiles(dataDir)
    const writer = startWriter(databasePath)
    try {
      await writer.writing
      rowsBefore = live.prepare('select max(id) from burst').pluck().get() as number
      archive = path.join(dataDir, 'backups', 'amicale-burst.tar.gz')
      const [result, health] = await Promise.all([createBackup({ databasePath, dataDir, out: archive }), fetch(`${app.url}/healthz`)])
      const rowsAfter = live.prepare('select max(id) from burst').pluck().get() as number
      // The burst went on while the backup ran, and the site kept serving.
      expect(rowsAfter).toBeGreaterThan(rowsBefore)
      expect(health.status).toBe(200)
      expect(result.manifest.files.map((f) => f.path)).toEqual(
        expect.arrayContaining(['amicale.db', 'session-secret', 'private/cvs/cv-anne.pdf', 'private/proofs/2026/certificat de scolarité é.png']),
      )
    } finally {
      writer.child.kill('SIGKILL')
    }

    const target = emptyTarget()
    const restored = await restoreBackup({ archive, ...target })
    expect(restored.database.integrity).toBe('ok')
    const db = new Database(target.databasePath, { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const kept = db.prepare('select count(*) from burst where id <= ?').pluck().get(rowsBefore) as number
      expect(kept).toBe(rowsBefore)
      expect(db.prepare('select count(*) from burst').pluck().get()).toBe(restored.manifest.database.tables.burst)
    } finally {
      db.close()
    }
    expect(tree(path.join(target.dataDir, 'private'))).toEqual(tree(path.join(dataDir, 'private')))
    expect(sha(path.join(target.dataDir, 'session-secret'))).toBe(sha(path.join(dataDir, 'session-secret')))
    // Nothing is left behind: no snapshot next to the database, no staging folders.
    expect(fs.readdirSync(path.dirname(databasePath)).filter((n) => n.startsWith('.backup-'))).toEqual([])
    expect(fs.readdirSync(target.dataDir).sort()).toEqual(['amicale.db', 'private', 'session-secret'])
  })
})

/** The archive's tar bytes with `edit` applied, gzipped again (a byte changed inside one file). */
function rewriteTar(source: string, destination: string, edit: (tar: Buffer) => void) {
  const tar = zlib.gunzipSync(fs.readFileSync(source))
  edit(tar)
  fs.writeFileSync(destination, zlib.gzipSync(tar))
}

/** Offset of a file's first content byte in a tar (its header's name field, then 512 bytes on). */
function contentOffset(tar: Buffer, name: string) {
  for (let at = 0; at < tar.length; at += 512) {
    if (
      tar
        .subarray(at, at + 100)
        .toString('utf8')
        .replace(/\0.*$/s, '') === name
    )
      return at + 512
  }
  throw new Error(`${name} not in the tar`)
}

async function refusal(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BackupError)
  return error as BackupError
}

/** A hand-made archive holding one entry of that name. */
async function archiveWith(file: string, entry: string) {
  const gzip = zlib.createGzip()
  const chunks: Buffer[] = []
  const collected = new PassThrough()
  gzip.pipe(collected)
  collected.on('data', (c: Buffer) => chunks.push(c))
  const tar = createTarWriter(gzip)
  await tar.addFile({ path: entry, size: 5, mtime: new Date() }, Buffer.from('evil\n'))
  await tar.finish()
  gzip.end()
  await new Promise((resolve) => collected.on('end', resolve))
  fs.writeFileSync(file, Buffer.concat(chunks))
}

describe('restore refuses', () => {
  it('a target that already holds a site, unless --force (which keeps the old files aside)', async () => {
    const target = emptyTarget()
    await restoreBackup({ archive, ...target })
    const before = tree(target.dataDir)
    const error = await refusal(restoreBackup({ archive, ...target }))
    expect(error.message).toContain('--force')
    expect(tree(target.dataDir)).toEqual(before)

    const forced = await restoreBackup({ archive, ...target, force: true })
    expect(forced.keptAside.length).toBeGreaterThanOrEqual(3)
    const names = fs.readdirSync(target.dataDir)
    expect(names.filter((n) => n.includes('.before-restore-')).length).toBe(forced.keptAside.length)
    expect(tree(path.join(target.dataDir, 'private'))).toEqual(tree(path.join(app.ctx.config.DATA_DIR, 'private')))
  })

  it('an archive with one byte changed, naming the file, and writes nothing', async () => {
    const dir = path.dirname(archive)
    for (const name of ['private/cvs/cv-anne.pdf', 'amicale.db', 'session-secret']) {
      const tampered = path.join(dir, `tampered-${crypto.randomUUID()}.tar.gz`)
      rewriteTar(archive, tampered, (tar) => {
        tar[contentOffset(tar, name) + 3] ^= 0x01
      })
      const target = emptyTarget()
      const error = await refusal(restoreBackup({ archive: tampered, ...target }))
      expect(error.file).toBe(name)
      expect(error.message).toContain(`checksum mismatch for ${name}`)
      expect(fs.existsSync(target.dataDir)).toBe(false)
    }
    // A byte changed in the compressed file itself: gzip or the checksum catches it.
    const bytes = fs.readFileSync(archive)
    for (const at of [Math.floor(bytes.length / 3), Math.floor(bytes.length / 2), bytes.length - 40]) {
      const damaged = Buffer.from(bytes)
      damaged[at] ^= 0x10
      const file = path.join(dir, `damaged-${at}.tar.gz`)
      fs.writeFileSync(file, damaged)
      const target = emptyTarget()
      const error = await refusal(restoreBackup({ archive: file, ...target }))
      expect(error.file).toBeTruthy()
      expect(fs.existsSync(target.dataDir)).toBe(false)
    }
  })

  it('entries that would land outside DATA_DIR, and files that are not archives', async () => {
    const dir = path.dirname(archive)
    for (const entry of ['../evil.txt', '/etc/evil', 'private/../../evil', 'private/a/../../evil', 'notes.txt', 'private\\..\\evil']) {
      const file = path.join(dir, `hostile-${crypto.randomUUID()}.tar.gz`)
      await archiveWith(file, entry)
      const target = emptyTarget()
      const error = await refusal(restoreBackup({ archive: file, ...target }))
      expect(error.file).toBe(entry)
      expect(fs.existsSync(target.dataDir)).toBe(false)
    }
    const notAnArchive = path.join(dir, 'notes.tar.gz')
    fs.writeFileSync(notAnArchive, 'hello')
    expect((await refusal(restoreBackup({ archive: notAnArchive, ...emptyTarget() }))).message).toContain('not an Amicale archive')
    expect((await refusal(restoreBackup({ archive: path.join(dir, 'missing.tar.gz'), ...emptyTarget() }))).message).toContain('cannot read')
  })
})

describe('encryption with age', () => {
  it('round-trips with the identity, and refuses without it or with another one', async () => {
    const identity = await generateIdentity()
    const recipient = await identityToRecipient(identity)
    const { DATABASE_PATH: databasePath, DATA_DIR: dataDir } = app.ctx.config
    const file = path.join(dataDir, 'backups', 'amicale-secret.tar.gz.age')
    const result = await createBackup({ databasePath, dataDir, out: file, recipient })
    expect(result.encrypted).toBe(true)
    const bytes = fs.readFileSync(file)
    expect(bytes.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n')
    // Neither the database nor the private files can be read from the file.
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false)
    expect(bytes.includes(fs.readFileSync(path.join(dataDir, 'session-secret')))).toBe(false)

    expect((await refusal(restoreBackup({ archive: file, ...emptyTarget() }))).message).toContain('--identity')
    const stranger = await generateIdentity()
    expect((await refusal(restoreBackup({ archive: file, ...emptyTarget(), identities: [stranger] }))).message).toContain('cannot decrypt')

    const target = emptyTarget()
    const restored = await restoreBackup({ archive: file, ...target, identities: [stranger, identity] })
    expect(restored.manifest.encrypted).toBe(true)
    expect(tree(path.join(target.dataDir, 'private'))).toEqual(tree(path.join(dataDir, 'private')))
  })
})

describe('the nightly schedule', () => {
  const opened: AppDatabase[] = []
  afterAll(() => opened.forEach((d) => d.sqlite.close()))

  it('finds 03:00 in Paris whatever the season', () => {
    expect(slotTime('2026-12-02').toISOString()).toBe('2026-12-02T02:00:00.000Z')
    expect(slotTime('2026-07-01').toISOString()).toBe('2026-07-01T01:00:00.000Z')
    // Summer time starts at 02:00 (03:00 is its first minute) and ends at 03:00 (then 02:00 again).
    expect(slotTime('2026-03-29').toISOString()).toBe('2026-03-29T01:00:00.000Z')
    expect(slotTime('2026-10-25').toISOString()).toBe('2026-10-25T02:00:00.000Z')
    expect(dueSlot(new Date('2026-03-29T00:59:59Z')).slot).toBe('2026-03-28')
    expect(dueSlot(new Date('2026-03-29T01:00:00Z')).slot).toBe('2026-03-29')
    expect(dueSlot(new Date('2026-10-25T01:30:00Z')).slot).toBe('2026-10-24')
    expect(['2026-12-31', '2027-01-03', '2027-01-04', '2021-01-03', '2026-01-01'].map(isoWeek)).toEqual([
      '2026-W53',
      '2026-W53',
      '2027-W01',
      '2020-W53',
      '2026-W01',
    ])
  })

  it('runs the 03:00 slot once with two schedulers on one database, then keeps 7 daily and 4 weekly archives', async () => {
    const { databasePath, dataDir } = freshDatabase()
    const backupDir = path.join(dataDir, 'backups')
    const [one, two] = [openDatabase(databasePath), openDatabase(databasePath)]
    opened.push(one, two)
    let clock = new Date('2026-12-02T01:59:00Z') // 02:59 in Paris
    const options = { databasePath, dataDir, backupDir, now: () => clock, logger: silent }
    const schedulers = [createBackupScheduler({ ...options, db: one.db }), createBackupScheduler({ ...options, db: two.db })]
    const tickBoth = () => Promise.all(schedulers.map((s) => s.tick()))

    // Before 03:00 nothing runs (yesterday's missed slot waits for the catch-up delay).
    expect((await tickBoth()).filter((r) => r.ran)).toEqual([])
    clock = new Date('2026-12-02T02:00:30Z')
    const results = await tickBoth()
    expect(results.filter((r) => r.ran)).toEqual([expect.objectContaining({ ran: true, slot: '2026-12-02', outcome: 'ok' })])
    expect(results.filter((r) => !r.ran)).toEqual([{ ran: false, reason: 'claimed-elsewhere' }])
    expect((await tickBoth()).filter((r) => r.ran)).toEqual([])
    expect(fs.readdirSync(backupDir)).toEqual(['amicale-2026-12-02.tar.gz'])
    const runs = one.db.select().from(schema.jobRuns).where(eq(schema.jobRuns.job, 'backup')).all()
    expect(runs).toEqual([expect.objectContaining({ slot: '2026-12-02', outcome: 'ok', finishedAt: expect.any(Date) })])

    // Files that are not nightly archives are never deleted.
    fs.writeFileSync(path.join(backupDir, 'amicale-2026-12-03-101500.tar.gz'), 'by hand')
    fs.writeFileSync(path.join(backupDir, 'notes.txt'), 'mine')
    for (let day = new Date('2026-12-03T02:00:30Z'); day <= new Date('2027-01-10T02:00:30Z'); day = new Date(day.getTime() + 86_400_000)) {
      clock = day
      const ran = (await tickBoth()).filter((r) => r.ran)
      expect(ran).toHaveLength(1)
    }
    // 10 January 2027 is a Sunday: the week's seven days, then the newest of ISO weeks 2026-W53, W52, W51.
    expect(fs.readdirSync(backupDir).sort()).toEqual([
      'amicale-2026-12-03-101500.tar.gz',
      'amicale-2026-12-20.tar.gz',
      'amicale-2026-12-27.tar.gz',
      'amicale-2027-01-03.tar.gz',
      'amicale-2027-01-04.tar.gz',
      'amicale-2027-01-05.tar.gz',
      'amicale-2027-01-06.tar.gz',
      'amicale-2027-01-07.tar.gz',
      'amicale-2027-01-08.tar.gz',
      'amicale-2027-01-09.tar.gz',
      'amicale-2027-01-10.tar.gz',
      'notes.txt',
    ])
    expect(one.db.select().from(schema.jobRuns).where(eq(schema.jobRuns.job, 'backup')).all()).toHaveLength(40)
  })

  it('makes up a missed night ten minutes after the start, and records a failure for the admin page', async () => {
    const { databasePath, dataDir } = freshDatabase()
    const database = openDatabase(databasePath)
    opened.push(database)
    let clock = new Date('2026-12-02T09:00:00Z') // the site was down at 03:00
    const backupDir = path.join(dataDir, 'backups')
    const scheduler = createBackupScheduler({ db: database.db, databasePath, dataDir, backupDir, now: () => clock, logger: silent })
    expect(await scheduler.tick()).toEqual({ ran: false, reason: 'waiting-to-catch-up' })
    clock = new Date('2026-12-02T09:10:30Z')
    expect(await scheduler.tick()).toMatchObject({ ran: true, slot: '2026-12-02', outcome: 'ok' })

    const config = { ...app.ctx.config, DATA_DIR: dataDir, BACKUP_DIR: undefined }
    expect(backupStatusView({ config, db: database.db, now: () => new Date(Date.now() + 5 * 3600_000) })).toEqual({
      status: 'ok',
      ageSeconds: expect.closeTo(5 * 3600, -2),
      failed: null,
    })
    expect(backupStatusView({ config, db: database.db, now: () => new Date(Date.now() + 37 * 3600_000) }).status).toBe('stale')

    // The next night the database file is gone: the run is recorded as failed, with why.
    const broken = createBackupScheduler({ db: database.db, databasePath: path.join(dataDir, 'gone.db'), dataDir, backupDir, now: () => clock, logger: silent })
    clock = new Date('2026-12-03T02:00:30Z')
    expect(await broken.tick()).toMatchObject({ ran: true, slot: '2026-12-03', outcome: expect.stringContaining('database not found') })
    expect(backupStatusView({ config, db: database.db, now: () => clock }).failed).toEqual({
      slot: '2026-12-03',
      error: expect.stringContaining('database not found'),
    })
  })
})

/** `npm run <script> -- args` as a person types it; resolves with its exit code and output. */
function npm(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('npm', ['run', '-s', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (c: Buffer) => (stdout += c))
    child.stderr!.on('data', (c: Buffer) => (stderr += c))
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('npm run backup / npm run restore', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server?.close()
  })

  it('back up a serving site, restore it elsewhere, and /healthz and /admin show the backup’s age', { timeout: 60_000 }, async () => {
    const { DATABASE_PATH, DATA_DIR } = server.ctx.config
    const webmaster = await createAccount(server.ctx, { role: 'webmaster' })
    addPrivateFiles(DATA_DIR)
    const before = await (await fetch(`${server.url}/healthz`)).json()
    expect(before).toMatchObject({ status: 'ok', backup: { status: 'none', last: null, ageSeconds: null } })

    const out = path.join(DATA_DIR, 'backups', 'amicale-manual.tar.gz')
    const backup = await npm(['backup', '--', '--out', out], { DATABASE_PATH, DATA_DIR })
    expect(backup.stderr).not.toContain('backup failed')
    expect(backup.code).toBe(0)
    expect(backup.stdout).toContain(`backup written: ${out}`)
    expect(fs.existsSync(out)).toBe(true)

    const health = await (await fetch(`${server.url}/healthz`)).json()
    expect(health.status).toBe('ok')
    expect(health.backup).toMatchObject({ status: 'ok', last: expect.any(String) })
    expect(health.backup.ageSeconds).toBeGreaterThanOrEqual(0)
    expect(health.backup.ageSeconds).toBeLessThan(60)

    const browser = new HttpClient(server.url)
    await browser.login(webmaster.email, webmaster.password)
    const page = await (await browser.get('/admin/comptes')).text()
    expect(page).toMatch(/Dernière sauvegarde : il y a \d+\smin\./)

    const target = emptyTarget()
    const env = { DATABASE_PATH: target.databasePath, DATA_DIR: target.dataDir }
    const restore = await npm(['restore', '--', out], env)
    expect(restore.stderr).toBe('')
    expect(restore.code).toBe(0)
    expect(restore.stdout).toContain('Restauration réussie')
    expect(restore.stdout).toContain('integrity_check : ok')
    const restored = new Database(target.databasePath, { readonly: true })
    expect(restored.prepare('select email from users where id = ?').pluck().get(webmaster.id)).toBe(webmaster.email)
    restored.close()
    expect(tree(path.join(target.dataDir, 'private'))).toEqual(tree(path.join(DATA_DIR, 'private')))

    // Again into the same place: refused in one line, exit 1; --force replaces.
    const again = await npm(['restore', '--', out], env)
    expect(again.code).toBe(1)
    expect(again.stderr.trim().split('\n')).toHaveLength(1)
    expect(again.stderr).toContain('restore refused')
    expect(again.stderr).toContain('--force')
    expect((await npm(['restore', '--', out, '--force'], env)).code).toBe(0)
  })
})
