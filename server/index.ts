import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { broadcastDevReady } from '@remix-run/node'
import type { Logger } from 'pino'
import { loadConfig, type Config } from './config'
import { DRAIN_TIMEOUT_MS } from './drain'
import { explainStartupFailure } from './startup'
import { createAppContext, startServer } from './app'
import { createLogger } from './logger'

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
  await start(config, logger)
} catch (error) {
  // A start that cannot go on says why in one line (the stack only for what we did not foresee).
  const explained = explainStartupFailure(error, config)
  console.error(explained ?? error)
  process.exit(1)
}

async function start(config: Config, logger: Logger) {
  const buildFile = path.resolve('build/index.js')
  async function importBuild(): Promise<ServerBuild> {
    const fs = await import('node:fs')
    // In development every rebuild gets a fresh module URL, so `remix dev` changes show without a restart.
    const version = !config.isDevelopment ? '' : `?t=${fs.statSync(buildFile).mtimeMs}`
    return (await import(pathToFileURL(buildFile).href + version)) as ServerBuild
  }

  const initialBuild = await importBuild()
  const ctx = await createAppContext(config, logger)
  const server = await startServer(ctx, config.isDevelopment ? importBuild : initialBuild)
  logger.info({ url: config.APP_URL ?? server.url, mail: ctx.mailer.kind }, 'Amicale is listening')
  if (!config.APP_URL && !config.isDevelopment) logger.warn('APP_URL is not set: links in mail point at this machine (localhost) until it is')
  if (config.isDevelopment) await broadcastDevReady(initialBuild)

  /** Stop accepting, let what is in flight finish (10 s at most), then exit 0. */
  function shutdown(signal: string) {
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
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
}
