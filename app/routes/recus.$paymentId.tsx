import type { LoaderFunctionArgs } from '@remix-run/node'
import { paymentOwner } from '~/features/dues/dues-admin.server'
import { receiptDocument } from '~/features/dues/dues-mails.server'
import { requireUser } from '~/features/accounts/guards.server'
import { recordDocumentAccess } from '~/features/privacy/access-log.server'

/** The PDF receipt of a paid payment, for its member and for webmasters (whose opening is logged). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const paymentId = params.paymentId ?? ''
  const owner = paymentOwner(context.app, paymentId)
  const receipt = owner && (owner === viewer.id || viewer.isWebmaster) ? await receiptDocument(context.app, paymentId) : null
  if (!receipt || !owner) throw new Response('Not found', { status: 404 })
  recordDocumentAccess(context.app, { actorId: viewer.id, subjectUserId: owner, document: 'receipt', documentId: paymentId })
  return new Response(new Uint8Array(receipt.bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${receipt.filename}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
