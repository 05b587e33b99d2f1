import type { LoaderFunctionArgs } from '@remix-run/node'
import { baseMapAsset } from '~/shared/map/base-map.server'

/** The offline base map's country outlines (see app/shared/map/base-map.ts): versioned URL, cached a year. */
export function loader({ request }: LoaderFunctionArgs) {
  const { body, etag } = baseMapAsset()
  const headers = { 'Cache-Control': 'public, max-age=31536000, immutable', ETag: etag }
  if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
  return new Response(body, { headers: { ...headers, 'Content-Type': 'application/json' } })
}
