import type { LoaderFunctionArgs } from '@remix-run/node'
import { privateDownload } from '~/shared/http.server'
import { requireUser } from '~/features/accounts/guards.server'
import { exportDownload } from '~/features/privacy/exports.server'

/** An archive of a person's data: only with their session (or a webmaster's, for a request), for 7 days; 404 otherwise. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const found = await exportDownload(context.app, viewer, params.exportId ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  return privateDownload(new Uint8Array(found.bytes), found.filename, 'application/zip')
}
