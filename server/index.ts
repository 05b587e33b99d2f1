import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { broadcastDevReady } from '@remix-run/node'
import { loadConfig } from './config'
import { createAppContext, startServer } from './app'
import { createLogger } from './logger'

const config = loadConfig()
const logger = createLogger(config.LOG_LEVEL)
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
if (config.isDevelopment) await broadcastDevReady(initialBuild)

function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down')
  const force = setTimeout(() => process.exit(1), 10_000)
  force.unref()
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed')
      process.exit(1)
    },
  )
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
