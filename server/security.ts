import crypto from 'node:crypto'
import type http from 'node:http'
import type { RequestHandler } from 'express'
import helmet from 'helmet'

/** True when the request's Origin (or Referer) is this site: the host it was sent to, or APP_URL. */
export function isSameOrigin(req: http.IncomingMessage, appUrl: string | undefined): boolean {
  const source = req.headers.origin ?? refererOrigin(req.headers.referer)
  if (!source || source === 'null') return false
  const allowed = new Set<string>()
  if (appUrl) allowed.add(new URL(appUrl).origin)
  const host = req.headers['x-forwarded-host'] ?? req.headers.host
  if (host) {
    allowed.add(`http://${host}`)
    allowed.add(`https://${host}`)
  }
  return allowed.has(source)
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined
  try {
    return new URL(referer).origin
  } catch {
    return undefined
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF defence for every state-changing request: it must say where it comes from, and that must be
 * us. SameSite=Lax cookies are the second line. Webhooks (signed by their sender) are exempt.
 */
export function csrfGuard(appUrl: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (safeMethods.has(req.method) || req.path.startsWith('/webhooks/')) return next()
    if (isSameOrigin(req, appUrl)) return next()
    res
      .status(403)
      .type('text/plain; charset=utf-8')
      .send('Requête refusée : elle ne provient pas de ce site. / Request refused: cross-site request.')
  }
}

export function cspNonce(): RequestHandler {
  return (_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
    next()
  }
}

/** `tileUrl`: the map tiles' host is the one outside origin pages may load images from. */
export function securityHeaders(options: { secure: boolean; tileUrl: string }): RequestHandler {
  // `{s}.tile.example` (subdomains) becomes a wildcard source.
  // An empty tile URL means no tiles (markers on a plain background).
  const tileOrigin = options.tileUrl
    ? new URL(options.tileUrl.replace(/\{s\}/g, 'subdomain').replace(/\{[a-z]\}/g, '0')).origin.replace('://subdomain.', '://*.')
    : "'self'"
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:', tileOrigin],
        'connect-src': ["'self'"],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'base-uri': ["'self'"],
        'upgrade-insecure-requests': options.secure ? [] : null,
      },
    },
    strictTransportSecurity: options.secure,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  })
}
