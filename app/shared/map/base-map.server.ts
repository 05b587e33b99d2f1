import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { BASE_MAP_DETAILS, type BaseMapDetail } from './base-map'

export interface BaseMapAsset {
  body: Uint8Array<ArrayBuffer>
  etag: string
  /** Compressed once, off the main thread, at their best levels; absent until ready (the server's gzip stands in). */
  gzip?: Uint8Array<ArrayBuffer>
  brotli?: Uint8Array<ArrayBuffer>
}

const assets = new Map<BaseMapDetail, BaseMapAsset>()
const gzip = promisify(zlib.gzip)
const brotli = promisify(zlib.brotliCompress)
// A failed compression only means the server's own gzip goes on answering.
const noop = () => {}

/**
 * The TopoJSON of the offline base map at one level of detail, read from `world-atlas` once per process.
 * Only the `countries` object is kept (the file also holds `land`, which the map does not draw).
 */
export function baseMapAsset(detail: BaseMapDetail): BaseMapAsset {
  let asset = assets.get(detail)
  if (!asset) {
    const topology = JSON.parse(readFileSync(createRequire(import.meta.url).resolve(`world-atlas/countries-${detail}.json`), 'utf8')) as {
      objects: Record<string, unknown>
    }
    const body = new Uint8Array(Buffer.from(JSON.stringify({ ...topology, objects: { countries: topology.objects.countries } })))
    const ready: BaseMapAsset = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` }
    asset = ready
    assets.set(detail, ready)
    // A year of caching makes these rare: brotli at its best level (a second of CPU for the 50m) is worth it, once.
    gzip(body, { level: 9 }).then((out) => (ready.gzip = new Uint8Array(out)), noop)
    brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).then((out) => (ready.brotli = new Uint8Array(out)), noop)
  }
  return asset
}

/**
 * The answer to `GET /carte/pays.json`: `?echelle=110m` for the world view, the 1:50m otherwise;
 * versioned URL, cached a year; precompressed (brotli, else gzip) once the process has compressed
 * them, until then the server's gzip middleware does it per request. Served by Express before Remix
 * (server/http.ts): a Remix resource route's bytes would be read back as JSON by a `.data` request.
 */
export function baseMapResponse(input: { echelle: string | null; ifNoneMatch: string | null; acceptEncoding: string | null }): {
  status: number
  headers: Record<string, string>
  body: Uint8Array | string | null
} {
  const asked = input.echelle || '50m'
  if (!(BASE_MAP_DETAILS as readonly string[]).includes(asked)) {
    return { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `Échelle inconnue : choisissez ${BASE_MAP_DETAILS.join(' ou ')}.` }
  }
  const { body, etag, gzip, brotli } = baseMapAsset(asked as BaseMapDetail)
  const headers: Record<string, string> = { 'Cache-Control': 'public, max-age=31536000, immutable', ETag: etag, Vary: 'Accept-Encoding' }
  if (input.ifNoneMatch === etag) return { status: 304, headers, body: null }
  const accepted = input.acceptEncoding ?? ''
  const [encoding, bytes] = brotli && /\bbr\b/.test(accepted) ? ['br', brotli] : gzip && /\bgzip\b/.test(accepted) ? ['gzip', gzip] : [null, body]
  if (encoding) headers['Content-Encoding'] = encoding
  return { status: 200, headers: { ...headers, 'Content-Type': 'application/json' }, body: bytes }
}
