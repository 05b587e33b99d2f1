import type { Server, Socket } from 'socket.io'
import { z } from 'zod'
import type { AppContext } from '../../app/context.server'
import {
  canReadThread,
  deleteMessage,
  editMessage,
  groupRoom,
  history,
  messagesSince,
  postMessage,
  threadFor,
  threadRoom,
  MAX_MESSAGE_LENGTH,
} from '../../app/features/groups/discussions.server'
import { canAccessGroup, markGroupRead } from '../../app/features/groups/groups.server'
import type { Viewer } from '../../app/features/accounts/accounts.server'
import { currentViewer, mayDiscuss, reauthorise } from './access'
import type { AccountSocketData } from './types'

type Ack = (answer: unknown) => void
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
}

const PRESENCE_LIST_MAX = 100
const PRESENCE_DELAY_MS = 300

/** Who is online in a group: the distinct members with a socket in its room (every process). */
async function presence(io: Server, groupId: number) {
  const sockets = await io.in(groupRoom(groupId)).fetchSockets()
  const people = new Map<string, string>()
  for (const s of sockets) {
    const { viewer } = s.data as AccountSocketData
    people.set(viewer.id, `${viewer.firstName} ${viewer.lastName}`)
  }
  const online = [...people].map(([userId, name]) => ({ userId, name }))
  return { count: online.length, online: online.slice(0, PRESENCE_LIST_MAX) }
}

// Joins and leaves come in bursts (a thousand readers opening a page): one announcement per group
// per short delay, with a bounded list, instead of a full list to everyone at every join.
const pendingPresence = new Map<number, ReturnType<typeof setTimeout>>()

/** Best effort: presence is a courtesy, never a reason for an unhandled rejection (e.g. at shutdown). */
function announcePresence(io: Server, groupId: number, logger: AppContext['logger']) {
  if (pendingPresence.has(groupId)) return
  pendingPresence.set(
    groupId,
    setTimeout(() => {
      pendingPresence.delete(groupId)
      presence(io, groupId)
        .then((state) => io.to(groupRoom(groupId)).emit('presence', { groupId, ...state }))
        .catch((error: unknown) => logger.warn({ err: error, groupId }, 'presence update failed'))
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
export function registerDiscussionHandlers(io: Server, socket: Socket, ctx: AppContext, baseUrl: string) {
  function on<T extends z.ZodTypeAny>(event: string, schema: T, handler: (payload: z.infer<T>, ack: Ack, viewer: Viewer) => unknown) {
    socket.on(event, async (payload: unknown, ack?: unknown) => {
      const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => {}
      const parsed = schema.safeParse(payload)
      if (!parsed.success) return reply({ ok: false, error: 'invalid' })
      try {
        const viewer = currentViewer(ctx, socket.data as AccountSocketData)
        if (!viewer || !mayDiscuss(viewer)) {
          reply({ ok: false, error: viewer ? 'forbidden' : 'unauthorized' })
          reauthorise(ctx, socket, viewer)
          return
        }
        await handler(parsed.data, reply, viewer)
      } catch (error) {
        ctx.logger.error({ err: error, event }, 'socket handler failed')
        reply({ ok: false, error: 'server' })
      }
    })
  }

  on('thread:join', schemas.join, async ({ threadId }, ack, viewer) => {
    const thread = threadFor(ctx, threadId)
    if (!thread || !canReadThread(ctx, viewer.id, thread)) return ack({ ok: false, error: 'forbidden' })
    await socket.join(threadRoom(threadId))
    if (thread.groupId) {
      await socket.join(groupRoom(thread.groupId))
      announcePresence(io, thread.groupId, ctx.logger)
    }
    ack({ ok: true, messages: history(ctx, threadId).reverse() })
  })

  on('thread:since', schemas.since, ({ threadId, afterId }, ack, viewer) => {
    const thread = threadFor(ctx, threadId)
    if (!thread || !canReadThread(ctx, viewer.id, thread)) return ack({ ok: false, error: 'forbidden' })
    ack({ ok: true, messages: messagesSince(ctx, threadId, afterId) })
  })

  on('thread:older', schemas.older, ({ threadId, before }, ack, viewer) => {
    const thread = threadFor(ctx, threadId)
    if (!thread || !canReadThread(ctx, viewer.id, thread)) return ack({ ok: false, error: 'forbidden' })
    ack({ ok: true, messages: history(ctx, threadId, { before }).reverse() })
  })

  on('message:send', schemas.send, ({ threadId, body }, ack, viewer) => {
    const result = postMessage(ctx, viewer, { threadId, body, baseUrl })
    ack(result.ok ? { ok: true, id: result.message.id } : result)
  })

  on('message:edit', schemas.edit, ({ messageId, body }, ack, viewer) => {
    const result = editMessage(ctx, viewer, { messageId, body })
    ack(result.ok ? { ok: true } : result)
  })

  on('message:delete', schemas.remove, ({ messageId }, ack, viewer) => ack(deleteMessage(ctx, viewer, messageId)))

  on('typing', schemas.typing, ({ threadId }, _ack, viewer) => {
    // Only to a room the socket was allowed into, and may still be in.
    if (!socket.rooms.has(threadRoom(threadId))) return
    const thread = threadFor(ctx, threadId)
    if (!thread || !canReadThread(ctx, viewer.id, thread)) return void socket.leave(threadRoom(threadId))
    socket.to(threadRoom(threadId)).emit('typing', { threadId, userId: viewer.id, name: `${viewer.firstName} ${viewer.lastName}` })
  })

  on('group:read', schemas.read, ({ groupId, messageId }, ack, viewer) => {
    if (!socket.rooms.has(groupRoom(groupId)) || !canAccessGroup(ctx, viewer.id, groupId)) return ack({ ok: false, error: 'forbidden' })
    markGroupRead(ctx, viewer.id, groupId, messageId)
    ack({ ok: true })
  })

  socket.on('disconnecting', () => {
    const groups = [...socket.rooms].filter((r) => r.startsWith('group:')).map((r) => Number(r.slice(6)))
    // After the socket has left its rooms, tell the others who is still there.
    setImmediate(() => groups.forEach((g) => announcePresence(io, g, ctx.logger)))
  })
}
