import { Transform, type Readable } from 'node:stream'
import type { AppLoadContext, ServerBuild } from '@remix-run/node'
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from '@remix-run/node'
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express'
import { sendErrorPage } from './error-page'
import { siteOrigin, type OriginRule } from './security'

/** Every multipart body together (files have their own, smaller limits in `parseUploadForm`). */
export const MAX_MULTIPART_BYTES = 32 * 1024 * 1024

interface Options {
  build: ServerBuild | (() => Promise<ServerBuild>)
  mode: 'development' | 'production'
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext
  /** Any body but multipart: over this it is refused with 413 before it is read (`MAX_FORM_BYTES`). */
  maxFormBytes: number
  siteName: string
  /** How the site knows its own origin (APP_URL, TRUST_PROXY): what Remix's own origin check compares with. */
  origin: OriginRule
}

/** Thrown into Remix's body stream when a multipart body outgrows its cap; recognised by name. */
class BodyTooLarge extends Error {
  override name = 'BodyTooLarge'
}

type Body = { kind: 'none' } | { kind: 'buffer'; bytes: Buffer } | { kind: 'stream'; stream: Readable }

/**
 * Remix behind Express, like `@remix-run/express`, but the request is checked before Remix sees
 * it: a Host that is not a host, or a body of a type no page reads, is a 400; a body over its
 * limit is a 413 (by its Content-Length before reading a byte, or as soon as it grows past it).
 * CSRF and the session were checked by earlier middleware, so nothing is read for a refused request.
 */
export function remixHandler(options: Options): RequestHandler {
  const handleRequest = createRequestHandler(options.build, options.mode)
  const refuse = (res: ExpressResponse, status: number) => sendErrorPage(res, status, options.siteName)

  return async (req, res, next) => {
    // The pages are read and their forms posted: nothing else (TRACE, PROPFIND…) reaches Remix.
    if (!methods.has(req.method)) {
      res.set('Allow', 'GET, HEAD, POST')
      return refuse(res, 405)
    }
    let url: URL
    try {
      url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`)
    } catch {
      return refuse(res, 400)
    }
    // `?_data=` was how Remix's client read a loader before single fetch (it now asks for `.data`
    // URLs); Remix still answers it, and fails with a 500 on a loader that returns null.
    if (url.searchParams.has('_data')) return refuse(res, 400)
    const body = await readBody(req, url.pathname, options.maxFormBytes)
    if (typeof body === 'number') {
      // The rest of an oversized body is never read: the connection ends with the answer.
      res.set('Connection', 'close')
      return refuse(res, body)
    }
    const controller = new AbortController()
    let finished = false
    res.on('finish', () => (finished = true))
    res.on('close', () => finished || controller.abort())
    const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: remixHeaders(req, options.origin), signal: controller.signal }
    if (body.kind === 'buffer') init.body = new Uint8Array(body.bytes)
    if (body.kind === 'stream') {
      init.body = createReadableStreamFromReadable(body.stream)
      init.duplex = 'half'
    }
    try {
      const response = await handleRequest(new Request(url.href, init), options.getLoadContext(req, res))
      res.statusMessage = response.statusText
      res.status(response.status)
      for (const [key, value] of response.headers.entries()) res.append(key, value)
      if (response.body) await writeReadableStreamToWritable(response.body, res)
      else res.end()
    } catch (error) {
      next(error)
    }
  }
}

/**
 * The request's headers for Remix. Remix compares a POST's Origin with `X-Forwarded-Host` or
 * `Host` and throws (a 500) when they differ; `csrfGuard` has already checked the Origin against
 * the site's origin, so Remix is given that origin's host and no forwarded host to trip on.
 */
function remixHeaders(req: ExpressRequest, origin: OriginRule): Headers {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || key === 'x-forwarded-host') continue
    // A header Node accepted but `Headers` refuses (bytes above Latin-1) is left out, not fatal.
    try {
      for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v)
    } catch {
      continue
    }
  }
  const site = siteOrigin(req, origin)
  if (site) headers.set('host', new URL(site).host)
  return headers
}

const methods = new Set(['GET', 'HEAD', 'POST'])
const formTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])

/** The body as Remix will get it, or the status that refuses it. */
async function readBody(req: ExpressRequest, pathname: string, maxFormBytes: number): Promise<Body | number> {
  if (req.method === 'GET' || req.method === 'HEAD') return { kind: 'none' }
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length'])
  const chunked = req.headers['transfer-encoding'] !== undefined
  if (declared === 0 || (declared === undefined && !chunked)) return { kind: 'none' }

  const [type = '', ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim())
  const mediaType = type.toLowerCase()
  // Pages read forms; only the webhooks (signed by their sender) read anything else.
  if (!pathname.startsWith('/webhooks/') && !formTypes.has(mediaType)) return 400

  if (mediaType === 'multipart/form-data') {
    const boundary = params
      .find((p) => p.toLowerCase().startsWith('boundary='))
      ?.slice('boundary='.length)
      .replace(/^"|"$/g, '')
    if (!boundary || boundary.length > 70 || !/^[0-9A-Za-z'()+_,\-./:=? ]+$/.test(boundary)) return 400
    if (declared !== undefined && declared > MAX_MULTIPART_BYTES) return 413
    return { kind: 'stream', stream: req.pipe(capped(MAX_MULTIPART_BYTES)) }
  }
  if (declared !== undefined && declared > maxFormBytes) return 413
  return readAtMost(req, maxFormBytes)
}

/** A pass-through that fails once more than `limit` bytes went through it. */
function capped(limit: number) {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length
      callback(seen > limit ? new BodyTooLarge('multipart body too large') : null, chunk)
    },
  })
}

function readAtMost(req: ExpressRequest, limit: number): Promise<Body | number> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (result: Body | number) => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onError)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.pause()
        return done(413)
      }
      chunks.push(chunk)
    }
    const onEnd = () => done({ kind: 'buffer', bytes: Buffer.concat(chunks) })
    const onError = () => done(400)
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    // A client that goes away mid-body gets nothing, but the request must not wait forever.
    req.on('close', onError)
  })
}
