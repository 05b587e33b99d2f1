import compression from 'compression'
import '../app/context'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { admission } from './admission'
import type { AppLoadContext, ServerBuild } from '@remix-run/node'
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import type { AppContext } from '../app/context.server'
import { loadViewer } from '../app/features/accounts/accounts.server'
import { backupStatus } from '../app/features/admin/backups.server'
import { SESSION_COOKIE, sessionCookieHeader } from '../app/features/accounts/auth.server'
import { termsGateAnswer } from '../app/features/moderation/terms-gate.server'
import { baseMapResponse } from '../app/shared/map/base-map.server'
import { isLocale } from '../app/i18n'
import { checkDatabase } from '../db/client'
import { readCookie } from './cookies'
import { sendErrorPage } from './error-page'
import type { IntegrityMonitor } from './integrity'
import { metricsEndpoint, type Metrics } from './metrics'
import { remixHandler } from './remix-handler'
import { csrfGuard, cspNonce, securityHeaders } from './security'

export type BuildSource = ServerBuild | (() => Promise<ServerBuild>)

/**
 * Express 4 does not catch a rejected promise: an async middleware that throws would end the
 * process. Every async step goes through this, so a throw becomes `next(error)`.
 */
export function handleAsync(step: (req: Request, res: Response, next: NextFunction) => Promise<unknown>): RequestHandler {
  return (req, res, next) => {
    step(req, res, next).catch(next)
  }
}

/** A short id per request, in every log line about it, on the error page and in `X-Request-Id`. */
function requestId(): RequestHandler {
  return (_req, res, next) => {
    const id = crypto.randomBytes(6).toString('base64url')
    res.locals.requestId = id
    res.set('X-Request-Id', id)
    next()
  }
}

/** Validates the lucia session once per request; a refreshed (sliding) session gets a new cookie. */
function sessionMiddleware(ctx: AppContext): RequestHandler {
  return handleAsync(async (req, res, next) => {
    res.locals.viewer = null
    res.locals.session = null
    const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE)
    if (!sessionId) return next()
    const { session, user } = await ctx.auth.validateSession(sessionId)
    if (!session) {
      res.append('Set-Cookie', sessionCookieHeader(ctx.auth.createBlankSessionCookie(), req.secure))
      return next()
    }
    if (session.fresh) {
      res.append('Set-Cookie', sessionCookieHeader(ctx.auth.createSessionCookie(session.id), req.secure))
    }
    res.locals.session = session
    res.locals.viewer = user ? loadViewer(ctx, user.id) : null
    next()
  })
}

/** An account that has not accepted the terms in force is asked to first, page or form alike (see terms-gate.server.ts). */
function termsGate(ctx: AppContext): RequestHandler {
  return handleAsync(async (req, res, next) => {
    const viewer = res.locals.viewer as { id: string } | null
    const answer = viewer ? await termsGateAnswer(ctx, { userId: viewer.id, method: req.method, url: req.originalUrl }) : null
    if (!answer) return next()
    res.status(answer.status).set(answer.headers).end(answer.body)
  })
}

function requestLogger(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint()
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      ctx.logger.info({ reqId: res.locals.requestId, method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms) }, 'request')
    })
    next()
  }
}

/** A path that is not valid percent-encoding names no page: 404 before Remix tries to decode it. */
function rejectUndecodablePaths(siteName: string): RequestHandler {
  return (req, res, next) => {
    try {
      decodeURIComponent(req.path)
    } catch {
      return sendErrorPage(res, 404, siteName)
    }
    next()
  }
}

/** The newest archive's age (in seconds) and the last nightly run; a database that cannot answer says `unknown`. */
function healthOfBackups(ctx: AppContext) {
  try {
    const { status, last, lastRun } = backupStatus(ctx)
    return { status, last: last?.at ?? null, ageSeconds: last?.ageSeconds ?? null, lastRun: lastRun && { slot: lastRun.slot, outcome: lastRun.outcome } }
  } catch {
    return { status: 'unknown' as const, last: null, ageSeconds: null, lastRun: null }
  }
}

export function createExpressApp(ctx: AppContext, build: BuildSource, options: { publicDir: string; integrity: IntegrityMonitor; metrics: Metrics }) {
  const { config } = ctx
  const siteName = config.ASSOCIATION_NAME
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.TRUST_PROXY)
  // First, so that every request is timed from the moment Express has it.
  app.use(options.metrics.observeRequests)
  const secureSite = config.APP_URL?.startsWith('https://') ?? false

  app.use(requestId(), cspNonce(), securityHeaders({ secure: secureSite, tileUrl: config.MAP_TILE_URL }))
  app.use(rejectUndecodablePaths(siteName))
  // gzip for what compresses (HTML, JS, CSS, JSON, turbo-stream): a page weighs a quarter of it.
  app.use(compression({ threshold: 1024 }))
  app.use('/build', express.static(path.join(options.publicDir, 'build'), { immutable: true, maxAge: '1y' }))
  app.use(publicFiles(options.publicDir))
  app.get('/carte/pays.json', (req, res) => {
    const answer = baseMapResponse({
      echelle: typeof req.query.echelle === 'string' ? req.query.echelle : null,
      ifNoneMatch: req.get('If-None-Match') ?? null,
      acceptEncoding: req.get('Accept-Encoding') ?? null,
    })
    res.status(answer.status).set(answer.headers).end(answer.body)
  })
  app.use(requestLogger(ctx))

  app.get(
    '/healthz',
    handleAsync(async (_req, res) => {
      const integrity = options.integrity.state()
      const database = !checkDatabase(ctx.database) ? 'error' : integrity.ok ? 'ok' : 'corrupt'
      const search = await ctx.search.health().catch(() => 'unreachable' as const)
      const ok = database === 'ok' && search === 'ok'
      res.status(ok ? 200 : 503).json({
        status: ok ? 'ok' : 'degraded',
        database,
        integrity: { check: 'quick_check', at: integrity.at.toISOString(), result: integrity.ok ? 'ok' : integrity.problems },
        search: { engine: ctx.search.name, status: search },
        mail: ctx.mail.delivery,
        payments: ctx.payments.mode,
        // Informative: an old or missing backup is a warning for people, not a reason to take the site out of rotation.
        backup: healthOfBackups(ctx),
      })
    }),
  )

  // Prometheus, with its bearer token; without METRICS_TOKEN, an unknown page like any other.
  if (config.METRICS_TOKEN) app.get('/metrics', metricsEndpoint(options.metrics, config.METRICS_TOKEN))
  // From here on a request is for a Remix route: timed under its id, refused or not.
  app.use(options.metrics.tagRemixRoute(build))
  // Pages are rendered in the order they were asked for (see admission.ts).
  app.use(admission({ limit: config.PAGE_CONCURRENCY, maxQueue: 2000, siteName }))

  app.use(csrfGuard({ appUrl: config.APP_URL, trustProxy: config.TRUST_PROXY }, siteName))
  app.use(sessionMiddleware(ctx))
  app.use(termsGate(ctx))

  app.all(
    '*',
    remixHandler({
      build,
      mode: config.isDevelopment ? 'development' : 'production',
      maxFormBytes: config.MAX_FORM_BYTES,
      siteName,
      origin: { appUrl: config.APP_URL, trustProxy: config.TRUST_PROXY },
      getLoadContext: (req, res): AppLoadContext => {
        const lang = readCookie(req.headers.cookie, 'amicale_lang')
        return {
          app: ctx,
          viewer: res.locals.viewer,
          session: res.locals.session,
          clientIp: req.ip ?? 'unknown',
          cspNonce: res.locals.cspNonce,
          locale: isLocale(lang) ? lang : 'fr',
          secure: req.secure,
          requestId: res.locals.requestId,
        }
      },
    }),
  )

  // Last resort: log everything with the request's id, show nothing of it, keep serving.
  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    const status = clientErrorStatus(error)
    if (status) return sendErrorPage(res, status, siteName)
    ctx.logger.error({ err: error, reqId: res.locals.requestId, method: req.method, url: req.originalUrl }, 'unhandled error')
    sendErrorPage(res, 500, siteName)
  }
  app.use(onError)
  return app
}

/** Errors that Express's own parts raise for a client's mistake (they carry a 4xx status). */
function clientErrorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined
}

/**
 * public/'s own files (the favicon…), listed once at start: a page's path never costs a `stat`
 * (express.static looked for a file at every page's path, and for an index.html at « / »).
 */
function publicFiles(publicDir: string): RequestHandler {
  const entries = new Set(fs.existsSync(publicDir) ? fs.readdirSync(publicDir).filter((name) => name !== 'build') : [])
  const serve = express.static(publicDir, { maxAge: '1h', index: false })
  return (req, res, next) => (entries.has(req.path.split('/')[1] ?? '') ? serve(req, res, next) : next())
}
