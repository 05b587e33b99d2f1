import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { matchRoutes } from '@remix-run/react'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outbox } from '../../db/schema'
import { remixRouteLabeller } from '../../server/metrics'
import { spawnServer, killChildServers } from '../support/child-server'
import { freshDatabase } from '../support/database'
import { HttpClient } from '../support/http'
import { startRedis, type TestRedis } from '../support/redis'
import { startTestServer, type TestServer } from '../support/server'

const TOKEN = 'jeton-de-test-prometheus-0123456789'
let withToken: TestServer
let withoutToken: TestServer
const sockets: Socket[] = []

beforeAll(async () => {
  ;[withToken, withoutToken] = await Promise.all([startTestServer({ METRICS_TOKEN: TOKEN }), startTestServer()])
})
afterAll(async () => {
  for (const socket of sockets) socket.disconnect()
  await Promise.all([withToken?.close(), withoutToken?.close()])
})

const scrape = (app: TestServer, authorization?: string) => fetch(`${app.url}/metrics`, { headers: authorization ? { authorization } : {} })

async function metricsText() {
  const response = await scrape(withToken, `Bearer ${TOKEN}`)
  expect(response.status).toBe(200)
  return response.text()
}

/** The value of one sample (`name{labels}`), or undefined when it is not exposed. */
async function sample(name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  for (const line of (await metricsText()).split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const have = match[2] ? match[2].split(',') : []
    if (wanted.every((l) => have.includes(l)) && have.length === wanted.length) return Number(match[3])
  }
  return undefined
}

describe('GET /metrics', () => {
  it('is an unknown page when METRICS_TOKEN is not set, whatever the request carries', async () => {
    expect((await scrape(withoutToken)).status).toBe(404)
    expect((await scrape(withoutToken, `Bearer ${TOKEN}`)).status).toBe(404)
  })

  it('refuses a missing, wrong or differently shaped token with 401', async () => {
    for (const authorization of [undefined, 'Bearer mauvais-jeton', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, 'Bearer ']) {
      const response = await scrape(withToken, authorization)
      expect(response.status, String(authorization)).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"')
      expect(await response.text()).not.toContain('amicale_')
    }
  })

  it('answers the right token with Prometheus text: Node figures and the app’s own', async () => {
    const response = await scrape(withToken, `bearer ${TOKEN}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = await response.text()
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'amicale_sockets_connected',
      'amicale_outbox_depth',
      'amicale_outbox_oldest_age_seconds',
      'amicale_outbox_failed',
      'amicale_last_backup_age_seconds',
    ])
      expect(text).toMatch(new RegExp(`^${name} \\S+$`, 'm'))
  })

  it('times each request under the Remix route that answered it, never its raw URL', async () => {
    const visitor = new HttpClient(withToken.url)
    const before = (await sample('amicale_http_request_duration_seconds_count', { method: 'GET', route: 'routes/connexion', status: '200' })) ?? 0
    expect((await visitor.get('/connexion')).status).toBe(200)
    await expect.poll(() => sample('amicale_http_request_duration_seconds_count', { method: 'GET', route: 'routes/connexion', status: '200' })).toBe(before + 1)

    // An event id, an unknown path, a loader's JSON, a public file, /healthz: bounded labels only.
    await visitor.get('/evenements/987654')
    await visitor.get('/une-page-qui-nexiste-pas-424242')
    await visitor.get('/connexion?_data=root')
    await visitor.get('/favicon.svg')
    await visitor.get('/healthz')
    // An answer is counted when its last (compressed) byte has left: a moment after the client has it.
    await expect.poll(() => sample('amicale_http_request_duration_seconds_count', { method: 'GET', route: 'healthz', status: '200' })).toBe(1)
    const text = await metricsText()
    expect(text).toMatch(/amicale_http_request_duration_seconds_count\{method="GET",route="routes\/evenements\.\$eventId",status="\d+"\} 1/)
    expect(text).toContain('amicale_http_request_duration_seconds_count{method="GET",route="routes/$",status="404"} 1')
    expect(text).toContain('amicale_http_request_duration_seconds_count{method="GET",route="static",status="200"} 1')
    expect(text).toContain('amicale_http_request_duration_seconds_count{method="GET",route="healthz",status="200"} 1')
    // `?_data=` (Remix before single fetch) is refused, counted under the route it named.
    expect(text).toContain('amicale_http_request_duration_seconds_count{method="GET",route="root",status="400"} 1')
    expect(text).not.toMatch(/987654|424242|_data/)
    // A page's latency falls in its buckets (the +Inf bucket counts every request).
    expect(text).toContain(`amicale_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="routes/connexion",status="200"} ${before + 1}`)
    // A CSRF refusal counts under the route it aimed at; a path that is not even readable, `refused`.
    await fetch(`${withToken.url}/connexion`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: new URLSearchParams({ email: 'a@b.fr' }) })
    await expect.poll(() => sample('amicale_http_request_duration_seconds_count', { method: 'POST', route: 'routes/connexion', status: '403' })).toBe(1)
    expect((await visitor.get('/%E0%A4%A')).status).toBe(404)
    await expect.poll(() => sample('amicale_http_request_duration_seconds_count', { method: 'GET', route: 'refused', status: '404' })).toBe(1)
  })

  it('counts the sockets connected to this process', async () => {
    await expect.poll(() => sample('amicale_sockets_connected')).toBe(0)
    const socket = connect(withToken.url, { transports: ['websocket'], extraHeaders: { origin: withToken.url }, reconnection: false })
    sockets.push(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve())
      socket.once('connect_error', reject)
    })
    await expect.poll(() => sample('amicale_sockets_connected')).toBe(1)
    socket.disconnect()
    await expect.poll(() => sample('amicale_sockets_connected')).toBe(0)
  })

  it('tells how deep and how old the outbox is, and how many mails failed', async () => {
    const baseline = { depth: await sample('amicale_outbox_depth'), failed: await sample('amicale_outbox_failed') }
    expect(baseline).toEqual({ depth: 0, failed: 0 })
    const now = Date.now()
    const mail = { to: 'camille@exemple.fr', subject: 'Votre billet', text: 'Bonjour', html: '<p>Bonjour</p>' }
    // Not due before tomorrow, so the sender leaves it queued while we look.
    withToken.ctx.db
      .insert(outbox)
      .values({ ...mail, status: 'queued', nextAttemptAt: new Date(now + 86_400_000), createdAt: new Date(now - 90_000) })
      .run()
    withToken.ctx.db
      .insert(outbox)
      .values({ ...mail, status: 'failed', attempts: 8, createdAt: new Date(now - 3_600_000) })
      .run()
    await expect.poll(() => sample('amicale_outbox_depth')).toBe(1)
    await expect.poll(() => sample('amicale_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(90)
    await expect.poll(() => sample('amicale_outbox_oldest_age_seconds')).toBeLessThan(200)
    await expect.poll(() => sample('amicale_outbox_failed')).toBe(1)
  })

  it('tells how old the newest backup archive is', async () => {
    // Never backed up: an age no alert threshold can miss.
    await expect.poll(() => sample('amicale_last_backup_age_seconds')).toBeGreaterThan(50 * 365 * 86_400)
    const dir = path.join(withToken.ctx.config.DATA_DIR, 'backups')
    fs.mkdirSync(dir, { recursive: true })
    const archive = (name: string, hoursAgo: number) => {
      const file = path.join(dir, name)
      fs.writeFileSync(file, 'archive')
      const at = new Date(Date.now() - hoursAgo * 3_600_000)
      fs.utimesSync(file, at, at)
    }
    archive('amicale-2026-11-30.tar.gz', 30)
    archive('amicale-2026-12-01.tar.gz', 1)
    // Not an archive of ours: ignored however new.
    archive('notes.txt', 0)
    const age = (await sample('amicale_last_backup_age_seconds'))!
    expect(age).toBeGreaterThanOrEqual(3599)
    expect(age).toBeLessThan(3700)
  })
})

describe('the route label', () => {
  it('is the route Remix matches, for every route of the build and odd paths', async () => {
    const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild
    const manifest = Object.values(build.routes)
    const tree = (parentId?: string): Parameters<typeof matchRoutes>[0] =>
      manifest
        .filter((r) => r.parentId === parentId)
        .map((r) => (r.index ? { id: r.id, path: r.path, index: true } : { id: r.id, path: r.path, children: tree(r.id) }))
    const whole = tree()
    const label = remixRouteLabeller(build)
    // A URL for every route: its full path with each parameter filled in.
    const fullPath = (id: string): string => {
      const route = build.routes[id]
      const parent = route.parentId ? fullPath(route.parentId) : ''
      return route.path ? `${parent}/${route.path}` : parent
    }
    const paths = manifest.map((r) => (fullPath(r.id) || '/').replace(/:\w+/g, 'x42').replace(/\*$/, 'a/b'))
    paths.push(
      '/',
      '/EVENEMENTS/3',
      '/evenements/3/',
      '//evenements',
      '/%C3%A9v%C3%A9nements',
      '/admin/inconnu',
      '/carriere/offres/9/extra',
      '/a%2Fb',
      '/membres',
      '//',
      '/evenements//3',
      '/admin//comptes',
      '/admin/comptes/',
      '/admin/',
      '/evenements/%33/gestion',
      '/evenements/3/calendrier.ICS',
      '/%ZZ',
      '/carriere/offres/x/../y',
    )
    expect(paths.length).toBeGreaterThan(50)
    // Remix matches the path as the URL parser normalises it (and server/remix-handler.ts
    // refuses with 400 a path it cannot parse, like `//`).
    const remix = (p: string) => {
      const pathname = URL.canParse(p, 'http://localhost') ? new URL(p, 'http://localhost').pathname : undefined
      return (pathname !== undefined && matchRoutes(whole, pathname)?.at(-1)?.route.id) || 'refused'
    }
    for (const p of paths) expect(label(p), p).toBe(remix(p))
    // Single fetch: a page's data is labelled as the page.
    for (const p of paths.filter((p) => p !== '/' && !p.endsWith('/'))) expect(label(`${p}.data`), `${p}.data`).toBe(remix(p))
    expect(label('/_root.data')).toBe('routes/_index')
    // Lazy route discovery's endpoint has its label when the flag is on (it is off: the whole manifest is one cached file).
    expect(label('/__manifest')).toBe(build.future.v3_lazyRouteDiscovery ? 'remix:manifest' : 'routes/$')
    expect(remixRouteLabeller({ ...build, future: { ...build.future, v3_lazyRouteDiscovery: true } })('/__manifest')).toBe('remix:manifest')
    // The page's own JSON is labelled by the route it names, an unknown one by its path.
    expect(label('/annuaire', 'routes/annuaire')).toBe('routes/annuaire')
    expect(label('/annuaire', '../../etc/passwd')).toBe('routes/annuaire')
  })
})

describe('WEB_CONCURRENCY=2', () => {
  let redis: TestRedis
  let url: string
  let stop: () => Promise<unknown>
  beforeAll(async () => {
    redis = await startRedis()
    const { databasePath, dataDir } = freshDatabase()
    const server = spawnServer({
      WEB_CONCURRENCY: '2',
      REDIS_URL: redis.url,
      DATABASE_PATH: databasePath,
      DATA_DIR: dataDir,
      METRICS_TOKEN: TOKEN,
      MAP_TILE_URL: '',
    })
    url = await server.listening
    stop = () => (server.child.kill('SIGTERM'), server.exit)
  })
  afterAll(async () => {
    await stop?.()
    killChildServers()
    await redis?.stop()
  })

  it('answers a scrape of either worker with the sum over both', async () => {
    const pages = await Promise.all(Array.from({ length: 8 }, () => fetch(`${url}/connexion`)))
    expect(pages.map((p) => p.status)).toEqual(Array(8).fill(200))
    expect(new Set(pages.map((p) => p.headers.get('x-amicale-worker')))).toEqual(new Set(['1', '2']))
    await Promise.all(pages.map((p) => p.text()))
    // Counted once their last (compressed) byte has left each worker.
    const total = async () =>
      (await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text()).includes('route="routes/connexion",status="200"} 8')
    await expect.poll(total).toBe(true)
    const scrapes = []
    for (let i = 0; i < 4; i++) scrapes.push(await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } }))
    // Round robin: the scrapes were answered by both workers, and each told the same total.
    expect(new Set(scrapes.map((s) => s.headers.get('x-amicale-worker')))).toEqual(new Set(['1', '2']))
    for (const scrape of scrapes) {
      expect(scrape.status).toBe(200)
      expect(await scrape.text()).toContain('amicale_http_request_duration_seconds_count{method="GET",route="routes/connexion",status="200"} 8')
    }
  })
})
