import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { messages, threadReads, threads, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { preparedOnce } from '../../../db/client'
import { photoShownSql } from '~/features/directory/profiles.server'
import { history, messagesSince, type Reader } from '~/features/groups/discussions.server'
import type { MessageDto } from '~/features/groups/schema'
import { isPayingMember } from '~/shared/viewer'

/** How many posts above the first unread one the thread shows for context. */
const CONTEXT_BEFORE_UNREAD = 10
const UNREAD_PAGE = 200

type ForumReader = NonNullable<Reader>

/**
 * A forum's threads (the association's, or a group's), newest activity first, with what the list
 * shows: replies, the last post's time and author (with their avatar), and how many posts are new
 * to the reader. One query for the page.
 */
export function forumThreads(ctx: AppContext, reader: ForumReader, groupId: number | null) {
  const prepared = threadListStatements(ctx.db)[groupId === null ? 'forum' : 'group'][isPayingMember(reader) ? 'member' : 'registered']
  const rows = prepared.all({ readerId: reader.id, groupId })
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    lastMessageAt: r.lastMessageAt.toISOString(),
    // The first post opens the thread: the others are its replies.
    replies: Math.max(0, r.replies - 1),
    unread: r.unread,
    /** Never opened: the whole thread is new, and it opens at its first post (no divider). */
    neverRead: !r.readBefore,
    lastAuthor: r.lastAuthorId ? { id: r.lastAuthorId, firstName: r.lastFirstName ?? '', lastName: r.lastLastName ?? '', photo: !!r.lastPhoto } : null,
  }))
}
export type ForumThreadSummary = ReturnType<typeof forumThreads>[number]

// A forum's list, on every visit of a group page and of the forum: prepared once per connection for
// each of its shapes — the association's forum or a group's, a reader who pays (who sees the
// directory's photos and their own) or not (none, `photoShownSql`'s rule).
const threadListStatements = preparedOnce((db) => {
  const list = (forum: 'forum' | 'group', role: 'member' | 'registered') => {
    const readerId = sql.placeholder('readerId')
    const lastMessage = alias(messages, 'last_message')
    const lastAuthor = alias(users, 'last_author')
    return db
      .select({
        id: threads.id,
        title: threads.title,
        lastMessageAt: threads.lastMessageAt,
        replies: sql<number>`(select count(*) from ${messages} m where m.thread_id = ${threads.id} and m.deleted_at is null)`,
        unread: sql<number>`(select count(*) from ${messages} m where m.thread_id = ${threads.id} and m.id > coalesce(${threadReads.lastReadMessageId}, 0) and m.deleted_at is null and m.author_id is not ${readerId})`,
        readBefore: sql<boolean>`${threadReads.userId} is not null`.mapWith(Boolean),
        lastAuthorId: lastAuthor.id,
        lastFirstName: lastAuthor.firstName,
        lastLastName: lastAuthor.lastName,
        lastPhoto: photoShownSql(lastAuthor.id, { id: readerId, role }),
      })
      .from(threads)
      .leftJoin(lastMessage, eq(lastMessage.id, sql`(select max(m.id) from ${messages} m where m.thread_id = ${threads.id})`))
      .leftJoin(lastAuthor, eq(lastAuthor.id, lastMessage.authorId))
      .leftJoin(threadReads, and(eq(threadReads.threadId, threads.id), eq(threadReads.userId, readerId)))
      .where(and(forum === 'forum' ? isNull(threads.groupId) : eq(threads.groupId, sql.placeholder('groupId')), eq(threads.kind, 'thread')))
      .orderBy(desc(threads.lastMessageAt))
      .limit(50)
      .prepare()
  }
  return {
    forum: { member: list('forum', 'member'), registered: list('forum', 'registered') },
    group: { member: list('group', 'member'), registered: list('group', 'registered') },
  }
})

// Opening a thread reads where its reader stopped and moves the mark: prepared once per connection.
const statements = preparedOnce((db) => ({
  lastRead: db
    .select({ last: threadReads.lastReadMessageId })
    .from(threadReads)
    .where(and(eq(threadReads.userId, sql.placeholder('userId')), eq(threadReads.threadId, sql.placeholder('threadId'))))
    .prepare(),
  firstUnread: db
    .select({ id: sql<number | null>`min(${messages.id})` })
    .from(messages)
    .where(
      and(
        eq(messages.threadId, sql.placeholder('threadId')),
        sql`${messages.id} > ${sql.placeholder('after')}`,
        isNull(messages.deletedAt),
        sql`${messages.authorId} is not ${sql.placeholder('userId')}`,
      ),
    )
    .prepare(),
  markRead: db
    .insert(threadReads)
    .values({ userId: sql.placeholder('userId'), threadId: sql.placeholder('threadId'), lastReadMessageId: sql.placeholder('messageId') })
    .onConflictDoUpdate({
      target: [threadReads.userId, threadReads.threadId],
      set: { lastReadMessageId: sql`max(${threadReads.lastReadMessageId}, ${sql.placeholder('messageId')})` },
    })
    .prepare(),
}))

export function markThreadRead(ctx: AppContext, userId: string, threadId: number, messageId: number) {
  statements(ctx.db).markRead.run({ userId, threadId, messageId })
}

/**
 * A forum thread as its reader opens it: at the first post they have not read (with a few before
 * it for context), or the latest page when nothing is new; then it counts as read up to its last
 * post. `firstUnreadId` is null when there is no « new » divider to show (nothing new, or a thread
 * never opened, which is read from its start).
 */
export function openThread(ctx: AppContext, reader: ForumReader, threadId: number) {
  const read = statements(ctx.db).lastRead.get({ userId: reader.id, threadId })
  const firstUnreadId = read ? (statements(ctx.db).firstUnread.get({ threadId, after: read.last, userId: reader.id })?.id ?? null) : null
  let posts: MessageDto[]
  let hasOlder: boolean
  if (firstUnreadId) {
    const before = history(ctx, threadId, { before: firstUnreadId, limit: CONTEXT_BEFORE_UNREAD, reader }).reverse()
    posts = [...before, ...messagesSince(ctx, threadId, firstUnreadId - 1, UNREAD_PAGE, reader)]
    hasOlder = before.length >= CONTEXT_BEFORE_UNREAD
  } else {
    posts = history(ctx, threadId, { reader }).reverse()
    hasOlder = posts.length >= 30
  }
  const last = posts.at(-1)
  // Written only when the mark moves: a view of a thread already read changes nothing on disk.
  if (last && (!read || last.id > read.last)) markThreadRead(ctx, reader.id, threadId, last.id)
  return { messages: posts, firstUnreadId, hasOlder }
}
