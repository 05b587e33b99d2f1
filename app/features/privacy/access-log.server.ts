import { alias } from 'drizzle-orm/sqlite-core'
import { count, desc, eq, sql } from 'drizzle-orm'
import { documentAccesses, outbox, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'

import type { PrivateDocument } from '~/features/privacy/schema'

/**
 * Someone opened another person's private document (issue #16): who, what, when. Nothing when
 * the owner opens their own. Called once the file is actually served.
 */
export function recordDocumentAccess(ctx: AppContext, input: { actorId: string; subjectUserId: string; document: PrivateDocument; documentId: string }) {
  if (input.actorId === input.subjectUserId) return
  ctx.db
    .insert(documentAccesses)
    .values({ ...input, at: ctx.now() })
    .run()
}

/**
 * The mails that carry someone's private document as an attachment, and whose it is: an
 * application's CV (the applicant is the mail's Reply-To), a receipt (its member is the recipient).
 * A webmaster opening such an attachment in the mail queue opens that person's document.
 */
const DOCUMENT_MAILS: Record<string, { document: PrivateDocument; owner: 'to' | 'replyTo' }> = {
  'careers.application': { document: 'cv', owner: 'replyTo' },
  'dues.receipt': { document: 'receipt', owner: 'to' },
}

/** Records the opening of a queued mail's attachment when it is someone's private document. */
export function recordMailAttachmentAccess(ctx: AppContext, input: { actorId: string; mailId: number; attachmentId: number }) {
  const mail = ctx.db.select({ kind: outbox.kind, to: outbox.to, replyTo: outbox.replyTo }).from(outbox).where(eq(outbox.id, input.mailId)).get()
  const rule = mail && DOCUMENT_MAILS[mail.kind]
  const address = rule && mail[rule.owner]
  if (!address) return
  const owner = ctx.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${address})`)
    .get()
  if (owner)
    recordDocumentAccess(ctx, {
      actorId: input.actorId,
      subjectUserId: owner.id,
      document: rule.document,
      documentId: `mail:${input.mailId}:${input.attachmentId}`,
    })
}

/** Who opened the person's documents, newest first, by public name (null: an account since erased). */
export function accessesOf(ctx: AppContext, userId: string, limit = 50) {
  return ctx.db
    .select({ actorFirstName: users.firstName, actorLastName: users.lastName, document: documentAccesses.document, at: documentAccesses.at })
    .from(documentAccesses)
    .leftJoin(users, eq(users.id, documentAccesses.actorId))
    .where(eq(documentAccesses.subjectUserId, userId))
    .orderBy(desc(documentAccesses.at))
    .limit(limit)
    .all()
    .map((a) => ({ actorName: a.actorFirstName ? `${a.actorFirstName} ${a.actorLastName}` : null, document: a.document, at: a.at }))
}

export const ACCESS_LOG_PAGE = 50

/** The webmasters' log (`/admin/rgpd/acces`): every access, newest first, a page at a time. */
export function accessLog(ctx: AppContext, input: { page: number; document?: PrivateDocument }) {
  const actor = alias(users, 'actor')
  const subject = alias(users, 'subject')
  const where = input.document ? eq(documentAccesses.document, input.document) : undefined
  const total = ctx.db.select({ n: count() }).from(documentAccesses).where(where).get()?.n ?? 0
  const pages = Math.max(1, Math.ceil(total / ACCESS_LOG_PAGE))
  const page = Math.min(Math.max(1, input.page), pages)
  const rows = ctx.db
    .select({
      id: documentAccesses.id,
      document: documentAccesses.document,
      documentId: documentAccesses.documentId,
      at: documentAccesses.at,
      actorFirstName: actor.firstName,
      actorLastName: actor.lastName,
      subjectId: documentAccesses.subjectUserId,
      subjectFirstName: subject.firstName,
      subjectLastName: subject.lastName,
    })
    .from(documentAccesses)
    .leftJoin(actor, eq(actor.id, documentAccesses.actorId))
    .innerJoin(subject, eq(subject.id, documentAccesses.subjectUserId))
    .where(where)
    .orderBy(desc(documentAccesses.at), desc(documentAccesses.id))
    .limit(ACCESS_LOG_PAGE)
    .offset((page - 1) * ACCESS_LOG_PAGE)
    .all()
  return {
    total,
    page,
    pages,
    rows: rows.map((r) => ({
      id: r.id,
      document: r.document,
      documentId: r.documentId,
      at: r.at,
      actorName: r.actorFirstName ? `${r.actorFirstName} ${r.actorLastName}` : null,
      subjectName: `${r.subjectFirstName} ${r.subjectLastName}`,
    })),
  }
}
