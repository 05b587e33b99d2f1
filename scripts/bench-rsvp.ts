/**
 * RSVP burst benchmark: N members register at once for an event of C places while W organizer
 * dashboards watch its counters over Socket.IO, through the real app (`build/server/index.js` in a
 * child process, as `npm start` runs it: the socket or Express and the Remix action, the batcher's
 * group commits, the bus, the 100 ms batched broadcast). JSON lines on stdout; progress on stderr.
 *
 *   npm run bench:rsvp
 *   BENCH_REGISTRATIONS=1000 BENCH_CAPACITY=100 BENCH_WATCHERS=200 npx tsx scripts/bench-rsvp.ts
 *
 * Three runs, one JSON line each, on a fresh database and server every time (BENCH_MODES picks):
 * `socket` — the page's way with JavaScript: N members' sockets are open (session cookie,
 * same origin), then all emit `event:register` in the same instant; latency is from the emit to
 * its ack. `burst` — the form without JavaScript: N real POSTs of the event page's form at once
 * (the latency of the last is the time to serve them all). `paced` — the same POSTs at BENCH_RATE
 * per second (open loop, as people clicking over a few seconds). With WEB_CONCURRENCY=2 the app
 * runs two processes on a throwaway redis-server (Debian's) unless REDIS_URL is given. When the last response is in, the database is read directly (the truth), then the
 * bench waits until every watcher's latest counters (highest version) equal it: `converged_ms` is
 * that wait after the last response, `converged_after_start_ms` the same from the first send.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { io, type Socket } from 'socket.io-client'
import { childCpuSeconds, sleep } from './bench-children'
import { appEnv, positiveSetting } from './bench-seed'
import { startRedis } from '../tests/support/redis'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const setting = (name: string, fallback: number) => positiveSetting(name, fallback, { integer: true })
const REGISTRATIONS = setting('BENCH_REGISTRATIONS', 1000)
const CAPACITY = setting('BENCH_CAPACITY', 100)
const WATCHERS = setting('BENCH_WATCHERS', 200)
const RATE = setting('BENCH_RATE', 100)
const log = (message: string) => process.stderr.write(`[bench:rsvp] ${message}\n`)
const now = () => performance.now()
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}
const round = (v: number) => Math.round(v * 10) / 10

interface Counters {
  confirmed: number
  held: number
  waitlist: number
  version: number
}

async function seed(file: string) {
  const { migrateDatabase, openDatabase, schema } = await import('../db/client')
  const database = openDatabase(file)
  migrateDatabase(database)
  const created = new Date()
  // 30 days, like a real session: lucia extends a session at each request once half of it is gone.
  const expiresAt = Math.floor(Date.now() / 1000) + 30 * 86_400
  const organizer = { id: crypto.randomUUID(), sessionIds: Array.from({ length: WATCHERS }, () => crypto.randomBytes(20).toString('hex')) }
  const members = Array.from({ length: REGISTRATIONS }, (_, i) => ({ id: crypto.randomUUID(), sessionId: crypto.randomBytes(20).toString('hex'), i }))
  const eventId = database.db.transaction((tx) => {
    tx.insert(schema.users)
      .values({
        id: organizer.id,
        email: 'organisateur@bench.example',
        passwordHash: 'not-used',
        firstName: 'Claire',
        lastName: 'Organisatrice',
        role: 'webmaster',
        createdAt: created,
      })
      .run()
    for (const sessionId of organizer.sessionIds) tx.insert(schema.sessions).values({ id: sessionId, userId: organizer.id, expiresAt }).run()
    for (const m of members) {
      tx.insert(schema.users)
        .values({
          id: m.id,
          email: `membre-${m.i}@bench.example`,
          passwordHash: 'not-used',
          firstName: `Camille${m.i}`,
          lastName: 'Martin',
          createdAt: created,
        })
        .run()
      tx.insert(schema.memberships).values({ userId: m.id, kind: 'alumni', status: 'active', activatedAt: created }).run()
      tx.insert(schema.sessions).values({ id: m.sessionId, userId: m.id, expiresAt }).run()
    }
    const startsAt = new Date(Date.now() + 7 * 86400_000)
    return tx
      .insert(schema.events)
      .values({
        title: 'Gala du banc d’essai',
        description: 'Un événement très demandé.',
        organizerId: organizer.id,
        audience: 'members',
        venue: 'Salle des fêtes',
        address: '1 place Bellecour',
        city: 'Lyon',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 4 * 3600_000),
        capacity: CAPACITY,
        createdAt: created,
        updatedAt: created,
      })
      .returning({ id: schema.events.id })
      .get().id
  })
  database.sqlite.close()
  return {
    eventId,
    watcherCookies: organizer.sessionIds.map((s) => `amicale_session=${s}`),
    memberCookies: members.map((m) => `amicale_session=${m.sessionId}`),
  }
}

const WEB_CONCURRENCY = process.env.WEB_CONCURRENCY ?? '1'

function startApp(dir: string, redisUrl: string | null) {
  const env = appEnv(dir, {
    SEED_DEMO: 'false',
    WEB_CONCURRENCY,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  })
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
  // The compiled server, as `npm start` runs it (`npm run bench:rsvp` builds first).
  if (!fs.existsSync(path.join(root, 'build/server/index.js'))) throw new Error('build/server/index.js is missing: run `npm run build` first')
  const child = spawn(process.execPath, [...profile, 'build/server/index.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  readline.createInterface({ input: child.stderr! }).on('line', (line) => log(`app stderr: ${line}`))
  const url = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`app exited (${code}) before listening`)))
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string; level?: number }
        if (entry.msg === 'Amicale is listening' && entry.url) resolve(`http://127.0.0.1:${new URL(entry.url).port}`)
        else if ((entry.level ?? 0) >= 40) log(`app: ${line}`)
      } catch {
        /* not a log line */
      }
    })
  })
  return { child, url }
}

/** CPU seconds of the app and its worker processes (WEB_CONCURRENCY), from /proc. */
function cpuSeconds(pid: number | undefined): number | null {
  const own = childCpuSeconds(pid)
  if (own === null) return null
  let children: string[] = []
  try {
    children = fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean))
  } catch {
    /* no children file: the process alone */
  }
  return children.reduce((sum, child) => sum + (cpuSeconds(Number(child)) ?? 0), own)
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))])
}

type Mode = 'socket' | 'burst' | 'paced'

/** Opens the members' sockets before the measure, a hundred handshakes at a time. */
async function memberSockets(url: string, cookies: string[], sockets: Socket[]) {
  const opened: Socket[] = []
  for (let i = 0; i < cookies.length; i += 100) {
    opened.push(
      ...(await Promise.all(
        cookies.slice(i, i + 100).map(
          (cookie) =>
            new Promise<Socket>((resolve, reject) => {
              const socket = io(url, { transports: ['websocket'], extraHeaders: { origin: url, cookie }, reconnection: false, forceNew: true })
              sockets.push(socket)
              socket.once('connect_error', reject)
              socket.once('connect', () => resolve(socket))
            }),
        ),
      )),
    )
  }
  return opened
}

async function run(mode: Mode, redisUrl: string | null) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-bench-rsvp-'))
  const seeded = await seed(path.join(dir, 'amicale.db'))
  const app = startApp(dir, redisUrl)
  const sockets: Socket[] = []
  try {
    const url = await app.url
    log(`app up at ${url}; ${REGISTRATIONS} members, ${CAPACITY} places, ${WATCHERS} dashboards`)
    // The dashboards: organizer sockets in the event's organizers room, each keeping the newest counters.
    const latest: Counters[] = []
    await Promise.all(
      seeded.watcherCookies.map(
        (cookie, i) =>
          new Promise<void>((resolve, reject) => {
            const socket = io(url, { transports: ['websocket'], extraHeaders: { origin: url, cookie }, reconnection: false, forceNew: true })
            sockets.push(socket)
            socket.on('event:feed', ({ counters }: { counters: Counters }) => {
              if (counters.version >= latest[i].version) latest[i] = counters
            })
            socket.once('connect_error', reject)
            socket.once('connect', () =>
              socket.emit('event:manage', { eventId: seeded.eventId }, (answer: { ok: boolean; counters: Counters }) => {
                if (!answer.ok) return reject(new Error('event:manage refused'))
                latest[i] ??= answer.counters
                resolve()
              }),
            )
          }),
      ),
    )
    log(`${WATCHERS} dashboards watching; warming up`)
    // A few unmeasured requests so that the first measured ones do not pay for a cold JIT.
    // Node's fetch opens as many connections as there are requests in flight (no pool limit).
    for (let i = 0; i < 20; i++) await (await fetch(`${url}/evenements/${seeded.eventId}`)).arrayBuffer()
    const registering = mode === 'socket' ? await memberSockets(url, seeded.memberCookies, sockets) : []
    if (mode === 'socket') log(`${registering.length} members' sockets open`)

    const cpuBefore = cpuSeconds(app.child.pid)
    const started = now()
    const latencies: number[] = []
    const statuses = new Map<number | string, number>()
    let lastResponseAt = 0
    const count = (key: number | string) => statuses.set(key, (statuses.get(key) ?? 0) + 1)
    if (mode === 'socket')
      await Promise.all(
        registering.map(async (socket) => {
          const sent = now()
          const answer = (await socket.timeout(60_000).emitWithAck('event:register', { eventId: seeded.eventId, guests: 0, showName: true })) as {
            ok: boolean
            status?: string
            error?: string
          }
          const at = now()
          latencies.push(at - sent)
          lastResponseAt = Math.max(lastResponseAt, at)
          count(answer.ok ? answer.status! : `refused:${answer.error}`)
        }),
      )
    else
      await Promise.all(
        seeded.memberCookies.map(async (cookie, i) => {
          if (mode === 'paced') await sleep(started + (i * 1000) / RATE - now())
          const sent = now()
          const response = await fetch(`${url}/evenements/${seeded.eventId}`, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ intent: 'register', guests: '0', showName: 'on' }).toString(),
          })
          await response.arrayBuffer()
          const at = now()
          latencies.push(at - sent)
          lastResponseAt = Math.max(lastResponseAt, at)
          count(response.status)
        }),
      )
    const burstMs = lastResponseAt - started

    // The truth, read from the database the app wrote.
    const { openDatabase } = await import('../db/client')
    const { eventCounters } = await import('../app/features/events/event-registrations.server')
    const database = openDatabase(path.join(dir, 'amicale.db'))
    const truth = eventCounters(database.db, seeded.eventId)
    database.sqlite.close()
    const same = (c: Counters) => c.confirmed === truth.confirmed && c.waitlist === truth.waitlist && c.held === truth.held && c.version === truth.version
    let convergedAt: number | null = null
    const deadline = now() + 10_000
    while (now() < deadline) {
      if (latest.every(same)) {
        convergedAt = now()
        break
      }
      await sleep(5)
    }
    const cpuAfter = cpuSeconds(app.child.pid)
    const result = {
      bench: 'rsvp',
      mode,
      transport: mode === 'socket' ? 'socket' : 'http',
      web_concurrency: Number(WEB_CONCURRENCY),
      rate_per_s: mode === 'paced' ? RATE : null,
      registrations: REGISTRATIONS,
      capacity: CAPACITY,
      watchers: WATCHERS,
      confirmed: truth.confirmed,
      waitlisted: truth.waitlist,
      exact: truth.confirmed === Math.min(CAPACITY, REGISTRATIONS) && truth.confirmed + truth.waitlist === REGISTRATIONS,
      answers: Object.fromEntries(statuses),
      burst_ms: round(burstMs),
      registrations_per_s: Math.round((REGISTRATIONS / burstMs) * 1000),
      p50_ms: round(percentile(latencies, 50)),
      p99_ms: round(percentile(latencies, 99)),
      max_ms: round(Math.max(...latencies)),
      watchers_right: latest.filter(same).length,
      converged_ms: convergedAt === null ? null : round(convergedAt - lastResponseAt),
      converged_after_start_ms: convergedAt === null ? null : round(convergedAt - started),
      server_cpu_pct: cpuBefore !== null && cpuAfter !== null ? Math.round(((cpuAfter - cpuBefore) / ((now() - started) / 1000)) * 100) : null,
      loadavg_1m: round(os.loadavg()[0]),
    }
    process.stdout.write(JSON.stringify(result) + '\n')
  } finally {
    for (const socket of sockets) socket.disconnect()
    await stop(app.child)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function main() {
  const modes = (process.env.BENCH_MODES ?? 'socket,burst,paced').split(',').filter((m): m is Mode => ['socket', 'burst', 'paced'].includes(m))
  let redis: { url: string; stop(): Promise<void> } | null = null
  if (Number(WEB_CONCURRENCY) > 1 && !process.env.REDIS_URL) redis = await startRedis()
  try {
    for (const mode of modes) await run(mode, process.env.REDIS_URL ?? redis?.url ?? null)
  } finally {
    await redis?.stop()
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})
