/**
 * Soak benchmark: BENCH_MINUTES (10) of mixed load at a fixed rate through the real, compiled
 * server (`build/server/index.js`, as `npm start` runs it) on a fresh data folder seeded with the
 * demo association, with a real SMTP server (a sink in this process) receiving its mail.
 *
 *   npm run bench:soak                      # builds, then runs
 *   BENCH_MINUTES=1 npx tsx scripts/bench-soak.ts
 *
 * The load is open loop: each kind of request is scheduled by the clock (the i-th at start + i /
 * rate), never waiting for earlier answers, so a slow server meets the same demand, as it would
 * from real people. The kinds, per second:
 *   page          8   GET of the pages members read (home, directory, events, offers, groups…)
 *   search        6   the directory's JSON search as a member types a name (`/api/annuaire?q=`,
 *                     1.5 people a second typing 4 letters, 300 ms apart)
 *   chat          2   `message:send` over one of 200 member sockets joined to one group chat; the
 *                     other 199 receive it (`chat_delivery`: latency and missing deliveries)
 *   registration  1   the event page's « S'inscrire » form POST (four free events; confirmed or
 *                     waitlisted, a ticket mailed either way)
 *   application   0.5 a job application: multipart POST with a message and a one-page PDF CV,
 *                     mailed with the CV attached to the offer's address
 * BENCH_SCALE (1) multiplies every rate. A request is an error if it fails or answers a status
 * other than the one the page gives a browser (200, or the 302 after a form).
 *
 * Every 5 s the bench scrapes the server's `/metrics` (METRICS_TOKEN): RSS, V8 heap used, the
 * event loop's p99 delay over those 5 s (`monitorEventLoopDelay`, reset at each scrape; it counts
 * its 10 ms sampling interval in, so an idle process reads about 10 ms: `idle` is measured before
 * the load), sockets and outbox depth. The first BENCH_WARMUP_S (30) seconds run the same load
 * unmeasured. `start` and `end` are the first and last 2 minutes measured: RSS is their median,
 * the heap their floor (the heap right after a collection: the heap used is a saw, and its floor
 * is what a leak raises); `trend` is the least-squares slope over every sample, printed too.
 * When the load stops, the bench waits for the outbox to drain (depth 0 through `/metrics`, at
 * most 3 minutes), then stops the server with SIGTERM. One JSON line per kind, then a summary.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { SMTPServer } from 'smtp-server'
import { io, type Socket } from 'socket.io-client'
import { benchChildren, childCpuSeconds, sleep, withTimeout } from './bench-children'
import { appEnv, insertChatGroup, positiveSetting } from './bench-seed'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const log = (...parts: unknown[]) => process.stderr.write(`[bench:soak] ${parts.join(' ')}\n`)
const number = (name: string, fallback: number) => positiveSetting(name, fallback)
const MINUTES = number('BENCH_MINUTES', 10)
const WARMUP_S = number('BENCH_WARMUP_S', 30)
const SCALE = number('BENCH_SCALE', 1)
const SOCKETS = Math.round(number('BENCH_SOCKETS', 200))
const RATES = { page: 8, search: 6, chat: 2, registration: 1, application: 0.5 }
const TYPING = { letters: 4, gapMs: 300 }
const SAMPLE_MS = 5_000
const DRAIN_TIMEOUT_MS = 180_000
const TOKEN = crypto.randomBytes(24).toString('hex')
const EVENTS = 4

const now = () => performance.now()
const round = (v: number, digits = 1) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null)
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN)
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  )
/** Least-squares slope of (time in ms, value) points, per minute. */
function slopePerMinute(points: [number, number][]) {
  const n = points.length
  const mx = points.reduce((a, [x]) => a + x, 0) / n
  const my = points.reduce((a, [, y]) => a + y, 0) / n
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0)
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0)
  return (sxy / sxx) * 60_000
}

const { tempDirs, cleanUp, abort, startChild, stopChild } = benchChildren(root, log)

// ---------------------------------------------------------------------------------------------
// Tallies: per kind, latencies and errors (by status or reason), measured phase only
// ---------------------------------------------------------------------------------------------
class Tally {
  readonly latencies: number[] = []
  readonly errors = new Map<string, number>()
  sent = 0
  constructor(
    readonly kind: string,
    readonly rate: number,
  ) {}
  ok(ms: number) {
    this.latencies.push(ms)
  }
  fail(reason: string) {
    this.errors.set(reason, (this.errors.get(reason) ?? 0) + 1)
  }
  line() {
    const sorted = [...this.latencies].sort((a, b) => a - b)
    const errors = [...this.errors.values()].reduce((a, b) => a + b, 0)
    return {
      bench: 'soak',
      kind: this.kind,
      rate_per_s: round(this.rate, 2),
      sent: this.sent,
      ok: this.latencies.length,
      errors,
      ...(errors ? { error_kinds: Object.fromEntries(this.errors) } : {}),
      p50_ms: round(percentile(sorted, 50)),
      p99_ms: round(percentile(sorted, 99)),
      max_ms: round(sorted.at(-1) ?? NaN),
    }
  }
}

let measuring = false
const tallies = new Map<string, Tally>()
const tally = (kind: string, rate: number) => tallies.get(kind) ?? tallies.set(kind, new Tally(kind, rate)).get(kind)!
const inFlight = new Set<Promise<unknown>>()

/** One timed request: counted only once the measured phase has begun. */
function track(kind: string, rate: number, run: () => Promise<string | null>) {
  const counted = measuring
  const t = tally(kind, rate)
  if (counted) t.sent++
  const started = now()
  const done = run().then(
    (error) => {
      if (!counted) return
      if (error) t.fail(error)
      else t.ok(now() - started)
    },
    (error: Error) => counted && t.fail(error.name === 'TimeoutError' ? 'timeout' : error.message.slice(0, 60)),
  )
  inFlight.add(done)
  void done.finally(() => inFlight.delete(done))
}

/** Calls `fire(i)` at start + i / rate until `stopAt` (open loop: never waits for an answer). */
async function every(rate: number, stopAt: number, fire: (i: number) => void) {
  const start = now()
  for (let i = 0; ; i++) {
    const due = start + (i * 1000) / rate
    if (due >= stopAt) return
    if (due - now() > 1) await sleep(due - now())
    fire(i)
  }
}

// ---------------------------------------------------------------------------------------------
// The bench's people, events and chat, written into the seeded database while the server runs
// ---------------------------------------------------------------------------------------------
async function fixtures(databasePath: string) {
  const { openDatabase, schema } = await import('../db/client')
  const database = openDatabase(databasePath)
  const { sqlite, db } = database
  const created = new Date()
  const startsAt = new Date(Date.now() + 14 * 86_400_000)
  const offers = sqlite
    .prepare(`select id, author_id as authorId from job_offers where status = 'published' and (expires_at is null or expires_at > ?)`)
    .all(Date.now()) as { id: number; authorId: string }[]
  const authors = new Set(offers.map((o) => o.authorId))
  const members = (
    sqlite
      .prepare(
        `select u.id from users u join memberships m on m.user_id = u.id
         where u.status = 'active' and m.status = 'active' and u.role = 'user' order by u.id`,
      )
      .all() as { id: string }[]
  )
    .map((r) => r.id)
    .filter((id) => !authors.has(id))
  if (members.length < SOCKETS + 100) throw new Error(`only ${members.length} members in the seed`)
  if (!offers.length) throw new Error('no published offer in the seed')
  const organizer = (sqlite.prepare(`select id from users where role = 'webmaster' limit 1`).get() as { id: string }).id
  const expiresAt = Math.floor(Date.now() / 1000) + 30 * 86_400 // lucia: seconds
  const cookies = members.map(() => crypto.randomBytes(20).toString('hex'))

  const made = db.transaction((tx) => {
    members.forEach((userId, i) => tx.insert(schema.sessions).values({ id: cookies[i], userId, expiresAt }).run())
    const eventIds = Array.from(
      { length: EVENTS },
      (_, i) =>
        tx
          .insert(schema.events)
          .values({
            title: `Afterwork du banc d’essai n° ${i + 1}`,
            description: 'Un verre entre anciens, pour mesurer.',
            organizerId: organizer,
            audience: 'members',
            venue: 'Le Comptoir',
            address: '3 rue Mercière',
            city: 'Lyon',
            startsAt,
            endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
            capacity: 150,
            createdAt: created,
            updatedAt: created,
          })
          .returning({ id: schema.events.id })
          .get().id,
    )
    const { groupId, threadId } = insertChatGroup(tx, 'Banc d’essai', 'Le groupe du banc d’essai', created)
    for (const userId of members.slice(0, SOCKETS))
      tx.insert(schema.groupMembers).values({ groupId, userId, role: 'member', status: 'active', joinedAt: created }).run()
    return { eventIds, threadId }
  })
  const sample = (sql: string) => (sqlite.prepare(sql).all() as { id: string | number }[]).map((r) => r.id)
  const pages = [
    '/',
    '/annuaire',
    '/annuaire?promo=2010-2015',
    '/evenements',
    ...made.eventIds.map((id) => `/evenements/${id}`),
    '/carriere/offres?porte=alumni',
    ...offers.slice(0, 4).map((o) => `/carriere/offres/${o.id}`),
    '/groupes',
    ...sample(`select p.user_id as id from profiles p join users u on u.id = p.user_id join memberships m on m.user_id = p.user_id
       where p.in_directory = 1 and u.status = 'active' and m.status = 'active' limit 4`).map((id) => `/membres/${id}`),
    '/mon-compte',
    '/mon-compte/billets',
  ]
  database.sqlite.close()
  return { members, cookies: cookies.map((c) => `amicale_session=${c}`), offers: offers.map((o) => o.id), pages, ...made }
}

/** A one-page PDF, as a member's CV would be (the server reads its first bytes). */
async function cvPdf() {
  const pdf = await PDFDocument.create()
  const page = pdf.addPage([595, 842])
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  page.drawText('Camille Martin — Ingénieure, promotion 2012', { x: 50, y: 780, size: 16, font })
  page.drawText('Expérience : dix ans de développement logiciel à Lyon.', { x: 50, y: 750, size: 11, font })
  return pdf.save()
}

/** A real SMTP server that takes every mail and keeps nothing but the count. */
async function smtpSink() {
  let received = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {})
      stream.on('end', () => {
        received++
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as { port: number }
  return { url: `smtp://127.0.0.1:${port}`, received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

// ---------------------------------------------------------------------------------------------
// /metrics samples
// ---------------------------------------------------------------------------------------------
interface Sample {
  at: number
  rssMb: number
  heapMb: number
  lagP99Ms: number
  sockets: number
  outbox: number
}

async function scrape(url: string): Promise<Sample> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(10_000) })
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`)
  const text = await response.text()
  const value = (name: string) => {
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
    if (!match) throw new Error(`${name} missing from /metrics`)
    return Number(match[1])
  }
  return {
    at: now(),
    rssMb: value('process_resident_memory_bytes') / 2 ** 20,
    heapMb: value('nodejs_heap_size_used_bytes') / 2 ** 20,
    lagP99Ms: value('nodejs_eventloop_lag_p99_seconds') * 1000,
    sockets: value('amicale_sockets_connected'),
    outbox: value('amicale_outbox_depth'),
  }
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------
async function main() {
  if (!fs.existsSync(path.join(root, 'build/server/index.js'))) throw new Error('build/server/index.js is missing: run `npm run build` first')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-bench-soak-'))
  tempDirs.add(dir)
  const smtp = await smtpSink()
  const env = appEnv(dir, {
    SEED_DEMO: 'true',
    SMTP_URL: smtp.url,
    METRICS_TOKEN: TOKEN,
  })
  const seedStarted = now()
  const { child, url: logged } = startChild(['--enable-source-maps', 'build/server/index.js'], env, 'Amicale is listening', 'app')
  const url = `http://127.0.0.1:${new URL(await logged).port}`
  log(`server up at ${url} (pid ${child.pid}), seeded in ${((now() - seedStarted) / 1000).toFixed(1)} s`)
  const f = await fixtures(path.join(dir, 'amicale.db'))
  const cv = await cvPdf()
  log(`${f.members.length} members with sessions, ${f.offers.length} offers, ${f.pages.length} pages; opening ${SOCKETS} sockets`)

  // The chat: SOCKETS members joined to one group chat, connected for the whole run.
  const sockets: Socket[] = []
  const sent = new Map<number, { at: number; from: number; counted: boolean }>()
  const deliveries = { latencies: [] as number[], received: 0, expected: 0 }
  const open = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = io(url, { transports: ['websocket'], extraHeaders: { origin: url, cookie: f.cookies[i] }, reconnection: false, forceNew: true })
      sockets[i] = socket
      socket.on('message:new', (message: { body: string }) => {
        const seq = Number(/^#(\d+) /.exec(message.body)?.[1])
        const send = sent.get(seq)
        if (!send || send.from === i || !send.counted) return
        deliveries.received++
        deliveries.latencies.push(now() - send.at)
      })
      socket.once('connect_error', (error) => reject(new Error(`socket: ${error.message}`)))
      socket.once('connect', () => {
        socket
          .timeout(30_000)
          .emitWithAck('thread:join', { threadId: f.threadId })
          .then((answer: { ok: boolean; error?: string }) => (answer.ok ? resolve() : reject(new Error(`thread:join: ${answer.error}`))), reject)
      })
    })
  for (let from = 0; from < SOCKETS; from += 50)
    await withTimeout(Promise.all(Array.from({ length: Math.min(50, SOCKETS - from) }, (_, k) => open(from + k))), 60_000, 'sockets')
  await sleep(2_000) // the joins' presence announcements

  const rates = Object.fromEntries(Object.entries(RATES).map(([k, v]) => [k, v * SCALE])) as typeof RATES
  const member = (i: number) => i % f.members.length
  const get = async (path: string, cookie: string, expect = 200) => {
    const response = await fetch(`${url}${path}`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(30_000) })
    await response.arrayBuffer()
    return response.status === expect ? null : `status ${response.status} ${path}`
  }
  const post = async (path: string, cookie: string, body: URLSearchParams | FormData) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { cookie, origin: url },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    })
    await response.arrayBuffer()
    return response.status === 302 ? null : `status ${response.status}`
  }
  // What members type: the first letters of common names, one more at each keystroke (2 to 5).
  const names = ['lefeb', 'marti', 'berna', 'duboi', 'thoma', 'rober', 'richa', 'petit', 'duran', 'leroy', 'morea', 'simon', 'laure', 'miche', 'garci', 'david']
  let registrations = 0
  let applications = 0
  let chatSeq = 0

  const load = (stopAt: number) =>
    Promise.all([
      every(rates.page, stopAt, (i) => track('page', rates.page, () => get(f.pages[i % f.pages.length], f.cookies[member(i * 7)]))),
      every(rates.search / TYPING.letters, stopAt, (i) => {
        const name = names[i % names.length]
        const cookie = f.cookies[member(i * 13)]
        for (let k = 1; k <= TYPING.letters; k++)
          setTimeout(
            () => track('search', rates.search, () => get(`/api/annuaire?q=${encodeURIComponent(name.slice(0, k + 1))}`, cookie)),
            (k - 1) * TYPING.gapMs,
          )
      }),
      every(rates.chat, stopAt, () => {
        const seq = chatSeq++
        const from = seq % SOCKETS
        const counted = measuring
        sent.set(seq, { at: now(), from, counted })
        if (counted) deliveries.expected += SOCKETS - 1
        track('chat', rates.chat, async () => {
          const answer = (await sockets[from]
            .timeout(15_000)
            .emitWithAck('message:send', { threadId: f.threadId, body: `#${seq} Rendez-vous jeudi à 19 h au Comptoir !` })) as {
            ok: boolean
            error?: string
          }
          return answer.ok ? null : (answer.error ?? 'not ok')
        })
      }),
      every(rates.registration, stopAt, () => {
        const k = registrations++
        const event = f.eventIds[k % EVENTS]
        const who = Math.floor(k / EVENTS) % f.members.length
        track('registration', rates.registration, () =>
          post(`/evenements/${event}`, f.cookies[who], new URLSearchParams({ intent: 'register', guests: '0', showName: 'on' })),
        )
      }),
      every(rates.application, stopAt, () => {
        const k = applications++
        const offer = f.offers[k % f.offers.length]
        // From the other end of the list: not the registrants' first members, not the chat's.
        const who = f.members.length - 1 - (Math.floor(k / f.offers.length) % f.members.length)
        const form = new FormData()
        form.set('message', 'Bonjour, votre offre correspond à mon parcours ; mon CV est joint. Bien cordialement.')
        form.set('cv', new File([Buffer.from(cv)], 'cv-camille-martin.pdf', { type: 'application/pdf' }))
        track('application', rates.application, () => post(`/carriere/offres/${offer}`, f.cookies[who], form))
      }),
    ])

  // The event loop at rest (200 sockets open, no load): its p99 over 5 s, for comparison. An idle
  // process reads about 10 ms, the histogram's sampling interval; the delay under load adds to it.
  await scrape(url)
  await sleep(SAMPLE_MS)
  const idle = await scrape(url)
  // Warm-up, then the measured phase, sampling /metrics all along.
  log(`warm-up: ${WARMUP_S} s`)
  await load(now() + WARMUP_S * 1000)
  const samples: Sample[] = []
  const sampler = setInterval(() => {
    scrape(url).then(
      (s) => samples.push(s),
      (error: Error) => log(`scrape failed: ${error.message}`),
    )
  }, SAMPLE_MS)
  await scrape(url) // resets the event-loop histogram: the first sample covers the measured phase only
  measuring = true
  const measureStarted = now()
  const cpu0 = childCpuSeconds(child.pid)
  const progress = setInterval(() => {
    const last = samples.at(-1)
    const errors = [...tallies.values()].reduce((n, t) => n + [...t.errors.values()].reduce((a, b) => a + b, 0), 0)
    log(
      `${((now() - measureStarted) / 60_000).toFixed(1)} min: ${errors} errors` +
        (last
          ? `, rss ${last.rssMb.toFixed(0)} MB, heap ${last.heapMb.toFixed(0)} MB, lag p99 ${last.lagP99Ms.toFixed(1)} ms, outbox ${last.outbox}, sockets ${last.sockets}`
          : ''),
    )
  }, 60_000)
  await load(measureStarted + MINUTES * 60_000)
  const loadEnded = now()
  clearInterval(progress)
  await withTimeout(Promise.all([...inFlight]), 60_000, 'answers in flight')
  const cpu1 = childCpuSeconds(child.pid)
  measuring = false
  // The last chat deliveries.
  for (let idle = 0, last = deliveries.received; idle < 20 && deliveries.received < deliveries.expected; idle++) {
    await sleep(250)
    if (deliveries.received !== last) idle = 0
    last = deliveries.received
  }
  clearInterval(sampler)

  // The outbox drains: depth 0 through /metrics.
  let drainedAfterMs: number | null = null
  let depth = NaN
  while (now() - loadEnded < DRAIN_TIMEOUT_MS) {
    depth = (await scrape(url)).outbox
    if (depth === 0) {
      drainedAfterMs = now() - loadEnded
      break
    }
    await sleep(500)
  }

  for (const t of tallies.values()) process.stdout.write(`${JSON.stringify(t.line())}\n`)
  const lat = [...deliveries.latencies].sort((a, b) => a - b)
  const missing = deliveries.expected - deliveries.received
  process.stdout.write(
    `${JSON.stringify({
      bench: 'soak',
      kind: 'chat_delivery',
      sockets: SOCKETS,
      expected: deliveries.expected,
      delivered: deliveries.received,
      errors: missing,
      p50_ms: round(percentile(lat, 50)),
      p99_ms: round(percentile(lat, 99)),
      max_ms: round(lat.at(-1) ?? NaN),
    })}\n`,
  )

  // Start and end: the first and last 2 minutes measured (a quarter of a shorter run). RSS moves
  // slowly: its median there. The V8 heap is a saw (garbage piles up between collections): its
  // floor there, the heap just after a collection, is what a leak would raise.
  const measured = samples.filter((s) => s.at <= loadEnded + 1)
  const span = Math.min(120_000, (loadEnded - measureStarted) / 4)
  const first = measured.filter((s) => s.at <= measureStarted + span)
  const last = measured.filter((s) => s.at >= loadEnded - span)
  const start = { rss: median(first.map((s) => s.rssMb)), heap: median(first.map((s) => s.heapMb)), floor: Math.min(...first.map((s) => s.heapMb)) }
  const end = { rss: median(last.map((s) => s.rssMb)), heap: median(last.map((s) => s.heapMb)), floor: Math.min(...last.map((s) => s.heapMb)) }
  const growth = (a: number, b: number) => round(((b - a) / a) * 100)
  process.stdout.write(
    `${JSON.stringify({
      bench: 'soak',
      kind: 'samples',
      every_s: SAMPLE_MS / 1000,
      rss_mb: measured.map((s) => Math.round(s.rssMb)),
      heap_mb: measured.map((s) => Math.round(s.heapMb)),
      event_loop_p99_ms: measured.map((s) => round(s.lagP99Ms)),
    })}\n`,
  )
  const lags = measured.map((s) => s.lagP99Ms)
  const errors = [...tallies.values()].reduce((n, t) => n + [...t.errors.values()].reduce((a, b) => a + b, 0), 0) + missing
  const stopStarted = now()
  await stopChild(child)
  const summary = {
    bench: 'soak',
    kind: 'summary',
    minutes: MINUTES,
    requests: [...tallies.values()].reduce((n, t) => n + t.sent, 0),
    errors,
    rss_start_mb: round(start.rss),
    rss_end_mb: round(end.rss),
    rss_growth_pct: growth(start.rss, end.rss),
    rss_trend_mb_per_min: round(slopePerMinute(measured.map((s) => [s.at, s.rssMb])), 2),
    heap_floor_start_mb: round(start.floor),
    heap_floor_end_mb: round(end.floor),
    heap_floor_growth_pct: growth(start.floor, end.floor),
    heap_median_start_mb: round(start.heap),
    heap_median_end_mb: round(end.heap),
    heap_trend_mb_per_min: round(slopePerMinute(measured.map((s) => [s.at, s.heapMb])), 2),
    rss_max_mb: round(Math.max(...samples.map((s) => s.rssMb))),
    event_loop_p99_ms: { idle: round(idle.lagP99Ms), median: round(median(lags)), max: round(Math.max(...lags)) },
    samples: samples.length,
    outbox_drained: drainedAfterMs !== null,
    outbox_drain_s: drainedAfterMs === null ? null : round(drainedAfterMs / 1000),
    outbox_depth_end: depth,
    mails_received: smtp.received(),
    server_cpu_pct: cpu0 !== null && cpu1 !== null ? Math.round(((cpu1 - cpu0) / ((loadEnded - measureStarted) / 1000)) * 100) : null,
    server_exit: child.exitCode ?? child.signalCode,
    stop_s: round((now() - stopStarted) / 1000),
    loadavg_1m: round(os.loadavg()[0], 2),
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`)
  for (const socket of sockets) socket?.close()
  await smtp.close()
  if (errors || !summary.outbox_drained) process.exitCode = 1
}

process.on('exit', cleanUp)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    log(`${signal}: stopping`)
    void abort(130)
  })
// Bounded whatever happens: the run, the drain and a margin.
const watchdog = setTimeout(
  () => {
    log('error: the benchmark overran its time; stopping')
    void abort(1)
  },
  (WARMUP_S + MINUTES * 60 + DRAIN_TIMEOUT_MS / 1000 + 240) * 1000,
)
watchdog.unref()
main()
  .catch((error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exitCode = 1
  })
  .finally(() => {
    cleanUp()
    // Sockets still closing must not keep the process up.
    process.exit(process.exitCode ?? 0)
  })
