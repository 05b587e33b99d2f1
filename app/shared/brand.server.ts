import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { DEFAULT_PRIMARY } from '~/shared/brand'
import { escapeHtml } from '~/shared/mail-layout.server'
import { publicSettings, type Config } from '~/shared/config'

export interface BrandAsset {
  body: Buffer
  type: string
  etag: string
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
}

function asset(body: Buffer, type: string): BrandAsset {
  return { body, type, etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` }
}

// The settings are read once at start, so each file is read or drawn once per process.
const logos = new Map<string, BrandAsset>()
const icons = new Map<string, Promise<BrandAsset>>()

/** The ASSOCIATION_LOGO file as it is (checked at start by server/config.ts); null without one. */
export function brandLogo(config: Config): BrandAsset | null {
  const file = config.ASSOCIATION_LOGO
  if (!file) return null
  let logo = logos.get(file)
  if (!logo) {
    logo = asset(fs.readFileSync(file), TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream')
    logos.set(file, logo)
  }
  return logo
}

/** Without a logo: the short name's initial, white on the primary colour, as public/favicon.svg draws it. */
function initialSvg(config: Config): Buffer {
  const initial = publicSettings(config).associationShortName.charAt(0).toUpperCase() || 'A'
  const fill = config.ASSOCIATION_COLOR ?? DEFAULT_PRIMARY
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="${fill}"/>` +
      `<text x="16" y="22" font-family="sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">${escapeHtml(initial)}</text></svg>`,
  )
}

/**
 * A square PNG icon (32 px for tabs, 180 px for the iOS home screen): the logo fitted on white,
 * or the initial. iOS shows transparency as black, hence the flattening.
 */
export function brandIcon(config: Config, size: 32 | 180): Promise<BrandAsset> {
  const key = `${config.ASSOCIATION_LOGO ?? ''}|${config.ASSOCIATION_COLOR}|${size}`
  let icon = icons.get(key)
  if (!icon) {
    const source = config.ASSOCIATION_LOGO ? fs.readFileSync(config.ASSOCIATION_LOGO) : initialSvg(config)
    icon = sharp(source, { density: 300 })
      .resize(size, size, { fit: 'contain', background: '#ffffff' })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer()
      .then((body) => asset(body, 'image/png'))
    icons.set(key, icon)
    icon.catch(() => icons.delete(key))
  }
  return icon
}

/** Answers a brand file with its validators, so that a revisit costs a 304. */
export function brandResponse(request: Request, file: BrandAsset): Response {
  const headers: Record<string, string> = {
    'Cache-Control': 'public, max-age=86400',
    ETag: file.etag,
    'X-Content-Type-Options': 'nosniff',
    // An SVG opened on its own is a document: none of its scripts may run on the site's origin.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  }
  if (request.headers.get('If-None-Match') === file.etag) return new Response(null, { status: 304, headers })
  return new Response(new Uint8Array(file.body), {
    headers: { ...headers, 'Content-Type': file.type },
  })
}
