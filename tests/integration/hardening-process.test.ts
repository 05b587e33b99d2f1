import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import { io as connect } from 'socket.io-client'
import type { Server } from 'socket.io'
import { afterAll, describe, expect, it } from 'vitest'
import { freshDatabase } from '../support/database'
import { startTestServer } from '../support/server'
import { killChildServers, spawnServer } from '../support/child-server'

// The real entry point, as `npm start` runs it: how it refuses to start, and how it stops.
const mounts: string[] = []
afterAll(() => {
  killChildServers()
  for (const dir of mounts) spawnSync('umount', [dir])
})

/** A real database file with a page in its middle overwritten: the header is fine, the b-tree is not. */
function damagedDatabase(file: string) {
  const db = new Database(file)
  db.exec('create table ballast(id integer primary key, v text)')
  const insert = db.prepare('insert into ballast(v) values (?)')
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run('x'.repeat(200))
  })()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  const pages = fs.statSync(file).size / 4096
  const fd = fs.openSync(file, 'r+')
  fs.writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, 4096 * Math.floor(pages * 0.6))
  fs.closeSync(fd)
}

/** A folder that refuses writes even to root: a read-only tmpfs when we may mount, else chmod. */
function readOnlyDir(dir: string) {
  fs.mkdirSync(dir, { recursive: true })
  if (process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir]).status === 0) {
    mounts.push(dir)
    return dir
  }
  fs.chmodSync(dir, 0o555)
  return dir
}

describe('a start that cannot go on stops with one clear line', () => {
  const cases: { name: string; setup: (dataDir: string, databasePath: string) => Record<string, string>; expect: RegExp }[] = [
    {
      name: 'a database whose header is not SQLite',
      setup: (_dataDir, databasePath) => {
        fs.writeFileSync(databasePath, Buffer.alloc(8192, 0x42))
        return {}
      },
      expect: /n’est pas une base SQLite lisible.*restaurez.*cannot start/,
    },
    {
      name: 'a database that fails PRAGMA quick_check',
      setup: (_dataDir, databasePath) => {
        damagedDatabase(databasePath)
        return {}
      },
      expect: /est endommagée.*restaurez la dernière sauvegarde.*cannot start/,
    },
    {
      name: 'a read-only DATA_DIR',
      setup: (dataDir) => ({ DATA_DIR: readOnlyDir(path.join(dataDir, 'readonly')) }),
      expect: /n’accepte pas l’écriture.*DATA_DIR.*cannot start/,
    },
    {
      name: 'a read-only DATA_DIR with SESSION_SECRET set',
      setup: (dataDir) => ({ DATA_DIR: readOnlyDir(path.join(dataDir, 'readonly2')), SESSION_SECRET: 'x'.repeat(40) }),
      expect: /readonly2.*n’accepte pas l’écriture.*DATA_DIR.*cannot start/,
    },
    {
      name: 'a database in a read-only folder',
      setup: (dataDir) => ({ DATABASE_PATH: path.join(readOnlyDir(path.join(dataDir, 'readonly3')), 'amicale.db') }),
      expect: /readonly3.*DATABASE_PATH.*cannot start/,
    },
    {
      name: 'an invalid setting',
      setup: () => ({ MAX_FORM_BYTES: 'beaucoup' }),
      expect: /réglage invalide : MAX_FORM_BYTES.*cannot start/,
    },
  ]
  it.each(cases)('$name', async ({ setup, expect: message }) => {
    const { databasePath, dataDir } = freshDatabase()
    const server = spawnServer({ DATABASE_PATH: databasePath, DATA_DIR: dataDir, ...setup(dataDir, databasePath) })
    expect(await server.exit).toBe(1)
    const lines = server.output.stderr.trim().split('\n')
    expect(lines, server.output.stderr).toHaveLength(1)
    expect(lines[0]).toMatch(message)
    expect(server.output.stderr).not.toMatch(/\n\s+at /)
  })

  it('a port already taken', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => blocker.once('listening', resolve))
    const { port } = blocker.address() as net.AddressInfo
    const { databasePath, dataDir } = freshDatabase()
    const server = spawnServer({ DATABASE_PATH: databasePath, DATA_DIR: dataDir, PORT: String(port) })
    expect(await server.exit).toBe(1)
    blocker.close()
    expect(server.output.stderr.trim().split('\n')).toHaveLength(1)
    expect(server.output.stderr).toMatch(new RegExp(`le port ${port} est déjà pris`))
  })
})

describe('integrity', () => {
  it('/healthz reports a database that stops passing quick_check (checked hourly)', async () => {
    const app = await startTestServer()
    try {
      expect(await (await fetch(`${app.url}/healthz`)).json()).toMatchObject({ database: 'ok', integrity: { check: 'quick_check', result: 'ok' } })
      const { sqlite } = app.ctx.database
      sqlite.exec('create table ballast(id integer primary key, v text)')
      const insert = sqlite.prepare('insert into ballast(v) values (?)')
      sqlite.transaction(() => {
        for (let i = 0; i < 3000; i++) insert.run('x'.repeat(200))
      })()
      sqlite.pragma('wal_checkpoint(TRUNCATE)')
      sqlite.pragma('shrink_memory')
      const file = app.ctx.config.DATABASE_PATH
      const fd = fs.openSync(file, 'r+')
      fs.writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, 4096 * Math.floor((fs.statSync(file).size / 4096) * 0.6))
      fs.closeSync(fd)
      // What the hourly timer runs.
      expect(app.integrity.checkNow().ok).toBe(false)
      const health = await fetch(`${app.url}/healthz`)
      expect(health.status).toBe(503)
      expect(await health.json()).toMatchObject({ status: 'degraded', database: 'corrupt' })
    } finally {
      await app.close()
    }
  })
})

describe('SIGTERM drains', () => {
  it('stops accepting, finishes the request in flight, then exits 0', async () => {
    const { databasePath, dataDir } = freshDatabase()
    const server = spawnServer({ DATABASE_PATH: databasePath, DATA_DIR: dataDir })
    const url = new URL(await server.listening)
    const port = Number(url.port)

    // A log-in whose body is still arriving when the signal comes.
    const body = 'email=personne%40exemple.fr&password=pas-le-bon-mot-de-passe'
    const socket = net.connect(port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk))
    const answered = new Promise((resolve) => socket.once('end', resolve))
    socket.write(
      `POST /connexion HTTP/1.1\r\nHost: localhost:${port}\r\nOrigin: http://localhost:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    )
    await new Promise((resolve) => setTimeout(resolve, 300))

    server.child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 300))
    // No longer accepting: a new connection is refused while the old one is being served.
    const refused = await new Promise<boolean>((resolve) => {
      const probe = net.connect(port, '127.0.0.1')
      probe.once('connect', () => {
        probe.destroy()
        resolve(false)
      })
      probe.once('error', () => resolve(true))
    })
    expect(refused).toBe(true)
    expect(server.child.exitCode).toBeNull()

    socket.write(body.slice(10))
    await answered
    expect(answer).toMatch(/^HTTP\/1\.1 (200|400|401|403) /)
    expect(answer).toMatch(/connection: close/i)
    expect(await server.exit).toBe(0)
    expect(server.output.stdout).toContain('"drained":true')
  })

  it('waits for the socket acknowledgements owed, refuses new ones, then closes the sockets', async () => {
    const app = await startTestServer()
    // An event of the test's own, outside the site's declared ones: the untyped view of the server.
    const io: Server = app.io
    io.on('connection', (socket) => {
      socket.on('test:slow', (ack: (answer: string) => void) => {
        setTimeout(() => ack('done'), 600)
      })
    })
    const client = connect(app.url, { transports: ['websocket'], extraHeaders: { origin: app.url }, reconnection: false })
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve())
      client.once('connect_error', reject)
    })
    const slow = client.emitWithAck('test:slow')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = Date.now()
    const closed = app.close()
    await new Promise((resolve) => setTimeout(resolve, 50))
    const late = await client.timeout(2000).emitWithAck('test:slow')
    expect(late).toEqual({ ok: false, error: 'unavailable' })
    expect(await slow).toBe('done')
    expect(await closed).toEqual({ drained: true })
    expect(Date.now() - started).toBeGreaterThanOrEqual(450)
    client.close()
  })
})
