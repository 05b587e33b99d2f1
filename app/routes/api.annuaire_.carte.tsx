import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireMember } from '~/features/accounts/guards.server'
import { mapView } from '~/features/directory/map-clusters.server'

/**
 * The directory's map, clustered on the server: the directory's filters, plus `bbox`
 * (`west,south,east,north`) and `zoom` for the clusters and pins of one view; without them, the
 * members' count and the box that holds them all (the map's first view). Paying members only, as
 * the directory. The browser may keep an answer a minute (the server keeps its index as long).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMember(request, context)
  const view = await mapView(context.app, new URL(request.url).searchParams)
  if ('error' in view)
    return Response.json(
      { error: view.error === 'bbox' ? 'bbox : quatre nombres attendus, ouest,sud,est,nord en degrés' : 'zoom : un entier de 0 à 22 attendu' },
      { status: 400 },
    )
  return Response.json(view, { headers: { 'Cache-Control': 'private, max-age=60' } })
}
