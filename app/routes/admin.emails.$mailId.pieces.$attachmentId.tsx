import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { recordMailAttachmentAccess } from '~/features/privacy/access-log.server'
import { mailAttachment } from '~/shared/mail-queue.server'
import { privateDownload } from '~/shared/http.server'

/** A queued mail's attachment, for webmasters reading the queue (the ticket's QR code, a receipt…). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const mailId = Number(params.mailId)
  const attachmentId = Number(params.attachmentId)
  if (!Number.isSafeInteger(mailId) || !Number.isSafeInteger(attachmentId)) throw new Response('Introuvable', { status: 404 })
  const file = mailAttachment(context.app.db, mailId, attachmentId)
  if (!file) throw new Response('Introuvable', { status: 404 })
  // A CV or a receipt read in the queue is someone's private document: its opening is logged.
  recordMailAttachmentAccess(context.app, { actorId: viewer.id, mailId, attachmentId })
  // Its type is what the mail said, not checked here: a download, never shown by the site.
  return privateDownload(file.content, file.filename)
}
