import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { groups, messages, notifications, threads, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { photoShownSql } from '~/features/directory/profiles.server'
import type { Role } from '~/shared/viewer'
import { preparedOnce } from '../../../db/client'

// The header's bell, on every page: prepared once per connection.
const unreadStatement = preparedOnce((db) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
    .prepare(),
)

export function unreadNotificationCount(ctx: AppContext, userId: string): number {
  return unreadStatement(ctx.db).get({ userId })?.n ?? 0
}

/** The member's mentions, newest first, each naming its group (or the forum); reading the page marks them read. */
export function listNotifications(ctx: AppContext, viewer: { id: string; role: Role }) {
  const userId = viewer.id
  const rows = ctx.db
    .select({
      id: notifications.id,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      threadId: notifications.threadId,
      threadTitle: threads.title,
      groupId: threads.groupId,
      groupName: groups.name,
      kind: threads.kind,
      body: messages.body,
      authorId: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      photo: photoShownSql(users.id, viewer),
    })
    .from(notifications)
    .leftJoin(threads, eq(threads.id, notifications.threadId))
    .leftJoin(messages, eq(messages.id, notifications.messageId))
    .leftJoin(users, eq(users.id, messages.authorId))
    .leftJoin(groups, eq(groups.id, threads.groupId))
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
