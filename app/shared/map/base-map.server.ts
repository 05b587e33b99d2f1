import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

let asset: { body: Uint8Array<ArrayBuffer>; etag: string } | null = null

/** The TopoJSON of the offline base map, read from `world-atlas` once per process. */
export function baseMapAsset(): { body: Uint8Array<ArrayBuffer>; etag: string } {
  if (!asset) {
    const body = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('world-atlas/countries-50m.json')))
    asset = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` }
  }
  return asset
}
