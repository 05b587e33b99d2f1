import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Logger } from 'pino'
import { createAuth, hashPassword } from '../app/services/auth.server'
import type { AppContext } from '../app/services/context.server'
import { createMailer } from '../app/services/mail.server'
import { createDemoGateway, createStripeGateway } from '../app/services/payments.server'
import { migrateDatabase, openDatabase } from '../db/client'
import { seedDemo } from '../db/seed'
import type { Config } from './config'
import { createExpressApp, type BuildSource } from './http'
import { createLogger } from './logger'
import { createBus } from './realtime/bus'
import { createSearchEngine } from '../search'
import { createGazetteer } from '../app/services/gazetteer.server'
import { reindexDirectory } from '../app/services/directory.server'
import { keepSearchInSync } from './search-sync'
import { keepGroupsInSync } from './groups-sync'
import { startCareerAlerts } from './jobs/career-alerts'
import { startEventJobs } from './jobs/events'
import { attachRealtime } from './realtime'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const DEMO_PASSWORD = 'amicale-demo-2026'

/** Builds every stateful singleton of the process, once. */
export async function createAppContext(config: Config, logger: Logger = createLogger(config.LOG_LEVEL)) {
  const database = openDatabase(config.DATABASE_PATH)
  migrateDatabase(database)
  if (config.SEED_DEMO) {
    const started = Date.now()
    const result = seedDemo(database, { passwordHash: await hashPassword(DEMO_PASSWORD) })
    if (result.seeded) logger.info({ users: result.users, ms: Date.now() - started }, 'demo data seeded')
  }
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    auth: createAuth(database.db),
    mailer: createMailer({
      smtpUrl: config.SMTP_URL,
      from: config.MAIL_FROM,
      db: database.db,
      logger,
      logBodies: config.isDevelopment,
    }),
    payments: config.STRIPE_SECRET_KEY
      ? createStripeGateway({ secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET!, apiUrl: config.STRIPE_API_URL })
      : createDemoGateway(),
    search: createSearchEngine({ MEILI_HOST: config.MEILI_HOST, MEILI_MASTER_KEY: config.MEILI_MASTER_KEY }),
    gazetteer: createGazetteer(),
    bus: createBus(),
    presence: { isConnected: async () => false },
    logger,
    now: () => new Date(),
  }
  // Meilisearch gets its index settings at every start; an unreachable one degrades /healthz, not the site.
  await ctx.search.init().catch((error: unknown) => logger.error({ err: error }, 'search engine unreachable at start'))
  // The embedded index lives in memory: build it from the database at every start.
  if (ctx.search.name === 'embedded') {
    const started = Date.now()
    const count = await reindexDirectory(ctx)
    logger.info({ members: count, ms: Date.now() - started }, 'directory indexed')
  }
  keepSearchInSync(ctx)
  keepGroupsInSync(ctx)
  return ctx
}

/** Remix and Socket.IO on one HTTP server; resolves once listening. */
export async function startServer(ctx: AppContext, build: BuildSource) {
  const app = createExpressApp(ctx, build, { publicDir: path.join(root, 'public') })
  const server = http.createServer(app)
  const realtime = await attachRealtime(server, ctx)
  const careerAlerts = startCareerAlerts(ctx)
  const eventJobs = startEventJobs(ctx)
  await new Promise<void>((resolve) => server.listen(ctx.config.PORT, ctx.config.HOST, resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://localhost:${port}`

  let closing: Promise<void> | undefined
  async function close() {
    closing ??= (async () => {
      await careerAlerts.stop()
      await eventJobs.stop()
      await realtime.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      ctx.database.sqlite.close()
    })()
    return closing
  }
  return { url, port, server, io: realtime.io, close }
}
