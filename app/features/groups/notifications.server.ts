import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { messages, notifications, threads, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'

export function unreadNotificationCount(ctx: AppContext, userId: string): number {
  return (
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  )
}

/** The member's mentions, newest first; reading the page marks them read. */
export function listNotifications(ctx: AppContext, userId: string) {
  const rows = ctx.db
    .select({
      id: notifications.id,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      threadId: notifications.threadId,
      threadTitle: threads.title,
      groupId: threads.groupId,
      kind: threads.kind,
      body: messages.body,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(notifications)
    .leftJoin(threads, eq(threads.id, notifications.threadId))
    .leftJoin(messages, eq(messages.id, notifications.messageId))
    .leftJoin(users, eq(users.id, messages.authorId))
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(50)
    .all()
  ctx.db
    .update(notifications)
    .set({ readAt: ctx.now() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .run()
  return rows
}
