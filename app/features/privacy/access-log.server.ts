import { desc, eq } from 'drizzle-orm'
import { documentAccesses, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'

export type PrivateDocument = (typeof documentAccesses.$inferInsert)['document']

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
