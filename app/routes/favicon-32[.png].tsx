import type { LoaderFunctionArgs } from '@remix-run/node'
import { brandIcon, brandResponse } from '~/shared/brand.server'

/** The tab icon as PNG, for browsers without SVG icons: from the logo, or the initial on the brand colour. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return brandResponse(request, await brandIcon(context.app.config, 32))
}
