import type { LoaderFunctionArgs } from '@remix-run/node'
import { brandLogo, brandResponse } from '~/shared/brand.server'

/** The association's logo (ASSOCIATION_LOGO), for the header and mail; a 404 without one. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const logo = brandLogo(context.app.config)
  if (!logo) throw new Response('Not found', { status: 404 })
  return brandResponse(request, logo)
}
