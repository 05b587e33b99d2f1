import type { LoaderFunctionArgs } from '@remix-run/node'
import { directoryFromUrl } from '~/features/directory/directory.server'
import { requireMember } from '~/features/accounts/guards.server'

/**
 * The directory search as JSON: same rule as the page (paying members only), same parameters.
 * A resource route answers a real Response (`Response.json`): with single fetch, Remix would
 * otherwise have to guess how to send a bare object to a client that is not Remix.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMember(request, context)
  const params = new URL(request.url).searchParams
  const result = await directoryFromUrl(context.app, params, { points: params.get('points') === '1' })
  return Response.json(params.get('points') === '1' ? result : { ...result, points: undefined }, { headers: { 'Cache-Control': 'private, no-store' } })
}
