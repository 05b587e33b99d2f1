import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGroup, joinGroup } from '../../app/features/groups/groups.server'
import type { MessageDto } from '../../app/features/groups/discussions.server'
import { eventCounters } from '../../app/features/events/event-registrations.server'
import pino from 'pino'
import { createClient } from 'redis'
import type { createAppContext } from '../../server/app'
import { BUS_CHANNEL, createRedisBus, type ProcessBus } from '../../server/realtime/bus'
import { startIntervalJob } from '../../server/jobs/interval'
import { openDatabase } from '../../db/client'
import type { AppContext, BusEvent } from '../../app/context.server'
import { createAccount, profileForm, TEST_PASSWORD } from '../factories'
import { createTestEvent, sessionClient } from '../event-factories'
import { freshDatabase } from '../support/database'
import { HttpClient } from '../support/http'
import { startRedis, type TestRedis } from '../support/redis'
import {
  children,
  freePort,
  isAlive,
  isolatedProject,
  portIsClosed,
  processesIn,
  socketsOnTwoWorkers,
  socketWithSession,
  spawnServer,
  WORKER,
  workersServing,
  searchOnBothWorkers,
  startTwoWorkers,
  type Running,
} from '../support/cluster'
import { eventWhere } from '../support/sockets'

// `WEB_CONCURRENCY=2`: the compiled entry point as `npm start` runs it, a primary and two workers
// on one port, one SQLite file and a real redis-server. Which worker answered is read from the
// `X-Amicale-Worker` header (HTTP responses and the WebSocket upgrade alike).

afterAll(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')))

describe('WEB_CONCURRENCY=2: two workers behind one port', () => {
  let redis: TestRedis
  let app: Running
  let ctx: Awaited<ReturnType<typeof createAppContext>>
  const sockets: Socket[] = []

  beforeAll(async () => {
    redis = await startRedis()
    ;({ app, ctx } = await startTwoWorkers(redis.url))
  })

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect())
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM')
      await app.exit
    }
    await ctx?.bus.close()
    ctx?.database.sqlite.close()
    await redis?.stop()
  })

  it('starts two workers, each answering in turn on the one port', async () => {
    expect(workersServing(app.output()).map((w) => w.worker)).toEqual(expect.arrayContaining([1, 2]))
    const answers = await Promise.all([1, 2, 3, 4].map(() => fetch(`${app.url}/healthz`)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200])
    expect(new Set(answers.map((a) => a.headers.get(WORKER)))).toEqual(new Set(['1', '2']))
  })

  it('carries a chat message between two sockets on different workers, once, both ways', async () => {
    const owner = await createAccount(ctx, { membership: 'alumni', role: 'webmaster' })
    const other = await createAccount(ctx, { membership: 'alumni' })
    const groupId = createGroup(
      ctx,
      { id: owner.id, isWebmaster: true },
      { name: `Deux workers ${crypto.randomUUID().slice(0, 6)}`, description: 'Un port, deux processus', kind: 'interest', visibility: 'public' },
    )
    joinGroup(ctx, other.id, groupId)
    const threadId = (ctx.database.sqlite.prepare("select id from threads where group_id = ? and kind = 'chat'").get(groupId) as { id: number }).id

    const { a, b } = await socketsOnTwoWorkers(app.url, [owner.email, other.email])
    sockets.push(a.socket, b.socket)
    expect(a.worker).not.toBe(b.worker)
    expect([a.worker, b.worker].sort()).toEqual(['1', '2'])
    for (const { socket } of [a, b]) expect(await socket.timeout(3000).emitWithAck('thread:join', { threadId })).toMatchObject({ ok: true })

    for (const [from, to, author] of [
      [a, b, owner],
      [b, a, other],
    ] as const) {
      const seen: number[] = []
      to.socket.on('message:new', (m: MessageDto) => seen.push(m.id))
      const body = `Du worker ${from.worker} au worker ${to.worker} ${crypto.randomUUID()}`
      const arrival = eventWhere<MessageDto>(to.socket, 'message:new', (m) => m.body === body)
      const ack = await from.socket.timeout(3000).emitWithAck('message:send', { threadId, body })
      expect(ack).toMatchObject({ ok: true, id: expect.any(Number) })
      expect(await arrival).toMatchObject({ id: ack.id, threadId, body, author: { id: author.id } })
      await new Promise((resolve) => setTimeout(resolve, 150))
      expect(seen.filter((id) => id === ack.id)).toHaveLength(1)
      to.socket.off('message:new')
    }
  })

  it('never exceeds the capacity under a burst of registrations spread over both workers, and every watcher ends equal to the database', async () => {
    const capacity = 10
    const people = 40
    const organizer = await createAccount(ctx, { membership: 'alumni', role: 'webmaster' })
    const eventId = createTestEvent(ctx, organizer.id, { capacity, maxGuests: 2 })
    // A watcher on each worker: the counters are broadcast by whichever worker took each registration.
    const { a, b } = await socketsOnTwoWorkers(app.url, [organizer.email, organizer.email])
    sockets.push(a.socket, b.socket)
    type Counters = { eventId: number; confirmed: number; waitlist: number; version: number }
    const newest = new Map<Socket, Counters>()
    for (const { socket } of [a, b]) {
      const joined = await socket.timeout(3000).emitWithAck('event:watch', { eventId })
      expect(joined).toMatchObject({ ok: true, counters: { confirmed: 0 } })
      socket.on('event:counters', (c: Counters) => {
        if (c.eventId === eventId && c.version >= (newest.get(socket)?.version ?? -1)) newest.set(socket, c)
      })
    }

    const accounts = await Promise.all(Array.from({ length: people }, () => createAccount(ctx, { membership: 'alumni' })))
    const clients = await Promise.all(accounts.map((p) => sessionClient(ctx, app.url, p.id)))
    // Parties of one to three (guests count in the capacity), all sent at once.
    const answers = await Promise.all(clients.map((c, i) => c.post(`/evenements/${eventId}`, { intent: 'register', guests: String(i % 3) })))
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 302))
    const byWorker = new Map<string, number>()
    for (const answer of answers) byWorker.set(answer.headers.get(WORKER) ?? '?', (byWorker.get(answer.headers.get(WORKER) ?? '?') ?? 0) + 1)
    expect([...byWorker.keys()].sort()).toEqual(['1', '2'])
    expect(Math.min(...byWorker.values())).toBeGreaterThanOrEqual(people / 4)

    const rows = ctx.database.sqlite.prepare('select status, guests from event_registrations where event_id = ?').all(eventId) as {
      status: string
      guests: number
    }[]
    expect(rows).toHaveLength(people)
    const places = rows.filter((r) => r.status === 'confirmed').reduce((sum, r) => sum + 1 + r.guests, 0)
    expect(places).toBeLessThanOrEqual(capacity)
    expect(rows.filter((r) => r.status === 'confirmed').length).toBeGreaterThan(0)
    const waiting = rows.filter((r) => r.status === 'waitlisted').length
    expect(waiting).toBe(people - rows.filter((r) => r.status === 'confirmed').length)

    // The counters the database gives now: every watcher's newest snapshot must end equal to them.
    const expected = eventCounters(ctx.db, eventId)
    const deadline = Date.now() + 3000
    const settled = () => [a.socket, b.socket].every((s) => newest.get(s)?.version === expected.version)
    while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25))
    const { confirmed, waitlist, version } = expected
    expect(newest.get(a.socket)).toMatchObject({ confirmed, waitlist, version })
    expect(newest.get(b.socket)).toMatchObject({ confirmed, waitlist, version })
  })

  it('finds a profile edited through one worker by a search through either worker within 1 s', async () => {
    const account = await createAccount(ctx, { membership: 'alumni' })
    const browser = new HttpClient(app.url)
    await browser.login(account.email, TEST_PASSWORD)
    const company = `Zephyrine${crypto.randomInt(1e6, 9e6)}`
    const saved = await browser.postMultipart('/mon-compte/profil', profileForm({ company, personalPhone: '' }))
    const savedAt = Date.now()
    expect(saved.status).toBe(302)
    const editedOn = saved.headers.get(WORKER)
    expect(['1', '2']).toContain(editedOn)

    // Searches alternate between the workers: each must find the new company within the second.
    const foundAfter = await searchOnBothWorkers(browser, company, account.id, savedAt, 1000)
    expect([...foundAfter.keys()].sort()).toEqual(['1', '2'])
    for (const ms of foundAfter.values()) expect(ms).toBeLessThan(1000)
  })

  it('hands every WebSocket over whole: 40 connections in a row all connect, on both workers', async () => {
    // Node reads a socket it is sending to a worker until the worker has it, and drops what it
    // reads: the client's first frame (Socket.IO's CONNECT) was lost about once in twenty.
    const member = await createAccount(ctx, { membership: 'alumni' })
    const session = await ctx.auth.createSession(member.id, {})
    const workers = new Set<string>()
    for (let i = 0; i < 40; i++) {
      const { socket, worker } = await socketWithSession(app.url, session.id)
      workers.add(worker)
      expect(await socket.timeout(3000).emitWithAck('amicale:ping')).toMatchObject({ ok: true, userId: member.id })
      socket.disconnect()
    }
    expect([...workers].sort()).toEqual(['1', '2'])
  })

  it('starts another worker when one dies, and keeps answering meanwhile', async () => {
    sockets.forEach((s) => s.disconnect())
    const [victim] = workersServing(app.output())
    process.kill(victim.pid, 'SIGKILL')
    const deadline = Date.now() + 5000
    while (!app.output().includes('worker stopped unexpectedly') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25))
    expect(app.output()).toContain('worker stopped unexpectedly')
    // The survivor answers everything until the new one is up.
    const seen = new Set<string>()
    const until = Date.now() + 15_000
    while (!workersServing(app.output()).some((w) => w.worker === 3) && Date.now() < until) {
      const response = await fetch(`${app.url}/healthz`)
      expect(response.status).toBe(200)
      seen.add(response.headers.get(WORKER) ?? '?')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(seen.has(String(victim.worker))).toBe(false)
    const replacement = workersServing(app.output()).find((w) => w.worker === 3)
    expect(replacement).toBeDefined()
    const answers = await Promise.all([1, 2, 3, 4].map(() => fetch(`${app.url}/healthz`)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200])
    expect(new Set(answers.map((a) => a.headers.get(WORKER)))).toContain('3')
  })

  it('on SIGTERM, drains both workers, exits 0 and leaves no process behind', async () => {
    const pids = workersServing(app.output())
      .map((w) => w.pid)
      .filter(isAlive)
    expect(pids).toHaveLength(2)
    app.child.kill('SIGTERM')
    expect(await app.exit).toBe(0)
    const lines = app.output().split('\n')
    expect(lines.filter((l) => l.includes('"drained":true'))).toHaveLength(2)
    expect(lines.some((l) => l.includes('"workers":[0,0]') && l.includes('"stopped"'))).toBe(true)
    expect(pids.filter(isAlive)).toEqual([])
    expect(await portIsClosed(app.url)).toBe(true)
  })
})

describe('WEB_CONCURRENCY=2 while Redis goes away and comes back', () => {
  let redis: TestRedis
  let replacement: ChildProcess | undefined
  let app: Running
  let ctx: Awaited<ReturnType<typeof createAppContext>>

  beforeAll(async () => {
    redis = await startRedis()
    ;({ app, ctx } = await startTwoWorkers(redis.url))
  })
  afterAll(async () => {
    if (app && app.child.exitCode === null) app.child.kill('SIGKILL')
    await ctx?.bus.close()
    ctx?.database.sqlite.close()
    replacement?.kill('SIGKILL')
    await redis?.stop()
  })

  it('keeps serving pages, catches up once Redis is back (nothing lost), and still stops cleanly without it', { timeout: 60_000 }, async () => {
    const account = await createAccount(ctx, { membership: 'alumni' })
    const browser = new HttpClient(app.url)
    await browser.login(account.email, TEST_PASSWORD)
    await ctx.bus.close()
    await redis.stop()

    // Redis is gone: pages still answer, and a profile edit is saved.
    const company = `Absente${crypto.randomInt(1e6, 9e6)}`
    const saved = await browser.postMultipart('/mon-compte/profil', profileForm({ company, personalPhone: '' }))
    expect(saved.status).toBe(302)
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)

    // Redis comes back on the same port: every worker's index must end with the edit.
    const port = new URL(redis.url).port
    replacement = spawn('/usr/bin/redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    const back = Date.now()
    const found = await searchOnBothWorkers(browser, company, account.id, back, 15_000)
    expect([...found.keys()].sort()).toEqual(['1', '2'])
    expect(app.output()).toContain('Redis connection back')
    // Each worker rebuilt its index from the database: what was published meanwhile is not needed.
    expect(
      app
        .output()
        .split('\n')
        .filter((l) => l.includes('directory reindexed after a bus interruption')),
    ).toHaveLength(2)

    // Redis gone again: a stop does not wait on it.
    replacement.kill('SIGTERM')
    await new Promise((resolve) => replacement!.once('exit', resolve))
    const stopping = Date.now()
    app.child.kill('SIGTERM')
    expect(await app.exit).toBe(0)
    expect(Date.now() - stopping).toBeLessThan(8000)
    // One line when the link drops, not one per retry.
    expect(
      app
        .output()
        .split('\n')
        .filter((l) => l.includes('Redis connection lost')).length,
    ).toBeLessThan(20)
  })
})

describe('WEB_CONCURRENCY=2 refused', () => {
  it('without REDIS_URL, in one line', async () => {
    const { databasePath, dataDir } = freshDatabase()
    const { exit, output } = spawnServer({ WEB_CONCURRENCY: '2', REDIS_URL: '', DATABASE_PATH: databasePath, DATA_DIR: dataDir })
    expect(await exit).toBe(1)
    const lines = output().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Amicale ne peut pas démarrer : WEB_CONCURRENCY=2 demande REDIS_URL .* — Amicale cannot start: WEB_CONCURRENCY=2 needs REDIS_URL/)
  })

  it('with a REDIS_URL where nothing answers, in one line', async () => {
    const { databasePath, dataDir } = freshDatabase()
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo
        server.close(() => resolve(port))
      })
    })
    const { exit, output } = spawnServer({
      WEB_CONCURRENCY: '2',
      REDIS_URL: `redis://:secret@127.0.0.1:${closedPort}`,
      DATABASE_PATH: databasePath,
      DATA_DIR: dataDir,
    })
    expect(await exit).toBe(1)
    const lines = output().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`Redis ne répond pas à redis://127.0.0.1:${closedPort}`)
    expect(lines[0]).toContain('ECONNREFUSED')
    expect(lines[0]).not.toContain('secret')
  })
})

describe('npm start', () => {
  let project: string | undefined
  afterAll(() => {
    if (!project) return
    for (const pid of processesIn(project)) process.kill(pid, 'SIGKILL')
    fs.rmSync(project, { recursive: true, force: true })
  })

  it('stops the server when npm is sent SIGTERM: the port closes and no process is left', { timeout: 180_000 }, async () => {
    project = isolatedProject()
    const { databasePath, dataDir } = freshDatabase()
    const port = await freePort()
    // As someone would run it: no NODE_ENV (the script makes it production), no npm variables of an outer npm.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('npm_'))) as Record<string, string>
    const settings: Record<string, string> = {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_PATH: databasePath,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
      MAP_TILE_URL: '',
    }
    const npm = spawn('npm', ['start'], {
      cwd: project,
      env: settings as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(npm)
    let output = ''
    npm.stdout!.on('data', (chunk: Buffer) => (output += chunk))
    npm.stderr!.on('data', (chunk: Buffer) => (output += chunk))
    const exit = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)))

    const deadline = Date.now() + 150_000
    let healthy = false
    while (!healthy && Date.now() < deadline && npm.exitCode === null) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      )
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(healthy, output).toBe(true)
    // npm and the server it started (`exec`: the shell became the server).
    const running = processesIn(project)
    expect(running.length, output).toBeGreaterThanOrEqual(2)

    npm.kill('SIGTERM')
    expect(await exit).toBe(0)
    expect(output).toContain('shutting down')
    expect(await portIsClosed(`http://127.0.0.1:${port}`)).toBe(true)
    const until = Date.now() + 5000
    while (processesIn(project).length > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(processesIn(project)).toEqual([])
  })
})

describe('the bus over Redis', () => {
  let redis: TestRedis
  let a: ProcessBus
  let b: ProcessBus
  const logger = pino({ level: 'silent' })

  beforeAll(async () => {
    redis = await startRedis()
    ;[a, b] = await Promise.all([createRedisBus(redis.url, logger), createRedisBus(redis.url, logger)])
  })
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()])
    await redis?.stop()
  })

  /** What each listener of each process received. */
  function record() {
    const seen = { aAll: [] as BusEvent[], aOwn: [] as BusEvent[], bAll: [] as BusEvent[], bOwn: [] as BusEvent[] }
    const stops = [
      a.subscribe((e) => seen.aAll.push(e)),
      a.subscribeOwn((e) => seen.aOwn.push(e)),
      b.subscribe((e) => seen.bAll.push(e)),
      b.subscribeOwn((e) => seen.bOwn.push(e)),
    ]
    return { seen, stop: () => stops.forEach((s) => s()) }
  }
  const until = async (done: () => boolean, ms = 2000) => {
    const deadline = Date.now() + ms
    while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
  }

  it('delivers an event once to every process: at once where it was published, through Redis elsewhere', async () => {
    const { seen, stop } = record()
    const event: BusEvent = { type: 'profile:updated', payload: { userId: crypto.randomUUID() } }
    a.publish(event)
    // Synchronous where it was published, as with one process.
    expect(seen.aAll).toEqual([event])
    expect(seen.aOwn).toEqual([event])
    await until(() => seen.bAll.length > 0)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(seen.bAll).toEqual([event])
    expect(seen.bOwn).toEqual([])
    // Its own event does not come back to A from Redis.
    expect(seen.aAll).toHaveLength(1)
    stop()
  })

  it('ignores what is not one of its messages on the channel', async () => {
    const { seen, stop } = record()
    const intruder = createClient({ url: redis.url })
    intruder.on('error', () => {})
    await intruder.connect()
    for (const message of ['not json', '{"from":"x"}', '{"from":"x","event":{"payload":{}}}', 'null']) await intruder.publish(BUS_CHANNEL, message)
    const event: BusEvent = { type: 'access:changed', payload: { userId: crypto.randomUUID() } }
    b.publish(event)
    await until(() => seen.aAll.length > 0)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(seen.aAll).toEqual([event])
    await intruder.quit()
    stop()
  })

  it('tells its listeners to catch up when its Redis link dropped, and hears events again afterwards', async () => {
    let resyncs = 0
    const stopResync = b.onResync(() => resyncs++)
    const admin = createClient({ url: redis.url })
    admin.on('error', () => {})
    await admin.connect()
    // Every subscriber connection is cut, as a Redis restart or a network cut would.
    await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub'])
    await until(() => resyncs > 0, 5000)
    expect(resyncs).toBe(1)
    const { seen, stop } = record()
    const event: BusEvent = { type: 'membership:changed', payload: { userId: crypto.randomUUID() } }
    a.publish(event)
    await until(() => seen.bAll.length > 0)
    expect(seen.bAll).toEqual([event])
    await admin.quit()
    stop()
    stopResync()
  })
})

describe('interval jobs with several processes on one database', () => {
  const MINUTE = 60_000
  let clock = Date.parse('2026-12-02T10:00:30.000Z')
  const { databasePath } = freshDatabase()
  // Two connections to one file, as two workers have: each claim is decided by SQLite.
  const processes = [openDatabase(databasePath), openDatabase(databasePath)]
  const contexts = processes.map((database) => ({ db: database.db, now: () => new Date(clock), logger: pino({ level: 'silent' }) }) as unknown as AppContext)
  afterAll(() => processes.forEach((p) => p.sqlite.close()))
  const rows = (job: string) =>
    processes[0].sqlite.prepare('select slot, outcome, finished_at as finishedAt from job_runs where job = ? order by slot').all(job) as {
      slot: string
      outcome: string | null
      finishedAt: number | null
    }[]

  it('runs each interval once, whichever process ticks first, and records how it went', async () => {
    let runs = 0
    const jobs = contexts.map((ctx) => startIntervalJob(ctx, 'test-once', MINUTE, async () => void runs++))
    await Promise.all(jobs.map((j) => j.run()))
    expect(runs).toBe(1)
    // Same slot again: nobody runs it twice.
    await Promise.all(jobs.map((j) => j.run()))
    expect(runs).toBe(1)
    clock += MINUTE
    await Promise.all(jobs.map((j) => j.run()))
    expect(runs).toBe(2)
    expect(rows('test-once')).toEqual([
      { slot: '2026-12-02T10:00:00.000Z', outcome: 'ok', finishedAt: expect.any(Number) },
      { slot: '2026-12-02T10:01:00.000Z', outcome: 'ok', finishedAt: expect.any(Number) },
    ])
    await Promise.all(jobs.map((j) => j.stop()))
  })

  it('records a failed run with its reason, and the next interval runs again', async () => {
    let runs = 0
    const job = startIntervalJob(contexts[1], 'test-failing', MINUTE, async () => {
      runs++
      throw new Error('SMTP indisponible')
    })
    await job.run()
    clock += MINUTE
    await job.run()
    expect(runs).toBe(2)
    expect(rows('test-failing').map((r) => r.outcome)).toEqual(['SMTP indisponible', 'SMTP indisponible'])
    await job.stop()
  })

  it('keeps a day of claims per job', async () => {
    const job = startIntervalJob(contexts[0], 'test-pruned', MINUTE, async () => {})
    await job.run()
    clock += 25 * 60 * MINUTE
    await job.run()
    expect(rows('test-pruned')).toHaveLength(1)
    // Another job's claims are not its to prune.
    expect(rows('test-once')).toHaveLength(2)
    await job.stop()
  })
})
