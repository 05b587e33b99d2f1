import cluster from 'node:cluster'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { broadcastDevReady } from '@remix-run/node'
import type { Logger } from 'pino'
import { loadConfig, type Config } from './config'
import { DRAIN_TIMEOUT_MS } from './drain'
import { checkWorkers, explainStartupFailure } from './startup'
import { createAppContext, prepareDatabase, startServer } from './app'
import { announceReady, runPrimary } from './cluster'
import { createLogger } from './logger'
import { serveClusterMetrics } from './metrics'

// Anything that escapes a request's or a socket's own handling is logged, and the site keeps
// serving: every request and socket handler answers its own errors, so what reaches here is a
// stray callback, and taking the association's site down for it would be the worse outcome.
let logger: Logger | undefined
const logUnexpected = (what: string) => (error: unknown) => (logger ? logger.error({ err: error }, what) : console.error(what, error))
process.on('unhandledRejection', logUnexpected('unhandled rejection'))
process.on('uncaughtException', logUnexpected('uncaught exception'))

let config: Config | undefined
try {
  config = loadConfig()
  logger = createLogger(config.LOG_LEVEL)
  // `npm run dev` stays one process: Remix's dev server talks to the one that serves.
  const workers = config.WEB_CONCURRENCY > 1 && !config.isDevelopment
  if (workers) checkWorkers(config)
  if (workers && cluster.isPrimary) await primary(config, logger)
  else await start(config, logger, workers ? 'worker' : 'single')
} catch (error) {
  // A start that cannot go on says why in one line (the stack only for what we did not foresee).
  const explained = explainStartupFailure(error, config)
  console.error(explained ?? error)
  process.exit(1)
}

/** WEB_CONCURRENCY > 1: this process owns the port and the workers (server/cluster.ts). */
async function primary(config: Config, logger: Logger) {
  // A scrape of /metrics on any worker answers the sum over all of them (server/metrics.ts).
  serveClusterMetrics()
  const { url, workers } = await runPrimary(config, logger, async () => {
    const { database } = await prepareDatabase(config, logger)
    database.sqlite.close()
  })
  logger.info({ url: config.APP_URL ?? url, workers, mail: config.SMTP_URL ? 'smtp' : 'outbox' }, 'Amicale is listening')
  if (!config.APP_URL) logger.warn('APP_URL is not set: links in mail point at this machine (localhost) until it is')
}

async function start(config: Config, logger: Logger, mode: 'single' | 'worker') {
  const buildFile = path.resolve('build/index.js')
  async function importBuild(): Promise<ServerBuild> {
    const fs = await import('node:fs')
    // In development every rebuild gets a fresh module URL, so `remix dev` changes show without a restart.
    const version = !config.isDevelopment ? '' : `?t=${fs.statSync(buildFile).mtimeMs}`
    return (await import(pathToFileURL(buildFile).href + version)) as ServerBuild
  }

  const initialBuild = await importBuild()
  const ctx = await createAppContext(config, logger)
  const server = await startServer(ctx, config.isDevelopment ? importBuild : initialBuild, { fromPrimary: mode === 'worker' })
  if (mode === 'worker') {
    announceReady()
    logger.info({ worker: cluster.worker?.id, pid: process.pid }, 'worker serving')
  } else {
    logger.info({ url: config.APP_URL ?? server.url, mail: ctx.mail.delivery }, 'Amicale is listening')
    if (!config.APP_URL && !config.isDevelopment) logger.warn('APP_URL is not set: links in mail point at this machine (localhost) until it is')
    if (config.isDevelopment) await broadcastDevReady(initialBuild)
  }

  /** Stop accepting, let what is in flight finish (10 s at most), then exit 0. */
  let stopping = false
  function shutdown(signal: string) {
    if (stopping) return
    stopping = true
    logger.info({ signal, inFlight: server.inFlight() }, 'shutting down')
    const force = setTimeout(() => process.exit(1), DRAIN_TIMEOUT_MS + 5_000)
    force.unref()
    server.close().then(
      ({ drained }) => {
        logger.info({ drained }, 'stopped')
        process.exit(0)
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  if (mode === 'single') {
    process.once('SIGTERM', () => shutdown('SIGTERM'))
    process.once('SIGINT', () => shutdown('SIGINT'))
    return
  }
  // A worker hears the primary's signal, and a terminal's Ctrl-C too: one shutdown. A primary
  // that is gone (killed) closes the channel: the worker must not outlive it.
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('disconnect', () => shutdown('primary gone'))
}
