import type { LoaderFunctionArgs } from '@remix-run/node'
import { proofForViewer } from '~/features/dues/dues-admin.server'
import { requireUser } from '~/features/accounts/guards.server'
import { recordDocumentAccess } from '~/features/privacy/access-log.server'

/** A student's enrolment form: its owner and webmasters only, always as a download; a webmaster's opening is logged. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const found = await proofForViewer(context.app, viewer, params.proofId ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  recordDocumentAccess(context.app, { actorId: viewer.id, subjectUserId: found.proof.userId, document: 'proof', documentId: found.proof.id })
  const ext = found.proof.storedName.split('.').pop()
  return new Response(new Uint8Array(found.bytes), {
    headers: {
      'Content-Type': found.proof.mimeType,
      'Content-Disposition': `attachment; filename="fiche-inscription.${ext}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
