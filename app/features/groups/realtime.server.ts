import { z } from 'zod'
import type { AppContext } from '~/context.server'
import type { RealtimeServer, RealtimeSocket } from '~/realtime'
import { currentViewer, reauthorise } from '~/features/accounts/socket-access.server'
import {
  canReadThread,
  deleteMessage,
  editMessage,
  history,
  messagesSince,
  postMessage,
  threadFor,
  MAX_MESSAGE_LENGTH,
} from '~/features/groups/discussions.server'
import { canAccessGroup, markGroupRead, photoFlags } from '~/features/groups/groups.server'
import { markThreadRead } from '~/features/groups/forum.server'
import type { Presence } from '~/features/groups/realtime'
import type { Ack, Refusal } from '~/shared/realtime'
import { parseRoom, rooms } from '~/shared/rooms'
import { isPayingMember, type Viewer } from '~/shared/viewer'

const id = z.number().int().positive()
const schemas = {
  join: z.object({ threadId: id }),
  since: z.object({ threadId: id, afterId: z.number().int().min(0) }),
  older: z.object({ threadId: id, before: id }),
  send: z.object({ threadId: id, body: z.string().max(MAX_MESSAGE_LENGTH + 100) }),
  edit: z.object({ messageId: id, body: z.string().max(MAX_MESSAGE_LENGTH + 100) }),
  remove: z.object({ messageId: id }),
  typing: z.object({ threadId: id }),
  read: z.object({ groupId: id, messageId: id }),
  threadRead: z.object({ threadId: id, messageId: id }),
}

const PRESENCE_LIST_MAX = 100
const PRESENCE_DELAY_MS = 300

/** Who is online in a group: the distinct members with a socket in its room (every process). */
async function presence(io: RealtimeServer, ctx: AppContext, groupId: number): Promise<Presence> {
  const sockets = await io.in(rooms.group(groupId)).fetchSockets()
  const people = new Map<string, { firstName: string; lastName: string }>()
  for (const { data } of sockets) {
    // Only members' sockets join a group's room.
    if (data.viewer) people.set(data.viewer.id, { firstName: data.viewer.firstName, lastName: data.viewer.lastName })
  }
  const listed = [...people].slice(0, PRESENCE_LIST_MAX)
  const photos = photoFlags(
    ctx,
    listed.map(([userId]) => userId),
  )
  const online = listed.map(([userId, p]) => ({ userId, name: `${p.firstName} ${p.lastName}`, ...p, photo: photos.has(userId) }))
  return { groupId, count: people.size, online }
}

// Joins and leaves come in bursts (a thousand readers opening a page): one announcement per group
// per short delay, with a bounded list, instead of a full list to everyone at every join.
const pendingPresence = new Map<number, ReturnType<typeof setTimeout>>()

/** Best effort: presence is a courtesy, never a reason for an unhandled rejection (e.g. at shutdown). */
function announcePresence(io: RealtimeServer, ctx: AppContext, groupId: number) {
  if (pendingPresence.has(groupId)) return
  pendingPresence.set(
    groupId,
    setTimeout(() => {
      pendingPresence.delete(groupId)
      presence(io, ctx, groupId)
        .then((state) => io.to(rooms.group(groupId)).emit('presence', state))
        .catch((error: unknown) => ctx.logger.warn({ err: error, groupId }, 'presence update failed'))
    }, PRESENCE_DELAY_MS),
  )
}

/**
 * Socket handlers of groups and discussions. Every payload is checked; before every event the
 * session and the member's rights are read again (a session ended or a membership suspended in
 * another process, whose bus message never came, cannot keep a right alive); every room join
 * re-checks the right to the room, and every write goes through the same services as the Remix
 * actions.
 */
export function registerDiscussionHandlers(io: RealtimeServer, socket: RealtimeSocket, ctx: AppContext, baseUrl: string) {
  /** The listener of one event: its payload parsed, the viewer read again, its errors answered. */
  function guarded<Payload, Answer>(
    event: string,
    schema: z.ZodType<Payload>,
    handler: (payload: Payload, ack: Ack<Answer | Refusal>, viewer: Viewer) => unknown,
  ) {
    // The types say what a well-behaved client sends; a hostile one may send anything, or no callback.
    return async (payload: unknown, ack?: Ack<Answer | Refusal>) => {
      const reply: Ack<Answer | Refusal> = typeof ack === 'function' ? ack : () => {}
      const parsed = schema.safeParse(payload)
      if (!parsed.success) return reply({ ok: false, error: 'invalid' })
      try {
        const viewer = currentViewer(ctx, socket.data)
        if (!viewer || !isPayingMember(viewer)) {
          reply({ ok: false, error: viewer ? 'forbidden' : 'unauthorized' })
          reauthorise(ctx, socket, viewer)
          return
        }
        await handler(parsed.data, reply, viewer)
      } catch (error) {
        ctx.logger.error({ err: error, event }, 'socket handler failed')
        reply({ ok: false, error: 'server' })
      }
    }
  }
  const readable = (viewer: Viewer, threadId: number) => {
    const thread = threadFor(ctx, threadId)
    return thread && canReadThread(ctx, viewer.id, thread) ? thread : null
  }

  socket.on(
    'thread:join',
    guarded('thread:join', schemas.join, async ({ threadId }, ack, viewer) => {
      const thread = readable(viewer, threadId)
      if (!thread) return ack({ ok: false, error: 'forbidden' })
      await socket.join(rooms.thread(threadId))
      if (thread.groupId) {
        await socket.join(rooms.group(thread.groupId))
        announcePresence(io, ctx, thread.groupId)
      }
      ack({ ok: true, messages: history(ctx, threadId, { reader: viewer }).reverse() })
    }),
  )

  socket.on(
    'thread:since',
    guarded('thread:since', schemas.since, ({ threadId, afterId }, ack, viewer) => {
      if (!readable(viewer, threadId)) return ack({ ok: false, error: 'forbidden' })
      ack({ ok: true, messages: messagesSince(ctx, threadId, afterId, undefined, viewer) })
    }),
  )

  socket.on(
    'thread:older',
    guarded('thread:older', schemas.older, ({ threadId, before }, ack, viewer) => {
      if (!readable(viewer, threadId)) return ack({ ok: false, error: 'forbidden' })
      ack({ ok: true, messages: history(ctx, threadId, { before, reader: viewer }).reverse() })
    }),
  )

  socket.on(
    'message:send',
    guarded('message:send', schemas.send, ({ threadId, body }, ack, viewer) => {
      const result = postMessage(ctx, viewer, { threadId, body, baseUrl })
      ack(result.ok ? { ok: true, id: result.message.id } : result)
    }),
  )

  socket.on(
    'message:edit',
    guarded('message:edit', schemas.edit, ({ messageId, body }, ack, viewer) => {
      const result = editMessage(ctx, viewer, { messageId, body })
      ack(result.ok ? { ok: true } : result)
    }),
  )

  socket.on(
    'message:delete',
    guarded('message:delete', schemas.remove, ({ messageId }, ack, viewer) => ack(deleteMessage(ctx, viewer, messageId))),
  )

  socket.on(
    'typing',
    guarded('typing', schemas.typing, ({ threadId }, _ack, viewer) => {
      // Only to a room the socket was allowed into, and may still be in.
      const room = rooms.thread(threadId)
      if (!socket.rooms.has(room)) return
      if (!readable(viewer, threadId)) return void socket.leave(room)
      socket.to(room).emit('typing', { threadId, userId: viewer.id, name: `${viewer.firstName} ${viewer.lastName}` })
    }),
  )

  socket.on(
    'group:read',
    guarded('group:read', schemas.read, ({ groupId, messageId }, ack, viewer) => {
      if (!socket.rooms.has(rooms.group(groupId)) || !canAccessGroup(ctx, viewer.id, groupId)) return ack({ ok: false, error: 'forbidden' })
      markGroupRead(ctx, viewer.id, groupId, messageId)
      ack({ ok: true })
    }),
  )

  socket.on(
    'thread:read',
    guarded('thread:read', schemas.threadRead, ({ threadId, messageId }, ack, viewer) => {
      const thread = socket.rooms.has(rooms.thread(threadId)) ? readable(viewer, threadId) : null
      if (!thread || thread.kind !== 'thread') return ack({ ok: false, error: 'forbidden' })
      markThreadRead(ctx, viewer.id, threadId, messageId)
      ack({ ok: true })
    }),
  )

  socket.on('disconnecting', () => {
    const groups = [...socket.rooms].flatMap((room) => {
      const parsed = parseRoom(room)
      return parsed?.kind === 'group' ? [parsed.id] : []
    })
    // After the socket has left its rooms, tell the others who is still there.
    setImmediate(() => groups.forEach((g) => announcePresence(io, ctx, g)))
  })
}
