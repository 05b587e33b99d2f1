/**
 * Pages under load (issue #19): the real, compiled server (`build/server/index.js`, as `npm start`
 * runs it) on a fresh data folder seeded with the demo association, one process, logged in as a
 * paying member, each main page hammered by autocannon in this process.
 *
 *   npm run bench:pages                         # builds, then runs
 *   BENCH_SECONDS=10 BENCH_ONLY=thread,annuaire npx tsx scripts/bench-pages.ts
 *
 * Per page two passes: BENCH_CONNECTIONS (50) connections for BENCH_SECONDS (20) s, as fast as
 * the server answers (saturated); then the same page at half the saturated rate (open loop, evenly
 * spaced), where p99 is the figure that matters. One JSON line per pass:
 * req/s, p50, p90, p99, max (ms), bytes per answer, non-2xx answers and errors. The thread page is
 * a discussion of 20 messages written for the bench; the member's session is put in the database.
 * The load generator shares the machine's cores with the server (as wrk did for the issue's
 * figures): the numbers are this machine's, not a server's alone. BENCH_DUMP=<folder> writes each
 * page's HTML there.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import http from 'node:http'
import autocannon from 'autocannon'
import { benchChildren, childCpuSeconds, sleep } from './bench-children'
import { appEnv, insertChatGroup, positiveSetting } from './bench-seed'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const log = (...parts: unknown[]) => process.stderr.write(`[bench:pages] ${parts.join(' ')}\n`)
const SECONDS = positiveSetting('BENCH_SECONDS', 20)
const CONNECTIONS = positiveSetting('BENCH_CONNECTIONS', 50, { integer: true })
const ONLY = process.env.BENCH_ONLY?.split(',').filter(Boolean)
const line = (fields: Record<string, unknown>) => console.log(JSON.stringify(fields))

const { tempDirs, cleanUp, abort, startChild, stopChild } = benchChildren(root, log)

/** The member's session and the pages' addresses, written into the seeded database. */
async function fixtures(databasePath: string) {
  const { openDatabase, schema } = await import('../db/client')
  const database = openDatabase(databasePath)
  const { sqlite, db } = database
  const member = sqlite.prepare(`select id from users where email = 'alumni@amicale.example'`).get() as { id: string }
  const authors = (
    sqlite.prepare(`select u.id from users u join memberships m on m.user_id = u.id where u.status = 'active' and m.status = 'active' limit 20`).all() as {
      id: string
    }[]
  ).map((r) => r.id)
  const session = crypto.randomBytes(20).toString('hex')
  const created = new Date(Date.now() - 3600_000)
  const made = db.transaction((tx) => {
    tx.insert(schema.sessions)
      .values({ id: session, userId: member.id, expiresAt: Math.floor(Date.now() / 1000) + 86_400 })
      .run()
    const { groupId } = insertChatGroup(tx, 'Banc d’essai des pages', 'Le groupe du banc d’essai', created)
    tx.insert(schema.groupMembers).values({ groupId, userId: member.id, role: 'member', status: 'active', joinedAt: created }).run()
    const thread = tx
      .insert(schema.threads)
      .values({ groupId, kind: 'thread', title: 'Retour sur la soirée des promotions', authorId: authors[0], createdAt: created, lastMessageAt: created })
      .returning({ id: schema.threads.id })
      .get()
    for (let i = 0; i < 20; i++)
      tx.insert(schema.messages)
        .values({
          threadId: thread.id,
          groupId,
          authorId: authors[i % authors.length],
          body: `Message ${i + 1} : merci à **toutes et tous** pour cette belle soirée, on remet ça au printemps ? Les photos sont sur le drive de la promotion.`,
          createdAt: new Date(created.getTime() + i * 60_000),
        })
        .run()
    return { groupId, threadId: thread.id }
  })
  const first = (sql: string) => (sqlite.prepare(sql).get() as { id: string | number } | undefined)?.id
  const event = first(`select id from events where status = 'published' and starts_at > ${Date.now()} order by starts_at limit 1`)
  database.sqlite.close()
  const pages: Record<string, string> = {
    home: '/',
    annuaire: '/annuaire',
    thread: `/discussions/${made.threadId}`,
    group: `/groupes/${made.groupId}`,
    events: '/evenements',
    ...(event ? { event: `/evenements/${event}` } : {}),
    offers: '/carriere/offres',
    account: '/mon-compte',
  }
  return { cookie: `amicale_session=${session}`, pages }
}

type Measured = { requests: number; seconds: number; latencies: number[]; bytes: number; non2xx: number; errors: number; autocannon?: unknown }

/** As fast as the server answers: autocannon, CONNECTIONS connections kept busy. */
function saturate(url: string, cookie: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = []
    const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { cookie, accept: 'text/html' } }, (error, result) =>
      error
        ? reject(error)
        : resolve({
            requests: result.requests.total,
            seconds: result.duration,
            latencies,
            bytes: result.throughput.total,
            non2xx: result.non2xx,
            errors: result.errors + result.timeouts,
            autocannon: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
          }),
    )
    instance.on('response', (_client, _status, _size, ms: number) => latencies.push(ms))
    instance.on('error', reject)
  })
}

/**
 * Open loop at a fixed rate: the i-th request leaves at start + i / rate whatever the earlier ones
 * do (autocannon's own rate sends each connection's share in bursts, which measures the bursts).
 */
async function paced(url: string, cookie: string, rate: number): Promise<Measured> {
  // FIFO keeps every pooled connection in use: an idle one would be closed by the server (5 s) under the client's feet.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, scheduling: 'fifo' })
  const latencies: number[] = []
  let bytes = 0
  let non2xx = 0
  let errors = 0
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now()
      const request = http.get(url, { agent, headers: { cookie, accept: 'text/html' } }, (response) => {
        if (response.statusCode !== 200) non2xx++
        response.on('data', (chunk: Buffer) => (bytes += chunk.length))
        response.on('end', () => {
          latencies.push(performance.now() - started)
          resolve()
        })
      })
      request.on('error', () => {
        errors++
        resolve()
      })
    })
  const start = performance.now()
  const total = Math.round(rate * SECONDS)
  const inFlight: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await sleep(wait)
    inFlight.push(one())
  }
  await Promise.all(inFlight)
  agent.destroy()
  return { requests: latencies.length, seconds: (performance.now() - start) / 1000, latencies, bytes, non2xx, errors }
}

function report(name: string, path: string, kind: string, result: Measured, cpu: number | null) {
  const sorted = [...result.latencies].sort((a, b) => a - b)
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN)
  line({
    bench: 'pages',
    page: name,
    path,
    pass: kind,
    ...(kind === 'saturated' ? { connections: CONNECTIONS } : {}),
    seconds: SECONDS,
    req_s: Math.round(result.requests / result.seconds),
    p50_ms: at(0.5),
    p90_ms: at(0.9),
    p99_ms: at(0.99),
    max_ms: Math.round(sorted[sorted.length - 1] ?? NaN),
    bytes: result.requests ? Math.round(result.bytes / result.requests) : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    ...(result.autocannon ? { autocannon: result.autocannon, samples: result.latencies.length } : {}),
    ...(cpu !== null ? { server_cpu_ms_per_request: Math.round((cpu * 1000 * 100) / Math.max(1, result.requests)) / 100 } : {}),
  })
}

async function main() {
  if (!fs.existsSync(path.join(root, 'build/server/index.js'))) throw new Error('build/server/index.js is missing: run `npm run build` first')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-bench-pages-'))
  tempDirs.add(dir)
  line({
    bench: 'machine',
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model,
    cores: os.availableParallelism(),
    node: process.version,
    load: os.loadavg(),
  })
  // The first start seeds the demo association; the bench's rows go in once it is listening.
  // PAGE_CONCURRENCY and WEB_CONCURRENCY (with REDIS_URL) reach the server; no other setting does.
  const passed = Object.fromEntries(['PAGE_CONCURRENCY', 'WEB_CONCURRENCY', 'REDIS_URL'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])))
  const env = appEnv(dir, { SEED_DEMO: 'true', ...passed })
  // BENCH_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` for a profile of the server.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const { child, url: listening } = startChild([...nodeArgs, 'build/server/index.js'], env, 'Amicale is listening', 'app')
  try {
    const url = await listening
    const { cookie, pages } = await fixtures(env.DATABASE_PATH!)
    for (const [name, page] of Object.entries(pages)) {
      if (ONLY && !ONLY.includes(name)) continue
      const check = await fetch(`${url}${page}`, { headers: { cookie }, redirect: 'manual' })
      if (check.status !== 200) throw new Error(`${page} answered ${check.status}`)
      const html = await check.text()
      // BENCH_DUMP: a folder where each page's HTML is written, to see what a page carries.
      if (process.env.BENCH_DUMP) fs.writeFileSync(path.join(process.env.BENCH_DUMP, `${name}.html`), html)
      // A short warm-up (JIT, caches), not measured.
      await new Promise<void>((resolve, reject) =>
        autocannon({ url: `${url}${page}`, connections: 10, duration: 2, headers: { cookie } }, (e) => (e ? reject(e) : resolve())),
      )
      let cpu = childCpuSeconds(child.pid)
      const saturated = await saturate(`${url}${page}`, cookie)
      const after = childCpuSeconds(child.pid)
      report(name, page, 'saturated', saturated, cpu !== null && after !== null ? after - cpu : null)
      await sleep(1000)
      cpu = childCpuSeconds(child.pid)
      const half = await paced(`${url}${page}`, cookie, Math.max(1, saturated.requests / saturated.seconds / 2))
      const after2 = childCpuSeconds(child.pid)
      report(name, page, 'half', half, cpu !== null && after2 !== null ? after2 - cpu : null)
      await sleep(1000)
    }
  } finally {
    await stopChild(child)
  }
}

process.on('SIGINT', () => void abort(130))
main()
  .then(() => cleanUp())
  .catch((error: unknown) => {
    console.error(error)
    cleanUp()
    process.exit(1)
  })
