import type { LoaderFunctionArgs } from '@remix-run/node'
import { brandIcon, brandResponse } from '~/shared/brand.server'

/** The home-screen icon iOS asks for at this fixed path. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return brandResponse(request, await brandIcon(context.app.config, 180))
}
