import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm'
import { messages, reports, threads, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { canAccessGroup, isGroupModerator } from '~/features/groups/groups.server'
import * as throttle from '~/features/accounts/throttle.server'
import { mentionables, notifyMentions } from '~/features/groups/mentions.server'
import { photoShownSql } from '~/features/directory/profiles.server'
import { heldSql, spendHeldEdit } from '~/features/moderation/holds.server'
import { activeRestriction } from '~/features/moderation/restrictions.server'

import type { MessageDto, MessageError } from '~/features/groups/schema'
import { extractMentions, MAX_MESSAGE_LENGTH } from '~/shared/rich-text'
import { rooms } from '~/shared/rooms'
import { isPayingMember, type Role } from '~/shared/viewer'
import { type Db, preparedOnce } from '../../../db/client'

export { MAX_MESSAGE_LENGTH } from '~/shared/rich-text'
export type { MessageDto, MessageError } from '~/features/groups/schema'
export const MAX_TITLE_LENGTH = 150
export const HISTORY_PAGE = 30
export const messageRate = { limit: 10, windowMs: 10_000 }

type Viewer = { id: string; isWebmaster: boolean }

export function threadFor(ctx: AppContext, threadId: number) {
  return statements(ctx.db).thread.get({ threadId }) ?? null
}

/** Forum threads (no group) are open to every member; a group's threads to its members only. */
export function canReadThread(ctx: AppContext, userId: string, thread: { groupId: number | null }): boolean {
  return thread.groupId === null || canAccessGroup(ctx, userId, thread.groupId)
}

/** Who reads a page of messages: their own photo shows to them even out of the directory. Null: a room of members. */
export type Reader = { id: string; role: Role } | null

/**
 * Whose photos a page of messages may show: a room's (any paying member but the author), a reader
 * who does not pay (none), or a paying reader (theirs too). Each is its own prepared query.
 */
type PhotoRule = 'room' | 'none' | 'reader'
const photoRule = (reader: Reader): PhotoRule => (reader === null ? 'room' : isPayingMember(reader) ? 'reader' : 'none')

function messageRows(db: Db, rule: PhotoRule) {
  const reader = rule === 'room' ? null : { id: sql.placeholder('readerId'), role: rule === 'reader' ? ('member' as const) : ('registered' as const) }
  return db
    .select({
      message: messages,
      firstName: users.firstName,
      lastName: users.lastName,
      photo: photoShownSql(messages.authorId, reader),
      authorStatus: users.status,
      // In the same query: a page of history is one query, holds included.
      held: heldSql('message', messages.id),
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorId))
}

// Every thread page and every socket join reads pages of messages: the queries are built and
// prepared once per connection (drizzle's query building cost more than SQLite's work).
const statements = preparedOnce((db) => {
  const pages = (rule: PhotoRule) => ({
    /** Newest first, below an id (the newest page: below every id). */
    before: messageRows(db, rule)
      .where(and(eq(messages.threadId, sql.placeholder('threadId')), lt(messages.id, sql.placeholder('before'))))
      .orderBy(desc(messages.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
    /** Oldest first, above an id. */
    after: messageRows(db, rule)
      .where(and(eq(messages.threadId, sql.placeholder('threadId')), gt(messages.id, sql.placeholder('after'))))
      .orderBy(asc(messages.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
  })
  return {
    thread: db
      .select()
      .from(threads)
      .where(eq(threads.id, sql.placeholder('threadId')))
      .prepare(),
    one: messageRows(db, 'room')
      .where(eq(messages.id, sql.placeholder('messageId')))
      .prepare(),
    pages: { room: pages('room'), none: pages('none'), reader: pages('reader') } satisfies Record<PhotoRule, unknown>,
  }
})
type MessageRow = {
  message: typeof messages.$inferSelect
  firstName: string | null
  lastName: string | null
  photo: boolean
  held: boolean
  authorStatus?: string | null
}

/** `readerId`: who the page is for; a held message's text reaches only its author (null: a room's broadcast). */
function toDto(row: MessageRow, readerId: string | null): MessageDto {
  const { message } = row
  const hidden = row.held && (readerId === null || readerId !== message.authorId)
  // A deactivated member's messages stay, signed « Membre désactivé » (the chat translates it):
  // neither their name nor their photo leaves the server.
  const deactivated = row.authorStatus === 'deactivated'
  return {
    id: message.id,
    threadId: message.threadId,
    groupId: message.groupId,
    author: {
      id: message.authorId,
      name: row.firstName && !deactivated ? `${row.firstName} ${row.lastName}` : '—',
      firstName: deactivated ? '' : (row.firstName ?? ''),
      lastName: deactivated ? '' : (row.lastName ?? ''),
      photo: !deactivated && !!row.photo && !!message.authorId,
      deactivated,
      former: !message.authorId,
    },
    body: message.deletedAt || hidden ? '' : message.body,
    mentions: [],
    createdAt: message.createdAt.toISOString(),
    editedAt: message.editedAt?.toISOString() ?? null,
    deleted: !!message.deletedAt,
    held: !!row.held && !message.deletedAt,
  }
}

/** Messages as DTOs, with the members each one mentions (the thread's mentionables read once, only if needed). */
function toDtos(ctx: AppContext, rows: MessageRow[], readerId: string | null = null): MessageDto[] {
  const dtos = rows.map((row) => toDto(row, readerId))
  const withAt = dtos.filter((m) => m.body.includes('@'))
  if (withAt.length === 0) return dtos
  const people = new Map(mentionables(ctx, withAt[0]!.groupId).map((p) => [p.id, p]))
  for (const m of withAt) m.mentions = extractMentions(m.body, [...people.values()]).flatMap((id) => people.get(id) ?? [])
  return dtos
}

function loadDto(ctx: AppContext, messageId: number, readerId: string | null = null): MessageDto | null {
  const rows = statements(ctx.db).one.all({ messageId })
  return toDtos(ctx, rows, readerId)[0] ?? null
}

function checkBody(body: string): MessageError | null {
  if (!body.trim()) return 'empty'
  if (body.length > MAX_MESSAGE_LENGTH) return 'tooLong'
  return null
}

function publish(ctx: AppContext, type: 'message:new' | 'message:edited' | 'message:deleted' | 'message:hold', message: MessageDto) {
  const authorId = message.author.id
  if (message.held && authorId) {
    // Held for review: the room gets the placeholder (the room's DTO), the author's own sockets —
    // on this thread or elsewhere, the chat keeps its thread's — the text with its notice.
    ctx.bus.publish({ type, room: rooms.thread(message.threadId), except: rooms.user(authorId), payload: message })
    const own = loadDto(ctx, message.id, authorId)
    if (own) ctx.bus.publish({ type, room: rooms.user(authorId), payload: own })
  } else {
    ctx.bus.publish({ type, room: rooms.thread(message.threadId), payload: message })
  }
  // The group room hears of it for unread counts, except those reading the thread, who just got it.
  if (message.groupId && type !== 'message:hold') {
    ctx.bus.publish({
      type: `group:${type}`,
      room: rooms.group(message.groupId),
      except: rooms.thread(message.threadId),
      payload: { groupId: message.groupId, threadId: message.threadId, id: message.id, authorId: message.author.id },
    })
  }
}

/**
 * The one way a message is written, for socket handlers and Remix actions alike: checked, rate
 * limited, stored, and only then published on the bus.
 */
export function postMessage(
  ctx: AppContext,
  author: Viewer,
  input: { threadId: number; body: string; baseUrl: string },
): { ok: true; message: MessageDto } | { ok: false; error: MessageError } {
  const thread = threadFor(ctx, input.threadId)
  if (!thread) return { ok: false, error: 'notFound' }
  if (!canReadThread(ctx, author.id, thread)) return { ok: false, error: 'forbidden' }
  if (activeRestriction(ctx, author.id)) return { ok: false, error: 'restricted' }
  const invalid = checkBody(input.body)
  if (invalid) return { ok: false, error: invalid }
  const now = ctx.now()
  if (throttle.hit(ctx.db, `message:${author.id}`, messageRate, now) > messageRate.limit) return { ok: false, error: 'rateLimited' }
  const id = ctx.db.transaction((tx) => {
    const row = tx
      .insert(messages)
      .values({ threadId: thread.id, groupId: thread.groupId, authorId: author.id, body: input.body, createdAt: now })
      .returning({ id: messages.id })
      .get()
    tx.update(threads).set({ lastMessageAt: now }).where(eq(threads.id, thread.id)).run()
    return row.id
  })
  const message = loadDto(ctx, id)!
  publish(ctx, 'message:new', message)
  notifyMentions(ctx, { message, thread, baseUrl: input.baseUrl }).catch((error: unknown) => ctx.logger.error({ err: error }, 'mention notification failed'))
  return { ok: true, message }
}

/** A forum thread or a group thread: its title and first post, in one transaction. */
export function createThread(
  ctx: AppContext,
  author: Viewer,
  input: { groupId: number | null; title: string; body: string },
): { ok: true; threadId: number } | { ok: false; error: MessageError } {
  if (input.groupId !== null && !canAccessGroup(ctx, author.id, input.groupId)) return { ok: false, error: 'forbidden' }
  if (activeRestriction(ctx, author.id)) return { ok: false, error: 'restricted' }
  const invalid = checkBody(input.body) ?? (input.title.trim() ? null : 'empty')
  if (invalid) return { ok: false, error: invalid }
  const now = ctx.now()
  const { threadId, messageId } = ctx.db.transaction((tx) => {
    const thread = tx
      .insert(threads)
      .values({
        groupId: input.groupId,
        kind: 'thread',
        title: input.title.trim().slice(0, MAX_TITLE_LENGTH),
        authorId: author.id,
        createdAt: now,
        lastMessageAt: now,
      })
      .returning({ id: threads.id })
      .get()
    const message = tx
      .insert(messages)
      .values({ threadId: thread.id, groupId: input.groupId, authorId: author.id, body: input.body, createdAt: now })
      .returning({ id: messages.id })
      .get()
    return { threadId: thread.id, messageId: message.id }
  })
  ctx.bus.publish({ type: 'thread:new', room: input.groupId ? rooms.group(input.groupId) : rooms.forum, payload: { threadId, groupId: input.groupId } })
  const message = loadDto(ctx, messageId)!
  if (input.groupId) publish(ctx, 'message:new', message)
  return { ok: true, threadId }
}

export function editMessage(
  ctx: AppContext,
  user: Viewer,
  input: { messageId: number; body: string },
): { ok: true; message: MessageDto } | { ok: false; error: MessageError } {
  const row = ctx.db.select().from(messages).where(eq(messages.id, input.messageId)).get()
  if (!row || row.deletedAt) return { ok: false, error: 'notFound' }
  if (row.authorId !== user.id) return { ok: false, error: 'forbidden' }
  const invalid = checkBody(input.body)
  if (invalid) return { ok: false, error: invalid }
  // Held for review: its author may edit it once (the hold stays until a webmaster decides).
  const edited = ctx.db.transaction((tx) => {
    const allowance = spendHeldEdit(ctx, 'message', row.id, tx)
    if (!allowance.ok) return false
    tx.update(messages).set({ body: input.body, editedAt: ctx.now() }).where(eq(messages.id, row.id)).run()
    return true
  })
  if (!edited) return { ok: false, error: 'heldEditUsed' }
  const message = loadDto(ctx, row.id)!
  publish(ctx, 'message:edited', message)
  return { ok: true, message }
}

/**
 * A message's hold for review started or ended (moderation calls it after its transaction): open
 * chats replace it at once — others' with the placeholder, or the text again once released; its
 * author's with the text and the notice.
 */
export function messageHoldChanged(ctx: AppContext, messageId: number) {
  const message = loadDto(ctx, messageId)
  if (message && !message.deleted) publish(ctx, 'message:hold', message)
}

/** Authors delete their own; a group's moderators any in their group; webmasters any. */
export function deleteMessage(ctx: AppContext, user: Viewer, messageId: number): { ok: true } | { ok: false; error: MessageError } {
  const row = ctx.db.select().from(messages).where(eq(messages.id, messageId)).get()
  if (!row || row.deletedAt) return { ok: false, error: 'notFound' }
  const allowed = row.authorId === user.id || user.isWebmaster || (row.groupId !== null && isGroupModerator(ctx, user.id, row.groupId))
  if (!allowed) return { ok: false, error: 'forbidden' }
  ctx.db.update(messages).set({ deletedAt: ctx.now(), deletedBy: user.id }).where(eq(messages.id, row.id)).run()
  publish(ctx, 'message:deleted', loadDto(ctx, row.id)!)
  return { ok: true }
}

/** Newest first, `before` an id for older pages (scrolling up). */
export function history(ctx: AppContext, threadId: number, options: { before?: number; limit?: number; reader?: Reader } = {}): MessageDto[] {
  const reader = options.reader ?? null
  const rows = statements(ctx.db).pages[photoRule(reader)].before.all({
    threadId,
    before: options.before || Number.MAX_SAFE_INTEGER,
    limit: Math.min(options.limit ?? HISTORY_PAGE, 100),
    readerId: reader?.id,
  })
  return toDtos(ctx, rows, reader?.id ?? null)
}

/** Everything after `afterId`, oldest first: what a reader missed while disconnected. */
export function messagesSince(ctx: AppContext, threadId: number, afterId: number, limit = 500, reader: Reader = null): MessageDto[] {
  const rows = statements(ctx.db).pages[photoRule(reader)].after.all({ threadId, after: afterId, limit, readerId: reader?.id })
  return toDtos(ctx, rows, reader?.id ?? null)
}

/**
 * Open reports on messages (moderation's one reporting system, `/signaler`): every one for
 * webmasters, or a group's for its moderators, who may remove the message. Deciding on the reports
 * (dismissing, warning, restricting) is the webmasters' at `/admin/moderation`.
 */
export function openReports(ctx: AppContext, groupId?: number) {
  return ctx.db
    .select({
      id: reports.id,
      reason: reports.text,
      createdAt: reports.createdAt,
      messageId: messages.id,
      body: messages.body,
      deleted: messages.deletedAt,
      threadId: messages.threadId,
      reporter: users.email,
    })
    .from(reports)
    .innerJoin(messages, sql`${messages.id} = cast(${reports.targetId} as integer)`)
    .innerJoin(users, eq(users.id, reports.reporterId))
    .where(and(eq(reports.targetKind, 'message'), eq(reports.status, 'open'), groupId === undefined ? undefined : eq(messages.groupId, groupId)))
    .orderBy(asc(reports.createdAt))
    .all()
}

/**
 * A group's moderator (or a webmaster) removes a reported message from the group page. The reports
 * stay open for the webmasters, who see the message as it was reported and decide.
 */
export function removeReportedMessage(ctx: AppContext, user: Viewer, input: { reportId: number }): boolean {
  const report = openReports(ctx).find((r) => r.id === input.reportId)
  if (!report) return false
  return deleteMessage(ctx, user, report.messageId).ok
}
