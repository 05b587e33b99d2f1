import { and, eq } from 'drizzle-orm'
import { groupMembers, memberships, mentionEmails, notifications, users } from '../../../db/schema'
import { extractMentions, toPlainText } from '~/shared/rich-text'
import type { AppContext } from '~/context.server'
import type { MessageDto } from '~/features/groups/schema'
import { composeMail } from '~/shared/mail-layout.server'
import { rooms } from '~/shared/rooms'

const MENTION_EMAIL_GAP_MS = 60 * 60_000

/** Who may be mentioned in a thread: its group's members, or every member for the forum. */
export function mentionables(ctx: AppContext, groupId: number | null) {
  const rows =
    groupId === null
      ? ctx.db
          .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
          .from(users)
          .innerJoin(memberships, eq(memberships.userId, users.id))
          .where(and(eq(users.status, 'active'), eq(memberships.status, 'active')))
          .all()
      : ctx.db
          .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
          .from(groupMembers)
          .innerJoin(users, eq(users.id, groupMembers.userId))
          .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.status, 'active'), eq(users.status, 'active')))
          .all()
  return rows.map((r) => ({ id: r.id, name: `${r.firstName} ${r.lastName}` }))
}

/**
 * `@Prénom Nom` notifies the member in the site at once, and by e-mail when they are not
 * connected — at most one e-mail per member and thread per hour.
 */
export async function notifyMentions(
  ctx: AppContext,
  input: { message: MessageDto; thread: { id: number; groupId: number | null; title: string }; baseUrl: string },
) {
  const { message, thread } = input
  if (!message.body.includes('@')) return
  const mentioned = extractMentions(message.body, mentionables(ctx, thread.groupId)).filter((id) => id !== message.author.id)
  const now = ctx.now()
  for (const userId of mentioned) {
    ctx.db.insert(notifications).values({ userId, kind: 'mention', messageId: message.id, threadId: thread.id, createdAt: now }).run()
    ctx.bus.publish({
      type: 'notification:new',
      room: rooms.user(userId),
      payload: { kind: 'mention', threadId: thread.id, messageId: message.id, from: message.author.name },
    })
    if (await ctx.presence.isConnected(userId)) continue
    const last = ctx.db
      .select()
      .from(mentionEmails)
      .where(and(eq(mentionEmails.userId, userId), eq(mentionEmails.threadId, thread.id)))
      .get()
    if (last && now.getTime() - last.sentAt.getTime() < MENTION_EMAIL_GAP_MS) continue
    const user = ctx.db.select().from(users).where(eq(users.id, userId)).get()
    if (!user) continue
    const link = new URL(thread.groupId ? `/groupes/${thread.groupId}` : `/discussions/${thread.id}`, input.baseUrl).toString()
    // The « one an hour » mark and the mail are written together.
    ctx.db.transaction(() => {
      ctx.db
        .insert(mentionEmails)
        .values({ userId, threadId: thread.id, sentAt: now })
        .onConflictDoUpdate({ target: [mentionEmails.userId, mentionEmails.threadId], set: { sentAt: now } })
        .run()
      ctx.mail.enqueue(
        composeMail(ctx.config, {
          to: user.email,
          locale: user.locale,
          firstName: user.firstName,
          subject: 'mail.mention.subject',
          paragraphs: [
            { key: 'mail.mention.body', params: { name: message.author.name, thread: thread.title } },
            { key: 'mail.mention.quote', params: { text: toPlainText(message.body, { maxLength: 300 }) } },
          ],
          action: { label: 'mail.mention.action', url: link },
        }),
        { kind: 'groups.mention' },
      )
    })
  }
}
