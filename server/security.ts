import crypto from 'node:crypto'
import type http from 'node:http'
import type { RequestHandler } from 'express'
import helmet from 'helmet'
import { sendErrorPage } from './error-page'

export interface OriginRule {
  /** `APP_URL`: when set, the only origin accepted. */
  appUrl: string | undefined
  /** `TRUST_PROXY`: only then are `X-Forwarded-Host` and `X-Forwarded-Proto` read. */
  trustProxy: boolean
}

/**
 * This site's origin as the request's configuration allows it to be known: `APP_URL` when set;
 * otherwise the scheme and `Host` the request reached us with (the forwarded ones only behind a
 * trusted proxy). A browser cannot forge `Host` on a cross-site request, so this is enough to tell
 * our own pages from another site's.
 */
export function siteOrigin(req: http.IncomingMessage, rule: OriginRule): string | undefined {
  if (rule.appUrl) return new URL(rule.appUrl).origin
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim()
  const host = (rule.trustProxy ? first(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host
  if (!host) return undefined
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true
  const forwardedProto = rule.trustProxy ? first(req.headers['x-forwarded-proto']) : undefined
  const scheme = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : encrypted ? 'https' : 'http'
  try {
    return new URL(`${scheme}://${host}`).origin
  } catch {
    return undefined
  }
}

/** True when the request's Origin (or Referer) is this site's origin (see `siteOrigin`). */
export function isSameOrigin(req: http.IncomingMessage, rule: OriginRule): boolean {
  const source = req.headers.origin ?? refererOrigin(req.headers.referer)
  if (!source || source === 'null') return false
  return source === siteOrigin(req, rule)
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
/** Pages a mail client posts to from a List-Unsubscribe-Post header: signed links, no session. */
const ONE_CLICK_PATHS = ['/lettre/desabonnement/', '/ne-plus-ecrire/']

/**
 * CSRF defence for every state-changing request: it must say where it comes from, and that must be
 * us. SameSite=Lax cookies are the second line. Webhooks (signed by their sender) are exempt.
 */
export function csrfGuard(rule: OriginRule, siteName: string): RequestHandler {
  return (req, res, next) => {
    // One-click unsubscribes (RFC 8058) are posted by mail clients, with no Origin: their signed token is the proof.
    if (safeMethods.has(req.method) || req.path.startsWith('/webhooks/') || ONE_CLICK_PATHS.some((p) => req.path.startsWith(p))) return next()
    if (isSameOrigin(req, rule)) return next()
    sendErrorPage(res, 403, siteName)
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
