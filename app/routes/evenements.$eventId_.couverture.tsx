import type { LoaderFunctionArgs } from '@remix-run/node'
import { eventCover } from '~/features/events/event-covers.server'
import { eventIdParam } from '~/features/events/event-routes.server'

/**
 * An event's cover, public like its page. Asked for with the current version (`?v=`), it is cached
 * for a year: a new upload gets a new version, hence a new URL. Any other URL gets a short cache.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const cover = await eventCover(context.app, eventIdParam(params.eventId), url.searchParams.get('taille') === 'petite' ? 'small' : 'large')
  if (!cover) throw new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } })
  const current = url.searchParams.get('v') === cover.version
  return new Response(new Uint8Array(cover.bytes), {
    headers: {
      'Content-Type': 'image/webp',
      'Content-Length': String(cover.bytes.byteLength),
      'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      ETag: `"${cover.version}"`,
    },
  })
}
