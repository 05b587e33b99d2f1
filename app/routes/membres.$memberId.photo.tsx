import type { LoaderFunctionArgs } from '@remix-run/node'
import { profilePhoto } from '~/features/directory/profiles.server'
import { requireUser } from '~/features/accounts/guards.server'

/**
 * The photo follows its profile's rule (`/membres/:id`): a member who left the directory has no
 * photo for anyone but themselves. Anyone else gets the same 404 as for no photo at all.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const photo = await profilePhoto(context.app, viewer, params.memberId ?? '')
  if (!photo) throw new Response('Not found', { status: 404 })
  return new Response(new Uint8Array(photo), {
    headers: { 'Content-Type': 'image/webp', 'Cache-Control': 'private, max-age=300', 'X-Content-Type-Options': 'nosniff' },
  })
}
