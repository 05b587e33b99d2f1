import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Logger } from 'pino'
import { createAuth, hashPassword } from '../app/features/accounts/auth.server'
import { createMailQueue } from '../app/shared/mail-queue.server'
import { mailTemplates } from '../app/mail-templates.server'
import { createDemoGateway, createStripeGateway } from '../app/features/dues/payments.server'
import { migrateDatabase, openDatabase } from '../db/client'
import type { Config } from './config'
import { createExpressApp, type BuildSource } from './http'
import { createLogger } from './logger'
import { createMetrics } from './metrics'
import { createBus, createRedisBus, type ServerContext } from './realtime/bus'
import { createTransport, startMailSender } from './mail-sender'
import { createSearchEngine } from '../search'
import { createGazetteer } from '../app/shared/gazetteer.server'
import { reindexDirectory } from '../app/features/directory/directory.server'
import { keepSearchInSync } from './search-sync'
import { keepGroupsInSync } from './groups-sync'
import { startCareerAlerts } from './jobs/career-alerts'
import { startEventJobs } from './jobs/events'
import { startModerationJobs } from './jobs/moderation'
import { startElectionJobs } from './jobs/elections'
import { createElectionsCrypto } from './elections-pool'
import { startRosterJobs } from './jobs/roster'
import { startCampaignJobs } from './jobs/campaigns'
import { startExportSweep, startRetentionJob } from './jobs/privacy'
import { startBackupSchedule } from './backups/schedule'
import { attachRealtime } from './realtime'
import { serveFromPrimary } from './cluster'
import { DRAIN_TIMEOUT_MS, trackInFlight } from './drain'
import { monitorIntegrity, quickCheck, type IntegrityState } from './integrity'
import { checkDataDir, corruptDatabase } from './startup'
import { projectRoot } from './project-root'

const root = projectRoot()
export const DEMO_PASSWORD = 'amicale-demo-2026'

/**
 * Opens the database, refuses a damaged one, applies the migrations and seeds the demo data. Run
 * by the process that serves, or once by the primary before its workers (WEB_CONCURRENCY).
 */
export async function prepareDatabase(config: Config, logger: Logger) {
  checkDataDir(config.DATA_DIR)
  const database = openDatabase(config.DATABASE_PATH)
  // A damaged file is stopped at the door: serving from it would spread the damage.
  const integrity = quickCheck(database)
  if (!integrity.ok) {
    database.sqlite.close()
    throw corruptDatabase(config.DATABASE_PATH, integrity.problems.join(' ; '))
  }
  migrateDatabase(database)
  if (config.SEED_DEMO) {
    const started = Date.now()
    // Loaded only when asked for: the seed brings faker, which a production process never needs.
    const { seedDemo } = await import('../db/seed')
    const result = seedDemo(database, { passwordHash: await hashPassword(DEMO_PASSWORD) })
    if (result.seeded) {
      // The elections need the crypto of app/, which db/ may not import: seeded from here.
      const { insertDemoElections } = await import('../app/features/elections/demo.server')
      database.db.transaction((tx) => insertDemoElections(tx, new Date()), { behavior: 'immediate' })
      logger.info({ users: result.users, ms: Date.now() - started }, 'demo data seeded')
    }
  }
  return { database, integrity }
}

/** Builds every stateful singleton of the process, once. */
export async function createAppContext(config: Config, logger: Logger = createLogger(config.LOG_LEVEL)) {
  const { database, integrity } = await prepareDatabase(config, logger)
  const ctx: ServerContext = {
    config,
    database,
    db: database.db,
    auth: createAuth(database.db),
    mail: createMailQueue(database.db, config.SMTP_URL ? 'smtp' : 'outbox'),
    payments: config.STRIPE_SECRET_KEY
      ? createStripeGateway({ secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET!, apiUrl: config.STRIPE_API_URL })
      : createDemoGateway(),
    search: createSearchEngine({ MEILI_HOST: config.MEILI_HOST, MEILI_MASTER_KEY: config.MEILI_MASTER_KEY }),
    gazetteer: createGazetteer(),
    // With REDIS_URL, every process hears every event (search index, rights); see realtime/bus.ts.
    bus: config.REDIS_URL ? await createRedisBus(config.REDIS_URL, logger) : createBus(),
    presence: { isConnected: async () => false },
    logger,
    electionsCrypto: createElectionsCrypto({ workers: config.ELECTION_WORKERS, logger }),
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
  return Object.assign(ctx, { integrityAtStart: integrity })
}

/**
 * Remix and Socket.IO on one HTTP server; resolves once listening. A worker (`fromPrimary`,
 * server/cluster.ts) does not listen: the primary hands it its connections.
 */
export async function startServer(ctx: ServerContext & { integrityAtStart?: IntegrityState }, build: BuildSource, options: { fromPrimary?: boolean } = {}) {
  const integrity = monitorIntegrity(ctx, ctx.integrityAtStart ?? quickCheck(ctx.database))
  const metrics = createMetrics(ctx)
  const app = createExpressApp(ctx, build, { publicDir: path.join(root, 'public'), integrity, metrics })
  const server = http.createServer(app)
  // CONNECT never reaches Express: without this Node drops the connection without a word.
  server.on('connect', (_req, socket) =>
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'),
  )
  const realtime = await attachRealtime(server, ctx)
  metrics.watchSockets(server, () => realtime.io.of('/').sockets.size)
  const inFlight = trackInFlight(server, realtime.io)
  const careerAlerts = startCareerAlerts(ctx)
  const mailSender = startMailSender({
    db: ctx.db,
    queue: ctx.mail,
    transport: createTransport(ctx.config.SMTP_URL),
    from: ctx.config.MAIL_FROM,
    templates: mailTemplates(ctx),
    logger: ctx.logger,
  })
  const eventJobs = startEventJobs(ctx)
  const moderationJobs = startModerationJobs(ctx)
  const electionJobs = startElectionJobs(ctx)
  const rosterJobs = startRosterJobs(ctx)
  const campaignJobs = startCampaignJobs(ctx)
  const retentionJob = startRetentionJob(ctx)
  const exportSweep = startExportSweep(ctx)
  // Every process runs the nightly clock; the slot's claim in job_runs makes one of them take the backup.
  const backups = startBackupSchedule(ctx)
  if (options.fromPrimary) serveFromPrimary(server, realtime.io)
  else
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(ctx.config.PORT, ctx.config.HOST, () => {
        server.off('error', reject)
        resolve()
      })
    })
  const port = options.fromPrimary ? ctx.config.PORT : (server.address() as AddressInfo).port
  const url = `http://localhost:${port}`

  let closing: Promise<{ drained: boolean }> | undefined
  /**
   * Stops accepting at once, lets the requests and socket acknowledgements in flight finish
   * (at most `DRAIN_TIMEOUT_MS`), then closes the sockets, the connections and the database.
   */
  async function close(drainTimeoutMs = DRAIN_TIMEOUT_MS) {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const [drained] = await Promise.all([
        inFlight.drain(drainTimeoutMs),
        careerAlerts.stop(),
        eventJobs.stop(),
        moderationJobs.stop(),
        electionJobs.stop(),
        rosterJobs.stop(),
        campaignJobs.stop(),
        retentionJob.stop(),
        exportSweep.stop(),
        backups.stop(),
      ])
      // What is in hand is sent; what is still queued waits in the database for the next start.
      await mailSender.stop()
      integrity.stop()
      const socketsClosed = realtime.close()
      server.closeAllConnections()
      await Promise.all([socketsClosed, stopped])
      await ctx.bus.close()
      await ctx.electionsCrypto.close()
      ctx.database.sqlite.close()
      return { drained }
    })()
    return closing
  }
  return { url, port, server, io: realtime.io, mailSender, close, inFlight: inFlight.inFlight, integrity, sweepSockets: realtime.sweepSockets }
}
