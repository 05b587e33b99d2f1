import cluster, { type Worker } from 'node:cluster'
import crypto from 'node:crypto'
import type http from 'node:http'
import type { ServerBuild } from '@remix-run/node'
import { matchRoutes } from '@remix-run/react'
import type { RequestHandler } from 'express'
import { AggregatorRegistry, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { AppContext } from '../app/context.server'
import { backupDirectory, newestArchive } from '../app/features/admin/backups.server'
import { mailQueueStats } from '../app/shared/mail-queue.server'

// Prometheus metrics of one process (one worker). Default Node metrics (RSS, heap, GC,
// event-loop lag from `monitorEventLoopDelay`) live in one registry per process; the app's own
// (HTTP latency by route, sockets, outbox, age of the newest backup) in one registry per server,
// so that two servers in one process (the tests) never mix their figures. `/metrics` serves both,
// or, in a cluster worker, the sum over every worker through the primary (`serveClusterMetrics`).

type BuildSource = ServerBuild | (() => Promise<ServerBuild>)
type RouteObject = Parameters<typeof matchRoutes>[0][number]

/** Fixed labels for what is not a Remix route, so that `route` never takes a raw URL. */
export const ROUTE_LABELS = {
  static: 'static',
  healthz: 'healthz',
  metrics: 'metrics',
  socketIo: '/socket.io',
  refused: 'refused',
  manifest: 'remix:manifest',
} as const

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const METHODS = new Set(['GET', 'HEAD', 'POST'])

let processRegistry: Registry | undefined
/** Node's own metrics, once per process: they describe the process, whatever serves in it. */
function defaultMetrics() {
  if (!processRegistry) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry })
  }
  return processRegistry
}

export type Metrics = ReturnType<typeof createMetrics>

export function createMetrics(ctx: Pick<AppContext, 'config' | 'db' | 'logger' | 'now'>) {
  const registry = new Registry()
  const httpDuration = new Histogram({
    name: 'amicale_http_request_duration_seconds',
    help: 'Time from the request reaching Express to the last byte of the answer, by Remix route id (or static, healthz, metrics, /socket.io, remix:manifest, refused).',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  })

  let sockets: (() => number) | undefined
  new Gauge({
    name: 'amicale_sockets_connected',
    help: 'Socket.IO connections open on this process.',
    registers: [registry],
    collect() {
      this.set(sockets?.() ?? 0)
    },
  })

  // One read of the queue per scrape, shared by its three gauges: a registry collects its gauges
  // in the order they were made, so the first reads and the two others use its figures. Every
  // worker reads the same database: across workers they keep the highest figure, never the sum.
  let queue: ReturnType<typeof mailQueueStats> | undefined
  const queueGauge = (name: string, help: string, pick: (stats: ReturnType<typeof mailQueueStats>) => number, read = false) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      aggregator: 'max',
      collect() {
        try {
          if (read || !queue) queue = mailQueueStats(ctx.db, ctx.now())
          this.set(pick(queue))
        } catch (error) {
          ctx.logger.warn({ err: error }, 'metrics: mail queue unreadable')
        }
      },
    })
  queueGauge('amicale_outbox_depth', 'Mails queued or being sent, not yet delivered.', (s) => s.depth, true)
  queueGauge('amicale_outbox_oldest_age_seconds', 'How long the oldest undelivered mail has waited (0 when none).', (s) => s.oldestAgeSeconds)
  queueGauge('amicale_outbox_failed', 'Mails the sender gave up on (status failed).', (s) => s.failed)

  // The newest archive in BACKUP_DIR, as the admin pages show it: a nightly one or one taken by
  // hand (`npm run backup`). Never backed up: the age since 1970, so that an alert on the age
  // fires (+Inf would not survive the JSON that carries a worker's figures to the primary).
  const backupDir = backupDirectory(ctx.config)
  new Gauge({
    name: 'amicale_last_backup_age_seconds',
    help: 'Seconds since the newest backup archive in BACKUP_DIR was written; since 1970 when there is none.',
    registers: [registry],
    aggregator: 'min',
    collect() {
      const newest = newestArchive(backupDir)
      this.set(Math.max(0, (ctx.now().getTime() - (newest?.at.getTime() ?? 0)) / 1000))
    },
  })

  const scraped = Registry.merge([defaultMetrics(), registry])
  if (cluster.isWorker) {
    // The primary's AggregatorRegistry asks each worker for these (its listener is added once).
    AggregatorRegistry.setRegistries([scraped])
    new AggregatorRegistry()
    process.send?.({ type: HELLO })
  }

  /** First middleware: times every request Express sees, labelled when it finishes. */
  const observeRequests: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint()
    res.once('finish', () => {
      const route = (res.locals.metricsRoute as string | undefined) ?? fixedRoute(req.path, res.statusCode)
      observe(req.method, route, res.statusCode, started)
    })
    next()
  }

  function observe(method: string | undefined, route: string, status: number, started: bigint) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    httpDuration.observe({ method: METHODS.has(method ?? '') ? method : 'other', route, status: String(status) }, seconds)
  }

  /** Socket.IO answers its HTTP requests (polling, handshakes) before Express: timed here. */
  function watchSockets(server: http.Server, count: () => number) {
    sockets = count
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (!req.url?.startsWith('/socket.io/')) return
      const started = process.hrtime.bigint()
      res.once('finish', () => observe(req.method, ROUTE_LABELS.socketIo, res.statusCode, started))
    })
  }

  return {
    registry: scraped,
    observeRequests,
    /** Just before Remix: the request's label is the id of the route Remix will match. */
    tagRemixRoute: (build: BuildSource): RequestHandler => {
      if (typeof build !== 'function') {
        const label = remixRouteLabeller(build)
        return (req, res, next) => {
          res.locals.metricsRoute = label(req.path, req.query._data)
          next()
        }
      }
      // Development: the build changes under us; one labeller per build object.
      const labellers = new WeakMap<ServerBuild, ReturnType<typeof remixRouteLabeller>>()
      return (req, res, next) => {
        build().then((current) => {
          let label = labellers.get(current)
          if (!label) labellers.set(current, (label = remixRouteLabeller(current)))
          res.locals.metricsRoute = label(req.path, req.query._data)
          next()
        }, next)
      }
    },
    watchSockets,
    /** The text Prometheus scrapes: this process's, or every worker's through the primary. */
    async exposition(): Promise<{ contentType: string; text: string }> {
      if (cluster.isWorker && clusterPrimaryServes) {
        const text = await askPrimary().catch((error: unknown) => {
          ctx.logger.warn({ err: error }, 'metrics: the primary did not aggregate; serving this worker only')
          return undefined
        })
        if (text !== undefined) return { contentType: scraped.contentType, text }
      }
      return { contentType: scraped.contentType, text: await scraped.metrics() }
    },
  }
}

/** Paths that never reach Remix: labelled by what answered them. */
function fixedRoute(path: string, status: number): string {
  if (path === '/healthz') return ROUTE_LABELS.healthz
  if (path === '/metrics') return ROUTE_LABELS.metrics
  if (path.startsWith('/build/')) return ROUTE_LABELS.static
  // public/ files (express.static); a path that is not valid percent-encoding is a 404.
  return status < 400 ? ROUTE_LABELS.static : ROUTE_LABELS.refused
}

/**
 * The id of the route Remix matches for a path, found by react-router's own `matchRoutes` over
 * the build's route tree (built once): the branches' ranking and each path's matches are kept by
 * our patch of @remix-run/router (patches/), so a label costs a lookup for a path already seen.
 * `tests/integration/metrics.test.ts` checks the labels on every route of the build and odd paths.
 */
export function remixRouteLabeller(build: ServerBuild): (path: string, dataParam?: unknown) => string {
  const manifest = Object.values(build.routes)
  const ids = new Set(manifest.map((r) => r.id))
  const match = wholeTreeMatcher(build)
  const manifestPath = `${build.basename ?? '/'}/__manifest`.replace(/\/+/g, '/')
  return (path, dataParam) => {
    // `?_data=<route id>` is a loader's or action's JSON: Remix runs that route.
    if (typeof dataParam === 'string' && ids.has(dataParam)) return dataParam
    let pathname: string
    try {
      // What Remix matches: the path as the URL parser normalises it (dot segments, `\`…).
      pathname = new URL(path, 'http://localhost').pathname
    } catch {
      return ROUTE_LABELS.refused
    }
    // Lazy route discovery asks for the routes of the links on a page.
    if (build.future.v3_lazyRouteDiscovery && pathname === manifestPath) return ROUTE_LABELS.manifest
    // Single fetch: `/evenements/3.data` is the data of `/evenements/3`, `/_root.data` that of `/`.
    if (build.future.v3_singleFetch && pathname.endsWith('.data')) pathname = pathname.replace(/\.data$/, '').replace(/^\/_root$/, '/')
    return match(pathname) ?? ROUTE_LABELS.refused
  }
}

function wholeTreeMatcher(build: ServerBuild): (path: string) => string | undefined {
  const manifest = Object.values(build.routes)
  const childrenOf = (parentId: string | undefined): RouteObject[] =>
    manifest
      .filter((r) => r.parentId === parentId)
      .map((r) =>
        r.index
          ? { id: r.id, path: r.path, index: true, caseSensitive: r.caseSensitive }
          : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: childrenOf(r.id) },
      )
  const routes = childrenOf(undefined)
  return (path) => matchRoutes(routes, path, build.basename)?.at(-1)?.route.id
}

/** `GET /metrics`, only with `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time). */
export function metricsEndpoint(metrics: Metrics, token: string): RequestHandler {
  const expected = digest(token)
  return (req, res, next) => {
    const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '')?.[1] ?? ''
    if (!crypto.timingSafeEqual(digest(given), expected)) {
      res.status(401).set({ 'WWW-Authenticate': 'Bearer realm="metrics"', 'Cache-Control': 'no-store' }).type('text/plain').send('Unauthorized\n')
      return
    }
    metrics.exposition().then(({ contentType, text }) => {
      // As prom-client names it (Express's `send` would reorder the charset).
      res.status(200).setHeader('Content-Type', contentType)
      res.setHeader('Cache-Control', 'no-store')
      res.end(req.method === 'HEAD' ? undefined : text)
    }, next)
  }
}

const digest = (value: string) => crypto.createHash('sha256').update(value).digest()

// ---------------------------------------------------------------------------------------------
// Several workers (node:cluster): each has its own registries; a scrape of any worker answers the
// sum over all of them, aggregated by prom-client's AggregatorRegistry in the primary.
// ---------------------------------------------------------------------------------------------
const ASK = 'amicale:metrics-ask'
const ANSWER = 'amicale:metrics-answer'
const HELLO = 'amicale:metrics-hello'
const READY = 'amicale:metrics-ready'
/** Set in a worker once the primary has said that it aggregates (`serveClusterMetrics`). */
let clusterPrimaryServes = false
let asked = 0
const waiting = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>()
if (cluster.isWorker) {
  process.on('message', (message: { type?: string; id?: number; text?: string; error?: string } | null) => {
    if (message?.type === READY) clusterPrimaryServes = true
    if (message?.type !== ANSWER || message.id === undefined) return
    const pending = waiting.get(message.id)
    waiting.delete(message.id)
    if (message.error !== undefined) pending?.reject(new Error(message.error))
    else pending?.resolve(message.text ?? '')
  })
}

function askPrimary(): Promise<string> {
  const id = ++asked
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id)
      reject(new Error('no answer from the primary within 6 s'))
    }, 6_000)
    waiting.set(id, {
      resolve: (text) => (clearTimeout(timer), resolve(text)),
      reject: (error) => (clearTimeout(timer), reject(error)),
    })
    process.send?.({ type: ASK, id })
  })
}

/**
 * In the primary, once, before the workers start: answers a worker's scrape with every worker's
 * metrics aggregated (counters and histograms summed, gauges as each declares: sockets summed,
 * the queue's highest). A worker says hello once its metrics exist (a message sent to a worker
 * whose code has not loaded yet would be lost), and is told then that the primary aggregates.
 * A worker that is still starting does not answer: for those 5 s a scrape gets its own worker's.
 */
export function serveClusterMetrics() {
  if (!cluster.isPrimary) return
  const aggregator = new AggregatorRegistry()
  const tell = (worker: Worker) => worker.isConnected() && worker.send({ type: READY })
  cluster.on('message', (worker, message: { type?: string; id?: number }) => {
    if (message?.type === HELLO) return void tell(worker)
    if (message?.type !== ASK) return
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ type: ANSWER, id: message.id, text }),
      (error: Error) => worker.isConnected() && worker.send({ type: ANSWER, id: message.id, error: error.message }),
    )
  })
}
