import type { LoaderFunctionArgs } from '@remix-run/node'
import { cvForApplicant } from '~/features/careers/careers-applications.server'
import { requireUser } from '~/features/accounts/guards.server'
import { privateDownload } from '~/shared/http.server'

/** The CV sent with an application: its applicant only, always as a download. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const found = await cvForApplicant(context.app, viewer, Number(params.applicationId))
  if (!found) throw new Response('Not found', { status: 404 })
  return privateDownload(found.bytes, found.filename, 'application/pdf')
}
