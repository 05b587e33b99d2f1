/**
 * Real-time fan-out benchmark: N members reading one group's chat while senders post M messages at
 * a fixed rate, through the real app (socket.io handshake with a session cookie, `message:send`
 * stored in SQLite, then the bus, then the room broadcast), and the same fan-out over a bare `ws`
 * server as the baseline. Prints one JSON line per (transport, readers) on stdout; progress on stderr.
 *
 *   npm run bench:realtime
 *   BENCH_READERS=100,1000 BENCH_MESSAGES=200 BENCH_RATE=20 npx tsx scripts/bench-realtime.ts
 *
 * Processes: the server under test (the app's own entry point, `server/index.ts`, or the bare ws
 * server) runs in a child process; every client (readers and senders) runs in this process. On two
 * cores that gives the server one core and the clients the other, and the latency is measured on a
 * single clock: the send time is written in the message body, the receipt time read on arrival.
 *
 * Members, group, chat thread and lucia sessions are written straight into a fresh SQLite file (no
 * password hashing), readers connect 50 at a time and join the chat, then 20 unmeasured warm-up
 * messages go out before the M measured ones. Senders take turns so that none nears the per-member
 * rate limit; an ack that is not ok counts in `send_failed`. Throughput is deliveries per second
 * from the first measured send to the last delivery. `server_cpu_pct` and `client_cpu_pct` cover the
 * same window (100 = one core); `loadavg_1m` tells how busy a shared machine was.
 *
 * Settings: BENCH_READERS (100,1000), BENCH_MESSAGES (200), BENCH_RATE (20 per second),
 * BENCH_WARMUP (20), BENCH_CONNECT_BATCH (50), BENCH_TIMEOUT_S (240, for the whole run).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchChildren, childCpuSeconds, ownCpuSeconds, sleep, withTimeout } from './bench-children'
import { appEnv, insertChatGroup } from './bench-seed'
import { io, type Socket } from 'socket.io-client'
import type * as SocketIoParser from 'socket.io-parser'
import type * as WsTypes from 'ws'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const thisFile = fileURLToPath(import.meta.url)

// The top-level `ws` in node_modules is an old 7.x pulled in by @remix-run/dev; load the very `ws`
// that socket.io's engine.io runs on, so the baseline uses the same WebSocket implementation.
const requireHere = createRequire(import.meta.url)
const ws = createRequire(requireHere.resolve('engine.io'))('ws') as typeof WsTypes

// Readers decode every packet as a browser would, except the presence lists (a few kB to ~70 kB
// each at 1,000 members, sent to the whole room at every join) that the benchmark never reads: a
// thousand browsers parse them on a thousand CPUs, here they would all land on one core and make
// the client, not the server, the bottleneck. The server still builds and sends every one of them.
// BENCH_DECODE_PRESENCE=1 decodes them too.
let presenceBytes = 0
const parser = createRequire(requireHere.resolve('socket.io-client'))('socket.io-parser') as typeof SocketIoParser
class ReaderDecoder extends parser.Decoder {
  override add(chunk: unknown) {
    if (typeof chunk === 'string' && chunk.startsWith('2["presence",')) {
      presenceBytes += chunk.length
      this.emitReserved('decoded', { type: parser.PacketType.EVENT, nsp: '/', data: ['presence'] })
      return
    }
    super.add(chunk)
  }
}
const readerParser = process.env.BENCH_DECODE_PRESENCE === '1' ? undefined : { Encoder: parser.Encoder, Decoder: ReaderDecoder }

const now = () => performance.timeOrigin + performance.now()
const log = (...parts: unknown[]) => process.stderr.write(`[bench-realtime] ${parts.join(' ')}\n`)

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------
interface Settings {
  readers: number[]
  messages: number
  rate: number
  warmup: number
  batch: number
  timeoutS: number
}

function settings(): Settings {
  const int = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback)
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
    return value
  }
  const readers = (process.env.BENCH_READERS ?? '100,1000').split(',').map((v) => Number(v.trim()))
  if (readers.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('BENCH_READERS: a comma-separated list of positive integers')
  return {
    readers,
    messages: Math.floor(int('BENCH_MESSAGES', 200)),
    rate: int('BENCH_RATE', 20),
    warmup: Math.floor(Number(process.env.BENCH_WARMUP ?? 20)),
    batch: Math.floor(int('BENCH_CONNECT_BATCH', 50)),
    timeoutS: int('BENCH_TIMEOUT_S', 240),
  }
}

const { tempDirs, cleanUp, abort, startChild, stopChild } = benchChildren(root, log)

// ---------------------------------------------------------------------------------------------
// Measurement shared by both transports
// ---------------------------------------------------------------------------------------------
const FILLER = ' Rendez-vous jeudi à 19 h au café de la gare pour le pot des anciens, venez nombreux !'
const bodyFor = (seq: number) => `#${seq} t=${now().toFixed(3)}${FILLER}`
const BODY_PATTERN = /^#(\d+) t=([\d.]+)/

class Tally {
  readonly latencies: number[] = []
  readonly seen: Uint8Array
  delivered = 0
  duplicates = 0
  malformed = 0
  firstSendAt = 0
  lastDeliveryAt = 0

  constructor(
    readonly readers: number,
    readonly messages: number,
  ) {
    this.seen = new Uint8Array(readers * messages)
  }

  receive(reader: number, body: string) {
    const at = now()
    const match = BODY_PATTERN.exec(body)
    const seq = match ? Number(match[1]) : -1
    if (!match || seq >= this.messages) {
      if (!body.startsWith('échauffement')) this.malformed++
      return
    }
    const slot = reader * this.messages + seq
    if (this.seen[slot]) {
      this.duplicates++
      return
    }
    this.seen[slot] = 1
    this.delivered++
    this.lastDeliveryAt = at
    this.latencies.push(at - Number(match[2]))
  }

  get expected() {
    return this.readers * this.messages
  }
}

/**
 * A short warm-up at the same rate, not counted (readers ignore bodies without `#<seq>`), so a
 * server that has just started (cold JIT, first queries prepared) is not what the figures show.
 */
async function warmUp(count: number, rate: number, send: (seq: number, body: string) => Promise<string | null>) {
  const pending: Promise<unknown>[] = []
  for (let i = 0; i < count; i++) {
    pending.push(send(i, `échauffement ${i}${FILLER}`).catch(() => 'failed'))
    await sleep(1000 / rate)
  }
  const failed = (await Promise.all(pending)).filter(Boolean).length
  if (failed) log(`warm-up: ${failed} of ${count} sends failed`)
  await sleep(500)
}

/** Sends `messages` at a fixed rate (open loop: a slow ack never delays the next send). */
async function sendAtRate(tally: Tally, rate: number, send: (seq: number, body: string) => Promise<string | null>) {
  const failures = new Map<string, number>()
  const ackTimes: number[] = []
  const pending: Promise<void>[] = []
  const interval = 1000 / rate
  const start = now()
  tally.firstSendAt = start
  for (let seq = 0; seq < tally.messages; seq++) {
    const wait = start + seq * interval - now()
    if (wait > 1) await sleep(wait)
    const sentAt = now()
    pending.push(
      send(seq, bodyFor(seq)).then(
        (error) => {
          if (error) failures.set(error, (failures.get(error) ?? 0) + 1)
          else ackTimes.push(now() - sentAt)
        },
        (error: Error) => {
          const reason = error.message.includes('timed out') || error.message.includes('timeout') ? 'ackTimeout' : error.message
          failures.set(reason, (failures.get(reason) ?? 0) + 1)
        },
      ),
    )
  }
  const sendingS = (now() - start) / 1000
  await Promise.all(pending)
  return { failures, ackTimes, sendingS }
}

/** Waits until every expected delivery arrived, or nothing new came for `idleMs`. */
async function drain(tally: Tally, idleMs = 5000) {
  let last = tally.delivered
  let lastChange = now()
  while (tally.delivered < tally.expected) {
    await sleep(50)
    if (tally.delivered !== last) {
      last = tally.delivered
      lastChange = now()
    } else if (now() - lastChange > idleMs) {
      log(`drain: nothing new for ${idleMs / 1000} s, ${tally.expected - tally.delivered} deliveries missing`)
      return
    }
  }
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN)
const round = (v: number, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null)

function report(transport: string, rate: number, tally: Tally, sent: Awaited<ReturnType<typeof sendAtRate>>, extra: Record<string, unknown>) {
  const sorted = [...tally.latencies].sort((a, b) => a - b)
  const windowS = tally.lastDeliveryAt > tally.firstSendAt ? (tally.lastDeliveryAt - tally.firstSendAt) / 1000 : NaN
  const failed = [...sent.failures.values()].reduce((a, b) => a + b, 0)
  const acks = [...sent.ackTimes].sort((a, b) => a - b)
  const line = {
    bench: 'realtime',
    transport,
    readers: tally.readers,
    messages: tally.messages,
    rate_per_s: rate,
    delivered: tally.delivered,
    expected: tally.expected,
    p50_ms: round(percentile(sorted, 50)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? NaN),
    throughput_msgs_per_s: round(tally.delivered / windowS, 0),
    send_failed: failed,
    ...extra,
    // The machine may be shared: how busy it was, whatever we did, during this measurement.
    loadavg_1m: round(os.loadavg()[0]),
  }
  process.stdout.write(`${JSON.stringify(line)}\n`)
  log(
    `${transport} N=${tally.readers}: sending window ${sent.sendingS.toFixed(2)} s, ack p50 ${round(percentile(acks, 50))} ms p99 ${round(percentile(acks, 99))} ms` +
      (failed ? `, failures ${JSON.stringify(Object.fromEntries(sent.failures))}` : '') +
      (tally.duplicates ? `, duplicates ${tally.duplicates}` : '') +
      (tally.malformed ? `, malformed ${tally.malformed}` : ''),
  )
}

/** Opens `count` connections `batch` at a time (no accept storm); each batch must finish in 30 s. */
async function ramp<T>(count: number, batch: number, open: (i: number) => Promise<T>, what: string): Promise<T[]> {
  const all: T[] = []
  const started = now()
  for (let from = 0; from < count; from += batch) {
    const ids = Array.from({ length: Math.min(batch, count - from) }, (_, k) => from + k)
    all.push(...(await withTimeout(Promise.all(ids.map(open)), 30_000, `${what} ${from}–${from + ids.length - 1}`)))
    const done = from + ids.length
    if (count >= 200 && (done % 100 === 0 || done === count)) log(`${what}: ${done}/${count} after ${((now() - started) / 1000).toFixed(1)} s`)
  }
  return all
}

// ---------------------------------------------------------------------------------------------
// The app: members, group and sessions written straight into a fresh SQLite file
// ---------------------------------------------------------------------------------------------
async function seedApp(file: string, readers: number, senders: number) {
  const { migrateDatabase, openDatabase, schema } = await import('../db/client')
  const database = openDatabase(file)
  migrateDatabase(database)
  const created = new Date()
  const expiresAt = Math.floor(Date.now() / 1000) + 365 * 86_400 // lucia: seconds
  const people = Array.from({ length: readers + senders }, (_, i) => ({
    id: crypto.randomUUID(),
    sessionId: crypto.randomBytes(20).toString('hex'),
    i,
  }))
  const result = database.db.transaction((tx) => {
    const { groupId, threadId } = insertChatGroup(tx, 'Banc d’essai temps réel', 'Groupe du benchmark', created)
    for (const p of people) {
      tx.insert(schema.users)
        .values({
          id: p.id,
          email: `membre-${p.i}@bench.example`,
          passwordHash: 'not-used',
          firstName: `Camille${p.i}`,
          lastName: 'Lefebvre',
          createdAt: created,
        })
        .run()
      tx.insert(schema.memberships).values({ userId: p.id, kind: 'alumni', status: 'active', activatedAt: created }).run()
      tx.insert(schema.sessions).values({ id: p.sessionId, userId: p.id, expiresAt }).run()
      tx.insert(schema.groupMembers).values({ groupId, userId: p.id, role: 'member', status: 'active', joinedAt: created }).run()
    }
    return { threadId }
  })
  database.sqlite.close()
  const cookies = people.map((p) => `amicale_session=${p.sessionId}`)
  return { threadId: result.threadId, readerCookies: cookies.slice(0, readers), senderCookies: cookies.slice(readers) }
}

async function benchApp(readers: number, s: Settings) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-bench-realtime-'))
  tempDirs.add(dir)
  const { messageRate } = await import('../app/features/groups/discussions.server')
  // Each sender posts at most half its allowance per window, so the rate limit is never what we measure.
  const perSender = Math.max(1, Math.floor(messageRate.limit / 2))
  const senderCount = Math.max(1, Math.ceil((s.rate * messageRate.windowMs) / 1000 / perSender))
  const seeded = await seedApp(path.join(dir, 'amicale.db'), readers, senderCount)

  const env = appEnv(dir, {
    SEED_DEMO: 'false',
  })
  const { child, url: logged } = startChild(['--import', 'tsx', 'server/index.ts'], env, 'Amicale is listening', 'app')
  // The app logs http://localhost:<port> but listens on 127.0.0.1 only: connect there, same origin.
  const url = `http://127.0.0.1:${new URL(await logged).port}`
  log(`app server up at ${url} (pid ${child.pid}), ${readers} readers, ${senderCount} senders`)

  const sockets: Socket[] = []
  const tally = new Tally(readers, s.messages)
  let presence = 0
  let lastPresenceAt = 0
  const connect = (cookie: string, reader: boolean) =>
    new Promise<Socket>((resolve, reject) => {
      const options = { transports: ['websocket'], extraHeaders: { origin: url, cookie }, reconnection: false, forceNew: true }
      const socket = io(url, reader && readerParser ? { ...options, parser: readerParser } : options)
      sockets.push(socket)
      socket.once('connect', () => resolve(socket))
      socket.once('connect_error', (error) => reject(new Error(`socket.io connect: ${error.message}`)))
    })
  try {
    const connectStart = now()
    await ramp(
      readers,
      s.batch,
      async (i) => {
        const socket = await connect(seeded.readerCookies[i], true)
        socket.on('message:new', (message: { body: string }) => tally.receive(i, message.body))
        socket.on('presence', () => {
          presence++
          lastPresenceAt = now()
        })
        const joined = (await socket.timeout(30_000).emitWithAck('thread:join', { threadId: seeded.threadId })) as { ok: boolean; error?: string }
        if (!joined.ok) throw new Error(`thread:join refused: ${joined.error}`)
      },
      'app readers',
    )
    const senders = await ramp(senderCount, s.batch, (i) => connect(seeded.senderCookies[i], false), 'app senders')
    const connectS = (now() - connectStart) / 1000
    log(`app: ${readers} readers joined in ${connectS.toFixed(1)} s`)
    // Every join announces the room's presence to the room: let that settle before measuring.
    await withTimeout(
      (async () => {
        while (now() - lastPresenceAt < 1000) await sleep(100)
      })(),
      90_000,
      'presence announcements to settle after the joins',
    )
    // …and the server itself to answer promptly again (its socket writes may still be queued).
    const probe = senders[0]
    for (let fast = 0, tries = 0; fast < 3 && tries < 200; tries++) {
      const started = now()
      await probe.timeout(30_000).emitWithAck('amicale:ping')
      fast = now() - started < 20 ? fast + 1 : 0
      await sleep(100)
    }
    const settleS = (now() - connectStart) / 1000 - connectS
    const presenceNote = readerParser ? `, ${(presenceBytes / 1e6).toFixed(0)} MB of presence lists` : ''
    log(`app: quiet after ${settleS.toFixed(1)} s more (${presence} presence events received${presenceNote})`)
    presenceBytes = 0

    let turn = 0
    const send = async (_seq: number, body: string) => {
      // Senders take turns, warm-up included, so none nears the per-member rate limit.
      const sender = senders[turn++ % senders.length]
      const answer = (await sender.timeout(15_000).emitWithAck('message:send', { threadId: seeded.threadId, body })) as { ok: boolean; error?: string }
      return answer.ok ? null : (answer.error ?? 'notOk')
    }
    await warmUp(s.warmup, s.rate, send)
    const serverCpu0 = childCpuSeconds(child.pid)
    const ownCpu0 = ownCpuSeconds()
    const sent = await sendAtRate(tally, s.rate, send)
    await withTimeout(drain(tally), 60_000, 'app deliveries to drain')
    const windowS = (Math.max(tally.lastDeliveryAt, now()) - tally.firstSendAt) / 1000
    const serverCpu1 = childCpuSeconds(child.pid)
    const cpu = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round(((b - a) / windowS) * 100))
    report('socket.io-app', s.rate, tally, sent, {
      connect_s: round(connectS, 1),
      server_cpu_pct: cpu(serverCpu0, serverCpu1),
      client_cpu_pct: cpu(ownCpu0, ownCpuSeconds()),
    })
  } finally {
    // Server first: members leaving one by one would each set off a presence announcement.
    await stopChild(child)
    for (const socket of sockets) socket.close()
    fs.rmSync(dir, { recursive: true, force: true })
    tempDirs.delete(dir)
  }
}

// ---------------------------------------------------------------------------------------------
// The baseline: bare ws fan-out
// ---------------------------------------------------------------------------------------------
async function benchWs(readers: number, s: Settings) {
  const { child, url: logged } = startChild(['--import', 'tsx', thisFile], { ...process.env, BENCH_ROLE: 'ws-server' }, 'ws baseline listening', 'ws')
  const base = (await logged).replace(/^http/, 'ws')
  log(`ws server up at ${base} (pid ${child.pid}), ${readers} readers`)
  const sockets: WsTypes.WebSocket[] = []
  const tally = new Tally(readers, s.messages)
  const open = (pathname: string) =>
    new Promise<WsTypes.WebSocket>((resolve, reject) => {
      const socket = new ws.WebSocket(base + pathname)
      sockets.push(socket)
      socket.once('open', () => resolve(socket))
      socket.once('error', reject)
    })
  try {
    const connectStart = now()
    await ramp(
      readers,
      s.batch,
      async (i) => {
        const socket = await open('/read')
        socket.on('message', (data) => tally.receive(i, data.toString()))
      },
      'ws readers',
    )
    const sender = await open('/send')
    const connectS = (now() - connectStart) / 1000
    // The ws server acknowledges in order, so acks are matched first in, first out.
    const waiting: Array<(answer: string) => void> = []
    sender.on('message', (data) => waiting.shift()?.(data.toString()))
    const send = (_seq: number, body: string) =>
      withTimeout(
        new Promise<string | null>((resolve) => {
          waiting.push((answer) => resolve(answer === 'ok' ? null : answer))
          sender.send(body)
        }),
        15_000,
        'ws ack',
      )
    await warmUp(s.warmup, s.rate, send)
    const serverCpu0 = childCpuSeconds(child.pid)
    const ownCpu0 = ownCpuSeconds()
    const sent = await sendAtRate(tally, s.rate, send)
    await withTimeout(drain(tally), 60_000, 'ws deliveries to drain')
    const windowS = (Math.max(tally.lastDeliveryAt, now()) - tally.firstSendAt) / 1000
    const cpu = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round(((b - a) / windowS) * 100))
    report('ws', s.rate, tally, sent, {
      connect_s: round(connectS, 1),
      server_cpu_pct: cpu(serverCpu0, childCpuSeconds(child.pid)),
      client_cpu_pct: cpu(ownCpu0, ownCpuSeconds()),
    })
  } finally {
    await stopChild(child)
    for (const socket of sockets) socket.terminate()
  }
}

async function main() {
  const s = settings()
  process.on('exit', cleanUp)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping`)
      void abort(130)
    })
  }
  const watchdog = setTimeout(() => {
    log(`error: the whole benchmark took longer than ${s.timeoutS} s (BENCH_TIMEOUT_S); stopping`)
    void abort(1)
  }, s.timeoutS * 1000)
  watchdog.unref()
  if (!fs.existsSync(path.join(root, 'build/index.js'))) throw new Error('build/index.js is missing: run `npx remix build` first')
  try {
    for (const readers of s.readers) {
      for (const [transport, run] of [
        ['socket.io-app', benchApp],
        ['ws', benchWs],
      ] as const) {
        try {
          await run(readers, s)
        } catch (error) {
          // One failed configuration is reported as such; the others still run.
          log(`error (${transport}, ${readers} readers): ${(error as Error).stack ?? error}`)
          process.stdout.write(
            `${JSON.stringify({ bench: 'realtime', transport, readers, messages: s.messages, rate_per_s: s.rate, error: (error as Error).message })}\n`,
          )
          process.exitCode = 1
        }
      }
    }
  } finally {
    clearTimeout(watchdog)
    cleanUp()
  }
  // Sockets that are still closing must not keep the process up.
  process.exit(process.exitCode ?? 0)
}

// ---------------------------------------------------------------------------------------------
// Child role: the bare ws server (baseline). Readers connect to /read, senders to /send; every
// message a sender sends is written to every reader, then acknowledged to the sender.
// ---------------------------------------------------------------------------------------------
function runWsServer() {
  const server = new ws.WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 })
  const readers = new Set<WsTypes.WebSocket>()
  server.on('connection', (socket, req) => {
    if (req.url === '/read') {
      readers.add(socket)
      socket.on('close', () => readers.delete(socket))
      return
    }
    socket.on('message', (data, isBinary) => {
      for (const reader of readers) reader.send(data, { binary: isBinary })
      socket.send('ok')
    })
  })
  server.on('listening', () => {
    const { port } = server.address() as { port: number }
    process.stdout.write(`${JSON.stringify({ msg: 'ws baseline listening', url: `http://127.0.0.1:${port}` })}\n`)
  })
  process.on('SIGTERM', () => {
    for (const client of server.clients) client.terminate()
    server.close(() => process.exit(0))
  })
}

if (process.env.BENCH_ROLE === 'ws-server') runWsServer()
else await main()
