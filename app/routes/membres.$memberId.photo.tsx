import type { LoaderFunctionArgs } from '@remix-run/node'
import { profilePhoto } from '../services/profiles.server'
import { requireMember } from '../utils/auth.server'

/** Photos are seen by members only, like the rest of the directory. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireMember(request, context)
  const photo = await profilePhoto(context.app, params.memberId ?? '')
  if (!photo) throw new Response('Not found', { status: 404 })
  return new Response(new Uint8Array(photo), {
    headers: { 'Content-Type': 'image/webp', 'Cache-Control': 'private, max-age=300', 'X-Content-Type-Options': 'nosniff' },
  })
}
