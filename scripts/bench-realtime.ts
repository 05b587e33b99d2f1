/**
 * Real-time fan-out benchmark: N members reading one group's chat while messages are posted at a
 * fixed rate, through the real app (socket.io handshake with a session cookie, `message:send`
 * stored in SQLite, then the bus, then the room broadcast), and the same fan-out over a bare `ws`
 * server as the baseline. JSON lines on stdout; progress on stderr.
 *
 *   npm run bench:realtime
 *   BENCH_READERS=100,1000 BENCH_MESSAGES=200 BENCH_RATE=20 npx tsx scripts/bench-realtime.ts
 *   BENCH_RAMP=1 npx tsx scripts/bench-realtime.ts            # the rate ramp instead (build first)
 *
 * Processes: the server under test (the app's own entry point, `server/index.ts`, or the bare ws
 * server) runs in a child process; every client (readers and senders) runs in this process. On two
 * cores that gives the server one core and the clients the other, and the latency is measured on a
 * single clock: the send time is written in the message body, the receipt time read on arrival.
 * The load generator shares the machine with the server: `client_cpu_pct` says how busy it was
 * (near 100, the figures are the clients' limit as much as the server's).
 *
 * Members, group, chat thread and lucia sessions are written straight into a fresh SQLite file (no
 * password hashing), readers connect 50 at a time and join the chat, then 20 unmeasured warm-up
 * messages go out before the measured ones. Sends are open loop (a slow ack never delays the next
 * one); an ack that is not ok counts in `send_failed`. Throughput is deliveries per second from the
 * first measured send to the last delivery. `server_cpu_pct` and `client_cpu_pct` cover the same
 * window (100 = one core); `other_cpu_pct` is what every other process on the machine used then,
 * `steal_pct` what the hypervisor gave other machines, `loadavg_1m` how busy a shared machine was.
 * Before each measurement the bench waits (BENCH_IDLE_WAIT_S, 60 s at most) until other processes
 * and steal take less than 15 % of a core (BENCH_WAIT_IDLE=0: it does not wait).
 *
 * Fixed rate (the default): for each N of BENCH_READERS (100,1000) and each transport, BENCH_MESSAGES
 * (200) at BENCH_RATE (20 per second), one JSON line each. The app's readers are socket.io-client
 * sockets, and its messages come from separate sender members, in the group but not in the chat,
 * taking turns so that none posts more than half the per-member rate limit (10 per 10 s): 40 of
 * them at 20 per second. A measurement during which other processes and steal took more than 25 %
 * of a core is printed with `disturbed: true` and made once more.
 *
 * Rate ramp (BENCH_RAMP=1, instead of the fixed rate): both servers run side by side, each with
 * BENCH_RAMP_READERS (1000) readers connected, while the rate steps up through BENCH_RAMP_RATES
 * (20,30,40,…,1280), each rate measured for one transport then the other (both meet the same
 * machine: a shared VM's speed drifts over minutes), BENCH_RAMP_STEP_S (5) seconds of messages per
 * step (rate × step, at least 100), a quiet pause after each. One JSON line per (transport, rate,
 * attempt); `passed` is false, and that transport's ramp stops, at the first step where p99
 * exceeds BENCH_P99_MS (100), a delivery is missing, a send is refused, or it falls behind
 * (deliveries per second, or sends per second, below 90 % of the target). A failed step is
 * measured once more (`measured_again: true` on the first line), and a third time if other
 * processes and steal took more than 25 % of a core (`disturbed: true`) during one of its
 * attempts; it passes if one attempt passes.
 *
 * Then a summary line: the highest rate passed by each transport and their ratio (`*_capped:
 * true`: it passed every step, its figure is a lower bound); who ran out of CPU at the failed step
 * (`limited_by`: the server, the clients, or both, at 90 % of a core or more; `other processes` if
 * they took more than 25 %: run it again); and deliveries per second of server CPU at the highest
 * rate passed, with their ratio (`ratio_per_server_cpu`: how far each server's core goes,
 * whichever side gave out first; on two cores the bare `ws` server can outlast its clients).
 *
 * In the ramp the app's members speak the Socket.IO wire protocol over the same `ws` client as the
 * baseline's readers (`WireSocket` below; BENCH_RAMP_CLIENT=socket.io-client for the full client),
 * and its messages are posted by the readers themselves, turn by turn over all of them (a room of
 * exactly N sockets, each message to N): a rate needs readers × 0.8 ≥ rate, each then posting at
 * most 8 messages per 10 s.
 *
 * Other settings: BENCH_WARMUP (20), BENCH_CONNECT_BATCH (50), BENCH_TIMEOUT_S (600, or 1200 for
 * the ramp: the whole run), BENCH_RAMP_TRANSPORTS (socket.io-app,ws), BENCH_DECODE_PRESENCE (below),
 * BENCH_CPU_PROF (a folder: the server child runs with `--cpu-prof` there; the profile is written
 * when it stops).
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
type Transport = 'socket.io-app' | 'ws'
const TRANSPORTS: Transport[] = ['socket.io-app', 'ws']

interface Ramp {
  readers: number
  rates: number[]
  stepS: number
  p99Ms: number
  transports: Transport[]
  /** The app's members over the wire client (WireSocket) rather than socket.io-client. */
  wire: boolean
}

interface Settings {
  readers: number[]
  messages: number
  rate: number
  warmup: number
  batch: number
  timeoutS: number
  ramp: Ramp | null
}

/** What a reader may post in the ramp: 8 per 10 s window, under the limit of 10. */
const RAMP_SHARE = 0.8

function settings(): Settings {
  const int = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback)
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
    return value
  }
  const list = (name: string, fallback: string) => {
    const values = (process.env[name] ?? fallback).split(',').map((v) => Number(v.trim()))
    if (values.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`${name}: a comma-separated list of positive numbers`)
    return values
  }
  const readers = list('BENCH_READERS', '100,1000')
  if (readers.some((n) => !Number.isInteger(n))) throw new Error('BENCH_READERS: a comma-separated list of positive integers')
  let ramp: Ramp | null = null
  if (process.env.BENCH_RAMP === '1') {
    const rates = list('BENCH_RAMP_RATES', '20,30,40,50,60,70,80,90,100,120,140,160,200,240,320,400,480,640,800,960,1280').sort((a, b) => a - b)
    const transports = (process.env.BENCH_RAMP_TRANSPORTS ?? TRANSPORTS.join(',')).split(',').map((t) => t.trim()) as Transport[]
    if (transports.some((t) => !TRANSPORTS.includes(t))) throw new Error(`BENCH_RAMP_TRANSPORTS: among ${TRANSPORTS.join(', ')}`)
    const client = process.env.BENCH_RAMP_CLIENT ?? 'wire'
    if (client !== 'wire' && client !== 'socket.io-client') throw new Error('BENCH_RAMP_CLIENT: wire or socket.io-client')
    ramp = {
      readers: Math.floor(int('BENCH_RAMP_READERS', 1000)),
      rates,
      stepS: int('BENCH_RAMP_STEP_S', 5),
      p99Ms: int('BENCH_P99_MS', 100),
      transports,
      wire: client === 'wire',
    }
  }
  return {
    readers,
    messages: Math.floor(int('BENCH_MESSAGES', 200)),
    rate: int('BENCH_RATE', 20),
    warmup: Math.floor(Number(process.env.BENCH_WARMUP ?? 20)),
    batch: Math.floor(int('BENCH_CONNECT_BATCH', 50)),
    timeoutS: int('BENCH_TIMEOUT_S', ramp ? 1200 : 600),
    ramp,
  }
}

const { tempDirs, cleanUp, abort, startChild, stopChild } = benchChildren(root, log)
const profileArgs = () => (process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [])

// ---------------------------------------------------------------------------------------------
// Measurement shared by both transports
// ---------------------------------------------------------------------------------------------
const FILLER = ' Rendez-vous jeudi à 19 h au café de la gare pour le pot des anciens, venez nombreux !'
/** `#<seq> r<step> t=<send time>`: the step tells a late delivery of the previous step apart. */
const bodyFor = (seq: number, step: number) => `#${seq} r${step} t=${now().toFixed(3)}${FILLER}`
const BODY_PATTERN = /^#(\d+) r(\d+) t=([\d.]+)/

class Tally {
  readonly latencies: Float64Array
  readonly seen: Uint8Array
  delivered = 0
  duplicates = 0
  malformed = 0
  stale = 0
  firstSendAt = 0
  lastDeliveryAt = 0

  constructor(
    readonly readers: number,
    readonly messages: number,
    readonly step = 0,
  ) {
    this.seen = new Uint8Array(readers * messages)
    this.latencies = new Float64Array(readers * messages)
  }

  receive(reader: number, body: string) {
    const at = now()
    const match = BODY_PATTERN.exec(body)
    if (!match) {
      if (!body.startsWith('échauffement')) this.malformed++
      return
    }
    if (Number(match[2]) !== this.step) {
      this.stale++
      return
    }
    const seq = Number(match[1])
    if (seq >= this.messages) {
      this.malformed++
      return
    }
    const slot = reader * this.messages + seq
    if (this.seen[slot]) {
      this.duplicates++
      return
    }
    this.seen[slot] = 1
    this.latencies[this.delivered++] = at - Number(match[3])
    this.lastDeliveryAt = at
  }

  get expected() {
    return this.readers * this.messages
  }
}

/** A server under test with its readers connected and joined, ready to send. */
interface Harness {
  transport: Transport
  readers: number
  connectS: number
  pid: number | undefined
  /** Where the readers' deliveries are counted (none between steps). */
  tally: Tally | null
  send: (body: string) => Promise<string | null>
  /** Resolves once the server answers promptly again (its socket writes may still be queued). */
  quiet: () => Promise<void>
  close: () => Promise<void>
}

/**
 * A short warm-up at the same rate, not counted (readers ignore bodies without `#<seq>`), so a
 * server that has just started (cold JIT, first queries prepared) is not what the figures show.
 */
async function warmUp(h: Harness, count: number, rate: number) {
  const pending: Promise<unknown>[] = []
  for (let i = 0; i < count; i++) {
    pending.push(h.send(`échauffement ${i}${FILLER}`).catch(() => 'failed'))
    await sleep(1000 / rate)
  }
  const failed = (await Promise.all(pending)).filter(Boolean).length
  if (failed) log(`warm-up: ${failed} of ${count} sends failed`)
  await sleep(500)
  await h.quiet()
}

/** Sends `tally.messages` at a fixed rate (open loop: a slow ack never delays the next send). */
async function sendAtRate(tally: Tally, rate: number, send: Harness['send']) {
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
      send(bodyFor(seq, tally.step)).then(
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
  // From the first send to the last, plus one interval: `messages / sendingS` is the rate achieved.
  const sendingS = (now() - start + interval) / 1000
  await Promise.all(pending)
  return { failures, ackTimes, sendingS }
}

/** Waits until every expected delivery arrived, nothing new came for `idleMs`, or `maxMs` passed. */
async function drain(tally: Tally, idleMs = 5000, maxMs = 60_000) {
  const started = now()
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
    if (now() - started > maxMs) {
      log(`drain: still ${tally.expected - tally.delivered} deliveries missing after ${maxMs / 1000} s`)
      return
    }
  }
}

const percentile = (sorted: ArrayLike<number>, p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN
const round = (v: number, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null)

/** One measured step: `messages` at `rate` over the connected readers; the figures as one object. */
async function measure(h: Harness, rate: number, messages: number, step: number) {
  const tally = new Tally(h.readers, messages, step)
  h.tally = tally
  if (process.env.BENCH_WAIT_IDLE !== '0') await waitForIdleMachine(h)
  const serverCpu0 = childCpuSeconds(h.pid)
  const ownCpu0 = ownCpuSeconds()
  const machineCpu0 = machineCpuSeconds()
  const sent = await sendAtRate(tally, rate, h.send)
  await drain(tally)
  const windowS = (Math.max(tally.lastDeliveryAt, now()) - tally.firstSendAt) / 1000
  const serverCpu1 = childCpuSeconds(h.pid)
  const ownCpu1 = ownCpuSeconds()
  const machineCpu1 = machineCpuSeconds()
  h.tally = null
  const cpu = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round(((b - a) / windowS) * 100))

  const sorted = tally.latencies.subarray(0, tally.delivered).sort()
  const deliveryS = tally.lastDeliveryAt > tally.firstSendAt ? (tally.lastDeliveryAt - tally.firstSendAt) / 1000 : NaN
  const failed = [...sent.failures.values()].reduce((a, b) => a + b, 0)
  const acks = [...sent.ackTimes].sort((a, b) => a - b)
  log(
    `${h.transport} N=${h.readers} ${rate}/s: sending window ${sent.sendingS.toFixed(2)} s, ack p50 ${round(percentile(acks, 50))} ms p99 ${round(percentile(acks, 99))} ms` +
      (failed ? `, failures ${JSON.stringify(Object.fromEntries(sent.failures))}` : '') +
      (tally.duplicates ? `, duplicates ${tally.duplicates}` : '') +
      (tally.malformed ? `, malformed ${tally.malformed}` : '') +
      (tally.stale ? `, late from an earlier step ${tally.stale}` : ''),
  )
  return {
    bench: 'realtime',
    transport: h.transport,
    readers: tally.readers,
    messages: tally.messages,
    rate_per_s: rate,
    delivered: tally.delivered,
    expected: tally.expected,
    p50_ms: round(percentile(sorted, 50)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? NaN),
    throughput_msgs_per_s: round(tally.delivered / deliveryS, 0),
    sends_per_s: round(tally.messages / sent.sendingS, 1),
    send_failed: failed,
    connect_s: round(h.connectS, 1),
    server_cpu_pct: cpu(serverCpu0, serverCpu1),
    client_cpu_pct: cpu(ownCpu0, ownCpu1),
    // Everything else on the machine over the same window (the lead's builds, other benches…), and
    // what the hypervisor gave other machines: both would show in our latencies.
    other_cpu_pct:
      machineCpu0 === null || machineCpu1 === null || serverCpu0 === null || serverCpu1 === null
        ? null
        : Math.max(0, Math.round(((machineCpu1.busy - machineCpu0.busy - (serverCpu1 - serverCpu0) - (ownCpu1 - ownCpu0)) / windowS) * 100)),
    steal_pct: machineCpu0 === null || machineCpu1 === null ? null : Math.round(((machineCpu1.steal - machineCpu0.steal) / windowS) * 100),
    // The machine may be shared: how busy it was, whatever we did, during this measurement.
    loadavg_1m: round(os.loadavg()[0]),
  }
}

/**
 * CPU seconds the whole machine has been busy (every core, every process) and those stolen by the
 * hypervisor for other machines, from /proc/stat (USER_HZ = 100); null elsewhere.
 */
function machineCpuSeconds(): { busy: number; steal: number } | null {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal: busy is all but idle, iowait and steal
    return { busy: (fields[0]! + fields[1]! + fields[2]! + fields[5]! + fields[6]!) / 100, steal: (fields[7] ?? 0) / 100 }
  } catch {
    return null
  }
}

/**
 * On a shared machine, waits (at most `maxS`) until the other processes have used less than
 * `pct` % of a core over the last second: what they do would be measured as our latency.
 */
async function waitForIdleMachine(h: Harness, pct = 15, maxS = Number(process.env.BENCH_IDLE_WAIT_S ?? 60)) {
  const started = now()
  for (;;) {
    const [m0, s0, o0] = [machineCpuSeconds(), childCpuSeconds(h.pid), ownCpuSeconds()]
    await sleep(1000)
    const [m1, s1, o1] = [machineCpuSeconds(), childCpuSeconds(h.pid), ownCpuSeconds()]
    if (m0 === null || m1 === null || s0 === null || s1 === null) return
    const others = (m1.busy - m0.busy - (s1 - s0) - (o1 - o0) + m1.steal - m0.steal) * 100
    if (others < pct) return
    if (now() - started > maxS * 1000) {
      log(`other processes still use ${others.toFixed(0)} % of a core after ${maxS} s: measuring anyway`)
      return
    }
    if (now() - started < 1500) log(`other processes (or the hypervisor) take ${others.toFixed(0)} % of a core: waiting for the machine to calm down`)
  }
}

const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`)

/** Opens `count` connections `batch` at a time (no accept storm); each batch must finish in 30 s. */
async function inBatches<T>(count: number, batch: number, open: (i: number) => Promise<T>, what: string): Promise<T[]> {
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

/** What the app's benchmark needs of a member's connection, whichever client speaks for it. */
interface AppSocket {
  /** An event with an acknowledgement: the answer, or a rejection after `timeoutMs`. */
  ask(event: string, payload: unknown, timeoutMs: number): Promise<unknown>
  /** `message:new`: the body (or, over the wire client, the packet from the body on). */
  onMessage(listener: (body: string) => void): void
  onPresence(listener: () => void): void
  close(): void
}

/** socket.io-client, decoding every packet as a browser would (presence lists aside, see above). */
function clientSocket(socket: Socket): AppSocket {
  return {
    ask: (event, payload, timeoutMs) =>
      payload === undefined ? socket.timeout(timeoutMs).emitWithAck(event) : socket.timeout(timeoutMs).emitWithAck(event, payload),
    onMessage: (listener) => socket.on('message:new', (message: { body: string }) => listener(message.body)),
    onPresence: (listener) => socket.on('presence', listener),
    close: () => socket.close(),
  }
}

/**
 * A member's connection speaking the Engine.IO 4 / Socket.IO 5 wire protocol over a bare `ws`
 * client, the same WebSocket client as the baseline's readers: handshake with the session cookie,
 * namespace connect, heartbeat answered, acks parsed; a `message:new` is recognised by its prefix
 * and its body found in the text, not parsed as JSON. Per delivery the readers then do what the
 * baseline's readers do (a frame to a string, a regular expression), so that the ramp compares the
 * servers and not the clients' decoders, which a thousand browsers would run on a thousand CPUs but
 * which here share one core with everything else.
 */
class WireSocket implements AppSocket {
  readonly opened: Promise<void>
  private readonly socket: WsTypes.WebSocket
  private readonly acks = new Map<number, (answer: unknown) => void>()
  private nextAck = 0
  private message: (body: string) => void = () => {}
  private presence: () => void = () => {}

  constructor(url: string, cookie: string) {
    this.socket = new ws.WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers: { origin: url, cookie } })
    this.opened = new Promise((resolve, reject) => {
      this.socket.on('error', reject)
      this.socket.on('close', () => reject(new Error('socket.io (wire) closed before it was connected')))
      this.socket.on('message', (data) => {
        const text = data.toString()
        switch (text.charCodeAt(0)) {
          case 0x32: // `2`: Engine.IO ping
            return this.socket.send('3')
          case 0x30: // `0`: Engine.IO open; connect to the main namespace
            return this.socket.send('40')
          case 0x34: // `4`: Engine.IO message, a Socket.IO packet follows
            break
          default:
            return
        }
        const type = text.charCodeAt(1)
        if (type === 0x32) {
          // `42[...]`: an event
          if (text.startsWith('42["message:new"')) {
            const at = text.indexOf('"body":"')
            if (at > 0) this.message(text.slice(at + 8, at + 80))
          } else if (text.startsWith('42["presence"')) this.presence()
        } else if (type === 0x33) {
          // `43<id>[answer]`: an acknowledgement
          const open = text.indexOf('[')
          const id = Number(text.slice(2, open))
          const answer = (JSON.parse(text.slice(open)) as unknown[])[0]
          this.acks.get(id)?.(answer)
          this.acks.delete(id)
        } else if (type === 0x30)
          resolve() // `40{sid}`: connected
        else if (type === 0x34) reject(new Error(`socket.io connect: ${text.slice(2)}`)) // `44{message}`
      })
    })
  }

  ask(event: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    const id = this.nextAck++
    const packet = payload === undefined ? [event] : [event, payload]
    return withTimeout(
      new Promise<unknown>((resolve) => {
        this.acks.set(id, resolve)
        this.socket.send(`42${id}${JSON.stringify(packet)}`)
      }),
      timeoutMs,
      `${event} ack`,
    ).finally(() => this.acks.delete(id))
  }

  onMessage(listener: (body: string) => void) {
    this.message = listener
  }

  onPresence(listener: () => void) {
    this.presence = listener
  }

  close() {
    this.socket.terminate()
  }
}

/**
 * The app with `readers` members in the chat. `senders`: that many other members (in the group,
 * not in the chat) take turns posting; 0: the readers themselves take turns.
 */
async function openApp(readers: number, senders: number, s: Settings): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-bench-realtime-'))
  tempDirs.add(dir)
  const seeded = await seedApp(path.join(dir, 'amicale.db'), readers, senders)

  const env = appEnv(dir, {
    SEED_DEMO: 'false',
  })
  const { child, url: logged } = startChild([...profileArgs(), '--import', 'tsx', 'server/index.ts'], env, 'Amicale is listening', 'app')
  const sockets: AppSocket[] = []
  const close = async () => {
    // Server first: members leaving one by one would each set off a presence announcement.
    await stopChild(child)
    for (const socket of sockets) socket.close()
    fs.rmSync(dir, { recursive: true, force: true })
    tempDirs.delete(dir)
  }
  try {
    // The app logs http://localhost:<port> but listens on 127.0.0.1 only: connect there, same origin.
    const url = `http://127.0.0.1:${new URL(await logged).port}`
    log(`app server up at ${url} (pid ${child.pid}), ${readers} readers, ${senders ? `${senders} senders` : 'posting themselves'}`)

    let presence = 0
    let lastPresenceAt = 0
    const wire = s.ramp ? s.ramp.wire : false
    const connect = async (cookie: string, reader: boolean): Promise<AppSocket> => {
      if (wire) {
        const socket = new WireSocket(url, cookie)
        sockets.push(socket)
        await socket.opened
        return socket
      }
      return new Promise<AppSocket>((resolve, reject) => {
        const options = { transports: ['websocket'], extraHeaders: { origin: url, cookie }, reconnection: false, forceNew: true }
        const socket = io(url, reader && readerParser ? { ...options, parser: readerParser } : options)
        const wrapped = clientSocket(socket)
        sockets.push(wrapped)
        socket.once('connect', () => resolve(wrapped))
        socket.once('connect_error', (error) => reject(new Error(`socket.io connect: ${error.message}`)))
      })
    }
    const h: Harness = {
      transport: 'socket.io-app',
      readers,
      connectS: 0,
      pid: child.pid,
      tally: null,
      send: () => Promise.resolve('not ready'),
      quiet: async () => {},
      close,
    }
    const connectStart = now()
    const readerSockets = await inBatches(
      readers,
      s.batch,
      async (i) => {
        const socket = await connect(seeded.readerCookies[i], true)
        socket.onMessage((body) => h.tally?.receive(i, body))
        socket.onPresence(() => {
          presence++
          lastPresenceAt = now()
        })
        const joined = (await socket.ask('thread:join', { threadId: seeded.threadId }, 30_000)) as { ok: boolean; error?: string }
        if (!joined.ok) throw new Error(`thread:join refused: ${joined.error}`)
        return socket
      },
      'app readers',
    )
    const senderSockets = senders ? await inBatches(senders, s.batch, (i) => connect(seeded.senderCookies[i], false), 'app senders') : readerSockets
    h.connectS = (now() - connectStart) / 1000
    log(`app: ${readers} readers joined in ${h.connectS.toFixed(1)} s`)
    // Every join announces the room's presence to the room: let that settle before measuring.
    await withTimeout(
      (async () => {
        while (now() - lastPresenceAt < 1000) await sleep(100)
      })(),
      90_000,
      'presence announcements to settle after the joins',
    )
    const probe = senderSockets[0]
    h.quiet = async () => {
      for (let fast = 0, tries = 0; fast < 3 && tries < 200; tries++) {
        const started = now()
        await probe.ask('amicale:ping', undefined, 30_000)
        fast = now() - started < 20 ? fast + 1 : 0
        await sleep(100)
      }
    }
    await h.quiet()
    const settleS = (now() - connectStart) / 1000 - h.connectS
    const presenceNote = readerParser ? `, ${(presenceBytes / 1e6).toFixed(0)} MB of presence lists` : ''
    log(`app: quiet after ${settleS.toFixed(1)} s more (${presence} presence events received${presenceNote})`)
    presenceBytes = 0

    let turn = 0
    h.send = async (body: string) => {
      // Senders take turns, warm-up included, so none nears the per-member rate limit.
      const sender = senderSockets[turn++ % senderSockets.length]
      const answer = (await sender.ask('message:send', { threadId: seeded.threadId, body }, 15_000)) as { ok: boolean; error?: string }
      return answer.ok ? null : (answer.error ?? 'notOk')
    }
    return h
  } catch (error) {
    await close()
    throw error
  }
}

// ---------------------------------------------------------------------------------------------
// The baseline: bare ws fan-out
// ---------------------------------------------------------------------------------------------
async function openWs(readers: number, s: Settings): Promise<Harness> {
  const { child, url: logged } = startChild(
    [...profileArgs(), '--import', 'tsx', thisFile],
    { ...process.env, BENCH_ROLE: 'ws-server' },
    'ws baseline listening',
    'ws',
  )
  const sockets: WsTypes.WebSocket[] = []
  const close = async () => {
    await stopChild(child)
    for (const socket of sockets) socket.terminate()
  }
  try {
    const base = (await logged).replace(/^http/, 'ws')
    log(`ws server up at ${base} (pid ${child.pid}), ${readers} readers`)
    const open = (pathname: string) =>
      new Promise<WsTypes.WebSocket>((resolve, reject) => {
        const socket = new ws.WebSocket(base + pathname)
        sockets.push(socket)
        socket.once('open', () => resolve(socket))
        socket.once('error', reject)
      })
    const h: Harness = {
      transport: 'ws',
      readers,
      connectS: 0,
      pid: child.pid,
      tally: null,
      send: () => Promise.resolve('not ready'),
      quiet: async () => {},
      close,
    }
    const connectStart = now()
    await inBatches(
      readers,
      s.batch,
      async (i) => {
        const socket = await open('/read')
        socket.on('message', (data) => h.tally?.receive(i, data.toString()))
      },
      'ws readers',
    )
    const sender = await open('/send')
    h.connectS = (now() - connectStart) / 1000
    // The ws server acknowledges in order, so acks are matched first in, first out.
    const waiting: Array<(answer: string) => void> = []
    sender.on('message', (data) => waiting.shift()?.(data.toString()))
    const ask = (body: string) =>
      withTimeout(
        new Promise<string | null>((resolve) => {
          waiting.push((answer) => resolve(answer === 'ok' ? null : answer))
          sender.send(body)
        }),
        15_000,
        'ws ack',
      )
    h.send = ask
    // `ping` is acknowledged without a fan-out: once it answers promptly, the server is idle.
    h.quiet = async () => {
      for (let fast = 0, tries = 0; fast < 3 && tries < 200; tries++) {
        const started = now()
        await ask('ping')
        fast = now() - started < 20 ? fast + 1 : 0
        await sleep(100)
      }
    }
    return h
  } catch (error) {
    await close()
    throw error
  }
}

// ---------------------------------------------------------------------------------------------
// The two modes
// ---------------------------------------------------------------------------------------------
async function fixedRate(s: Settings) {
  const { messageRate } = await import('../app/features/groups/discussions.server')
  // Each sender posts at most half its allowance per window, so the rate limit is never what we measure.
  const perSender = Math.max(1, Math.floor(messageRate.limit / 2))
  const senders = Math.max(1, Math.ceil((s.rate * messageRate.windowMs) / 1000 / perSender))
  for (const readers of s.readers) {
    for (const transport of TRANSPORTS) {
      try {
        const h = transport === 'ws' ? await openWs(readers, s) : await openApp(readers, senders, s)
        try {
          await warmUp(h, s.warmup, s.rate)
          // Measured once more if something else kept a core busy meanwhile (a shared machine).
          for (let attempt = 1; ; attempt++) {
            const line = await measure(h, s.rate, s.messages, attempt - 1)
            const disturbed = (line.other_cpu_pct ?? 0) + (line.steal_pct ?? 0) > DISTURBED_PCT
            print(disturbed ? { ...line, disturbed: true } : line)
            if (!disturbed || attempt === 2) break
            log(
              `${transport} N=${readers}: other processes and steal took ${(line.other_cpu_pct ?? 0) + (line.steal_pct ?? 0)} % of a core meanwhile; once more`,
            )
            await h.quiet()
          }
        } finally {
          await h.close()
        }
      } catch (error) {
        // One failed configuration is reported as such; the others still run.
        log(`error (${transport}, ${readers} readers): ${(error as Error).stack ?? error}`)
        print({ bench: 'realtime', transport, readers, messages: s.messages, rate_per_s: s.rate, error: (error as Error).message })
        process.exitCode = 1
      }
    }
  }
}

/** Other processes' CPU (% of a core) above which a failed ramp step is measured again, twice at most. */
const DISTURBED_PCT = 25

/** Why a ramp step does not count as kept up (empty: it does). */
function shortfalls(line: Awaited<ReturnType<typeof measure>>, ramp: Ramp): string[] {
  const reasons: string[] = []
  if (line.p99_ms === null || line.p99_ms > ramp.p99Ms) reasons.push(`p99 > ${ramp.p99Ms} ms`)
  if (line.delivered < line.expected) reasons.push('deliveries missing')
  if (line.send_failed > 0) reasons.push('sends refused')
  if ((line.throughput_msgs_per_s ?? 0) < 0.9 * line.rate_per_s * line.readers) reasons.push('deliveries/s below 90 % of the target')
  if ((line.sends_per_s ?? 0) < 0.9 * line.rate_per_s) reasons.push('sends/s below 90 % of the target')
  return reasons
}

/** One ramp step (with its retries) for one transport; the reasons it failed, empty if it passed. */
type RampLine = Awaited<ReturnType<typeof measure>>

async function rampStep(h: Harness, rate: number, ramp: Ramp, step: () => number): Promise<{ reasons: string[]; line: RampLine }> {
  // A failed step is measured once more (one spike on a shared machine must not end the ramp), and
  // a third time if something else kept a core busy meanwhile.
  for (let attempt = 1, attempts = 2; ; attempt++) {
    const line = await measure(h, rate, Math.max(100, Math.round(rate * ramp.stepS)), step())
    const reasons = shortfalls(line, ramp)
    const disturbed = reasons.length > 0 && (line.other_cpu_pct ?? 0) + (line.steal_pct ?? 0) > DISTURBED_PCT
    if (disturbed) attempts = 3
    const again = reasons.length > 0 && attempt < attempts
    print({
      ...line,
      mode: 'ramp',
      passed: reasons.length === 0,
      ...(reasons.length ? { failed_because: reasons } : {}),
      ...(disturbed ? { disturbed: true } : {}),
      ...(again ? { measured_again: true } : {}),
    })
    await sleep(500)
    await h.quiet()
    if (!again) return { reasons, line }
    log(
      `${h.transport} ${rate}/s failed (${reasons.join(', ')}; other processes and steal ${(line.other_cpu_pct ?? 0) + (line.steal_pct ?? 0)} % of a core): once more`,
    )
  }
}

/**
 * Both servers run side by side (an idle one costs nothing), and each rate is measured for one
 * transport then the other, so that both meet the same machine at each rate: a shared VM's speed
 * drifts over minutes, and a ramp of one transport after the other would compare two machines.
 */
async function rampUp(s: Settings, ramp: Ramp) {
  const { messageRate } = await import('../app/features/groups/discussions.server')
  // The app's readers post themselves, each at most RAMP_SHARE of its allowance per window.
  const appMax = (ramp.readers * messageRate.limit * RAMP_SHARE * 1000) / messageRate.windowMs
  const key = (t: Transport) => (t === 'ws' ? 'ws' : 'socketio')
  const summary: Record<string, unknown> = { bench: 'realtime', mode: 'ramp', summary: true, readers: ramp.readers, p99_limit_ms: ramp.p99Ms }
  const state = new Map<Transport, { h: Harness; passed: number; best: RampLine | null; failed: RampLine | null; stoppedAt: number | null; done: boolean }>()
  let step = 0
  const next = () => ++step
  try {
    for (const transport of ramp.transports) {
      try {
        const h = transport === 'ws' ? await openWs(ramp.readers, s) : await openApp(ramp.readers, 0, s)
        state.set(transport, { h, passed: 0, best: null, failed: null, stoppedAt: null, done: false })
        await warmUp(h, s.warmup, ramp.rates[0] ?? 20)
      } catch (error) {
        log(`error (${transport} ramp): ${(error as Error).stack ?? error}`)
        print({ bench: 'realtime', mode: 'ramp', transport, readers: ramp.readers, error: (error as Error).message })
        process.exitCode = 1
      }
    }
    for (const rate of ramp.rates) {
      for (const [transport, t] of state) {
        if (t.done) continue
        if (transport !== 'ws' && rate > appMax) {
          log(`${transport}: ${rate}/s skipped and above (${ramp.readers} readers may post ${appMax}/s at most; raise BENCH_RAMP_READERS)`)
          t.done = true
          continue
        }
        try {
          const { reasons, line } = await rampStep(t.h, rate, ramp, next)
          if (reasons.length) {
            t.stoppedAt = rate
            t.failed = line
            t.done = true
          } else {
            t.passed = rate
            t.best = line
          }
        } catch (error) {
          log(`error (${transport} ramp, ${rate}/s): ${(error as Error).stack ?? error}`)
          print({ bench: 'realtime', mode: 'ramp', transport, readers: ramp.readers, rate_per_s: rate, error: (error as Error).message })
          process.exitCode = 1
          t.stoppedAt = rate
          t.done = true
        }
      }
      if ([...state.values()].every((t) => t.done)) break
    }
  } finally {
    for (const t of state.values()) await t.h.close()
  }
  // Deliveries per second of server CPU at the highest rate passed: how far each server's core goes,
  // whoever (server or clients) ran out first.
  const perCore = (line: RampLine | null) => (line?.server_cpu_pct ? Math.round(((line.throughput_msgs_per_s ?? 0) * 100) / line.server_cpu_pct) : null)
  // Who ran out of CPU at the failed step (90 % of a core or more): the server, the clients, or both;
  // or other processes took the CPU (the figure then says nothing of the transport: run it again).
  const limitedBy = (line: RampLine | null) => {
    if (!line) return null
    if ((line.other_cpu_pct ?? 0) + (line.steal_pct ?? 0) > DISTURBED_PCT) return 'other processes'
    const server = (line.server_cpu_pct ?? 0) >= 90
    const clients = (line.client_cpu_pct ?? 0) >= 90
    return server && clients ? 'server and clients' : server ? 'server' : clients ? 'clients' : 'neither'
  }
  for (const [transport, t] of state) {
    const k = key(transport)
    summary[`${k}_max_rate_per_s`] = t.passed
    summary[`${k}_failed_at_per_s`] = t.stoppedAt
    summary[`${k}_capped`] = t.stoppedAt === null
    summary[`${k}_failed_step_cpu`] = t.failed
      ? { server: t.failed.server_cpu_pct, clients: t.failed.client_cpu_pct, others: t.failed.other_cpu_pct, limited_by: limitedBy(t.failed) }
      : null
    summary[`${k}_deliveries_per_server_cpu_s`] = perCore(t.best)
  }
  const app = state.get('socket.io-app')
  const bare = state.get('ws')
  if (app && bare?.passed) summary.ratio_socketio_to_ws = round(app.passed / bare.passed, 2)
  const [appCore, bareCore] = [perCore(app?.best ?? null), perCore(bare?.best ?? null)]
  if (appCore && bareCore) summary.ratio_per_server_cpu = round(appCore / bareCore, 2)
  print(summary)
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
    if (s.ramp) await rampUp(s, s.ramp)
    else await fixedRate(s)
  } finally {
    clearTimeout(watchdog)
    cleanUp()
  }
  // Sockets that are still closing must not keep the process up.
  process.exit(process.exitCode ?? 0)
}

// ---------------------------------------------------------------------------------------------
// Child role: the bare ws server (baseline). Readers connect to /read, senders to /send; every
// message a sender sends is written to every reader, then acknowledged to the sender (`ping`:
// acknowledged only).
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
      if (!(data instanceof Buffer && data.length === 4 && data.toString() === 'ping')) {
        for (const reader of readers) reader.send(data, { binary: isBinary })
      }
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
