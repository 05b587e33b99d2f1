import '../app/utils/context'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { AppLoadContext, ServerBuild } from '@remix-run/node'
import express, { type ErrorRequestHandler, type RequestHandler } from 'express'
import type { AppContext } from '../app/services/context.server'
import { loadViewer } from '../app/services/accounts.server'
import { sessionCookieHeader } from '../app/services/auth.server'
import { isLocale } from '../app/i18n'
import { checkDatabase } from '../db/client'
import { csrfGuard, cspNonce, securityHeaders } from './security'

export type BuildSource = ServerBuild | (() => Promise<ServerBuild>)

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return undefined
}

/** Validates the lucia session once per request; a refreshed (sliding) session gets a new cookie. */
function sessionMiddleware(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    res.locals.viewer = null
    res.locals.session = null
    const sessionId = ctx.auth.readSessionCookie(req.headers.cookie ?? '')
    if (!sessionId) return next()
    try {
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
    } catch (error) {
      next(error)
    }
  }
}

function requestLogger(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint()
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      ctx.logger.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms) }, 'request')
    })
    next()
  }
}

export function createExpressApp(ctx: AppContext, build: BuildSource, options: { publicDir: string }) {
  const { config } = ctx
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.TRUST_PROXY)
  const secureSite = config.APP_URL?.startsWith('https://') ?? false

  app.use(cspNonce(), securityHeaders({ secure: secureSite, tileUrl: config.MAP_TILE_URL }))
  app.use(
    '/build',
    express.static(path.join(options.publicDir, 'build'), { immutable: true, maxAge: '1y' }),
  )
  app.use(express.static(options.publicDir, { maxAge: '1h' }))
  app.use(requestLogger(ctx))

  app.get('/healthz', async (_req, res) => {
    const database = checkDatabase(ctx.database) ? 'ok' : 'error'
    const search = await ctx.search.health().catch(() => 'unreachable' as const)
    const ok = database === 'ok' && search === 'ok'
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      database,
      search: { engine: ctx.search.name, status: search },
      mail: ctx.mailer.kind,
      payments: ctx.payments.mode,
    })
  })

  app.use(csrfGuard(config.APP_URL))
  app.use(sessionMiddleware(ctx))

  app.all(
    '*',
    createRequestHandler({
      build,
      mode: config.isDevelopment ? 'development' : 'production',
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
        }
      },
    }),
  )

  // Last resort: log everything, show nothing of it.
  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    ctx.logger.error({ err: error, url: req.originalUrl }, 'unhandled error')
    if (res.headersSent) return res.end()
    res.status(500).type('text/plain; charset=utf-8').send('Erreur interne. Réessayez dans un instant.')
  }
  app.use(onError)
  return app
}
