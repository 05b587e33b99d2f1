import cluster, { type Worker } from 'node:cluster'
import http from 'node:http'
import net, { type AddressInfo, type Socket } from 'node:net'
import { setupMaster, setupWorker } from '@socket.io/sticky'
import type { Logger } from 'pino'
import type { RealtimeServer } from '../app/realtime'
import type { Config } from './config'
import { DRAIN_TIMEOUT_MS } from './drain'
import { probeRedis } from './realtime/redis'
import { workerFailedToStart } from './startup'

/**
 * `WEB_CONCURRENCY=N` (N > 1): a primary process owns the port and hands each connection to one
 * of N workers (node:cluster). Socket.IO's long-polling needs every request of a session on the
 * same worker: `@socket.io/sticky` routes by the session id, and new connections go round-robin.
 * The workers share rooms, the bus and connection-state recovery through Redis; the database is
 * the same SQLite file, whose writers take turns.
 */

/** Which worker answered (1…N, a restarted one gets the next number), on every response in cluster mode. */
export const WORKER_HEADER = 'X-Amicale-Worker'

/** A connection that sends nothing is closed after this long (Node's `headersTimeout`, in one process). */
const FIRST_BYTES_TIMEOUT_MS = 60_000
/** A worker that dies is started again after this long, doubled while it keeps dying young. */
const RESTART_DELAY_MS = 1_000
const RESTART_DELAY_MAX_MS = 30_000
const YOUNG_MS = 10_000

type ReadyMessage = { type: 'amicale:ready' }
const isReady = (message: unknown): message is ReadyMessage => (message as ReadyMessage | null)?.type === 'amicale:ready'

/** The primary: database ready, port taken, N workers started; resolves once they all serve. */
export async function runPrimary(config: Config, logger: Logger, prepareDatabase: () => Promise<void>) {
  const count = config.WEB_CONCURRENCY
  // One clear line here rather than N workers each saying it.
  await probeRedis(config.REDIS_URL!)
  // Once, before any worker opens the file: migrations and the demo seed must not run N times at once.
  await prepareDatabase()

  // The primary only reads the first bytes of a connection to route it (sticky takes the socket
  // from Node's HTTP parser, and its time limits with it): one that sends nothing is closed here;
  // the worker that gets the rest applies the usual limits (see `serveFromPrimary`).
  const server = http.createServer()
  setupMaster(server, { loadBalancingMethod: 'round-robin' })
  server.on('connection', (socket: Socket) => {
    socket.setTimeout(FIRST_BYTES_TIMEOUT_MS, () => socket.destroy())
    socket.once('data', () => socket.setTimeout(0))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.PORT, config.HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  // Sticky hands over the first bytes of each connection as a Buffer: the advanced serialization keeps it one.
  cluster.setupPrimary({ serialization: 'advanced' })

  let stopping = false
  const bornAt = new Map<number, number>()
  const restarts = new Set<NodeJS.Timeout>()
  let delay = RESTART_DELAY_MS

  const fork = () => {
    // PORT as bound (PORT=0 picks one): the workers build their links from it when APP_URL is unset.
    const worker = cluster.fork({ PORT: String(port) })
    bornAt.set(worker.id, Date.now())
    deliverToWorker(worker)
    return worker
  }

  // First start: every worker must come up, or the whole start fails (the worker said why).
  const workers = Array.from({ length: count }, fork)
  await new Promise<void>((resolve, reject) => {
    let ready = 0
    for (const worker of workers) {
      const onExit = (code: number | null, signal: string | null) => reject(workerFailedToStart(worker.id, code, signal))
      worker.once('exit', onExit)
      worker.on('message', (message: unknown) => {
        if (!isReady(message)) return
        worker.off('exit', onExit)
        if (++ready === count) resolve()
      })
    }
  }).catch(async (error: unknown) => {
    stopping = true
    await stopWorkers(
      Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w),
      'SIGTERM',
      5_000,
    )
    throw error
  })

  cluster.on('exit', (worker, code, signal) => {
    const age = Date.now() - (bornAt.get(worker.id) ?? 0)
    bornAt.delete(worker.id)
    if (stopping) return
    // A worker that keeps dying young (a bad deploy, Redis gone) is not restarted in a tight loop.
    if (age >= YOUNG_MS) delay = RESTART_DELAY_MS
    const wait = delay
    delay = Math.min(delay * 2, RESTART_DELAY_MAX_MS)
    logger.error({ worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: wait }, 'worker stopped unexpectedly: starting another')
    const timer = setTimeout(() => {
      restarts.delete(timer)
      if (!stopping) fork()
    }, wait)
    restarts.add(timer)
  })

  /** Stop taking connections, let every worker drain (server/drain.ts), then exit. */
  async function shutdown(signal: NodeJS.Signals) {
    if (stopping) return
    stopping = true
    logger.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, 'shutting down')
    restarts.forEach(clearTimeout)
    server.close()
    const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w)
    // The workers' own limit, and a little more for their goodbyes.
    const codes = await stopWorkers(live, 'SIGTERM', DRAIN_TIMEOUT_MS + 10_000)
    const clean = codes.every((code) => code === 0)
    logger.info({ workers: codes }, 'stopped')
    process.exit(clean ? 0 : 1)
  }
  // Several signals may come (a terminal's Ctrl-C reaches the whole group): one shutdown.
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  return { url: `http://localhost:${port}`, port, workers: count }
}

/**
 * Signals the workers (through their process: the IPC channel must stay open, the primary relays
 * the bytes of some requests over it) and resolves with their exit codes; SIGKILL after `timeoutMs`.
 */
async function stopWorkers(workers: Worker[], signal: NodeJS.Signals, timeoutMs: number): Promise<(number | null)[]> {
  const exits = workers.map(
    (worker) =>
      new Promise<number | null>((resolve) => {
        if (worker.process.exitCode !== null || worker.process.signalCode !== null) return resolve(worker.process.exitCode)
        worker.once('exit', (code: number | null) => resolve(code))
      }),
  )
  for (const worker of workers) worker.process.kill(signal)
  const force = setTimeout(() => workers.forEach((w) => w.process.kill('SIGKILL')), timeoutMs)
  const codes = await Promise.all(exits)
  clearTimeout(force)
  return codes
}

/**
 * What sticky sends a worker goes through here, for two reasons. It hands a connection to any
 * worker of `cluster.workers`, a starting one included, whose messages would be dropped until its
 * code has loaded: so they are kept (their sockets unread) until it says it serves, then given in
 * order, or closed if it dies first. And Node keeps reading a socket it sends until the worker
 * acknowledges it, throwing away what it reads: the first frame a WebSocket client sends right
 * after the upgrade (Socket.IO's CONNECT) was lost that way about once in twenty connections.
 * Reading stops before the socket leaves, so those bytes wait in the kernel for the worker.
 */
function deliverToWorker(worker: Worker) {
  const send = worker.send.bind(worker) as (...args: unknown[]) => boolean
  const sockets = (args: unknown[]) => args.filter((arg): arg is Socket => arg instanceof net.Socket)
  // Node's own handle: `pause()` alone would let it read on into the stream's buffer.
  const stopReading = (args: unknown[]) => sockets(args).forEach((socket) => (socket as unknown as { _handle?: { readStop?(): number } })._handle?.readStop?.())
  const handOver = (args: unknown[]) => {
    stopReading(args)
    return send(...args)
  }
  const held: unknown[][] = []
  let serving = false
  worker.send = ((...args: unknown[]) => {
    if (!String((args[0] as { type?: unknown } | null)?.type).startsWith('sticky:')) return send(...args)
    if (serving) return handOver(args)
    stopReading(args)
    held.push(args)
    return true
  }) as Worker['send']
  worker.on('message', (message: unknown) => {
    if (!isReady(message) || serving) return
    serving = true
    for (const args of held.splice(0)) handOver(args)
  })
  worker.once('exit', () => {
    for (const args of held.splice(0)) sockets(args).forEach((socket) => socket.destroy())
  })
}

/** In a worker: take connections from the primary instead of listening, and say which worker answers. */
export function serveFromPrimary(httpServer: http.Server, io: RealtimeServer) {
  const id = String(cluster.worker?.id ?? 0)
  httpServer.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => res.setHeader(WORKER_HEADER, id))
  // The WebSocket upgrade's answer is written by the ws library: Engine.IO lets us add to its headers.
  io.engine.on('initial_headers', (headers: Record<string, string>) => (headers[WORKER_HEADER] = id))
  // Node checks `headersTimeout` and `requestTimeout` only for a server that listens: started
  // here by hand, so a request trickled byte by byte is cut as it would be in one process.
  const tracking = httpServer.listeners('listening').find((listener) => listener.name === 'setupConnectionsTracking')
  if (tracking) tracking.call(httpServer)
  setupWorker(io as unknown as Parameters<typeof setupWorker>[0])
}

/** In a worker: tell the primary this one serves. */
export function announceReady() {
  process.send?.({ type: 'amicale:ready' } satisfies ReadyMessage)
}
