import type { LoaderFunctionArgs } from '@remix-run/node'
import { cvForApplicant } from '~/features/careers/careers-applications.server'
import { requireUser } from '~/features/accounts/guards.server'

/** The CV sent with an application: its applicant only, always as a download. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const found = await cvForApplicant(context.app, viewer, Number(params.applicationId))
  if (!found) throw new Response('Not found', { status: 404 })
  return new Response(new Uint8Array(found.bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(found.filename)}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
