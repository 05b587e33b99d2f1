import type http from 'node:http'
import { createAdapter } from '@socket.io/redis-adapter'
import { createClient } from 'redis'
import { Server, type Socket } from 'socket.io'
import { isAccessEvent, type AppContext, type BusEvent } from '../../app/context.server'
import { loadViewer, type Viewer } from '../../app/features/accounts/accounts.server'
import { SESSION_COOKIE } from '../../app/features/accounts/auth.server'
import { linkOrigin } from '../../app/shared/http.server'
import { readCookie } from '../cookies'
import { isSameOrigin } from '../security'
import { registerDiscussionHandlers } from './discussions'
import { createEventBroadcaster, registerEventHandlers } from './events'
import { activeGroupIds } from '../../app/features/groups/groups.server'
import { applyAccessEvent, currentViewer, mayDiscuss } from './access'
import type { SocketData } from './types'

export const SOCKET_SWEEP_MS = 60_000
export type { AccountSocketData, SocketData } from './types'

/**
 * Socket.IO on the HTTP server that serves Remix. The handshake is authenticated from the
 * lucia session cookie only (never a token in the URL) and must come from our own origin.
 */
export async function attachRealtime(httpServer: http.Server, ctx: AppContext) {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    // Size limit on every payload (a message is at most 4,000 characters).
    maxHttpBufferSize: 64 * 1024,
    // A reader whose connection drops gets the room broadcasts he missed (single process: the
    // Redis adapter does not replay them). The chat does not rely on it: on every reconnection
    // it re-joins, takes the latest page (edits and deletions included) and `thread:since`.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    allowRequest: (req, callback) => callback(null, isSameOrigin(req, { appUrl: ctx.config.APP_URL, trustProxy: ctx.config.TRUST_PROXY })),
  })

  io.use(async (socket, next) => {
    try {
      // Tolerant of anyone else's malformed cookie on the same host (lucia's parser throws on it).
      const sessionId = readCookie(socket.request.headers.cookie, SESSION_COOKIE)
      // No session cookie at all: a visitor on a public event page, who only watches its counters.
      if (!sessionId) {
        socket.data = { viewer: null, sessionId: null }
        return next()
      }
      const { session, user } = sessionId ? await ctx.auth.validateSession(sessionId) : { session: null, user: null }
      const viewer = user && session ? loadViewer(ctx, user.id) : null
      if (!viewer || !session) return next(new Error('unauthorized'))
      socket.data = { viewer, sessionId: session.id }
      next()
    } catch (error) {
      ctx.logger.error({ err: error }, 'socket handshake failed')
      next(new Error('unauthorized'))
    }
  })

  io.on('connection', (socket: Socket) => {
    // Event counters are for everyone who can see the event page (non-members are invited to some).
    registerEventHandlers(socket, ctx)
    const { viewer } = socket.data as SocketData
    if (!viewer) return
    void socket.join(`user:${viewer.id}`)
    // The authenticated ping: proves the socket's session is still valid.
    socket.on('amicale:ping', (ack: unknown) => {
      if (!currentViewer(ctx, socket.data as SocketData)) return socket.disconnect(true)
      if (typeof ack === 'function') ack({ ok: true, userId: viewer.id, at: ctx.now().toISOString() })
    })
    // Groups and discussions are for dues-paying members (and webmasters) only: no handler otherwise.
    if (mayDiscuss(viewer)) giveDiscussions(socket, viewer)
  })

  function giveDiscussions(socket: Socket, viewer: Viewer) {
    ;(socket.data as SocketData).discussions = true
    // The member's groups: unread counts in the navigation and presence follow them on every page.
    for (const groupId of activeGroupIds(ctx, viewer.id)) void socket.join(`group:${groupId}`)
    // Links in mentions' mails: never a host the client typed (see `linkOrigin`).
    const origin = linkOrigin(socket.handshake.headers.origin ?? 'http://localhost', ctx.config.APP_URL)
    registerDiscussionHandlers(io as unknown as Server, socket, ctx, origin)
  }

  function onAccessEvent(event: BusEvent) {
    applyAccessEvent(io as unknown as Server, ctx, event, giveDiscussions).catch((error: unknown) =>
      ctx.logger.error({ err: error, type: event.type }, 'socket re-authorisation failed'),
    )
  }

  ctx.presence.isConnected = async (userId) => (await io.in(`user:${userId}`).fetchSockets()).length > 0

  // Nothing is published when a session simply expires, and a process without Redis never hears
  // of a log-out in another: every minute, this process's sockets are checked against their
  // sessions, so that none outlives its session by more than that, even one that sends nothing.
  function sweepSockets() {
    let dropped = 0
    for (const socket of io.of('/').sockets.values()) {
      const data = socket.data as SocketData
      if (data.sessionId && !currentViewer(ctx, data)) {
        socket.disconnect(true)
        dropped++
      }
    }
    return dropped
  }
  const sweep = setInterval(sweepSockets, SOCKET_SWEEP_MS)
  sweep.unref()

  const eventBroadcaster = createEventBroadcaster(io as unknown as Server)
  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event.type === 'event:changed') return eventBroadcaster.push(event)
    if (isAccessEvent(event)) return onAccessEvent(event)
    // A membership that starts or is suspended changes what the user's sockets may do.
    if (event.type === 'membership:activated' || event.type === 'membership:changed') {
      const { userId } = event.payload as { userId: string }
      onAccessEvent({ type: 'access:changed', room: `user:${userId}`, payload: { userId } })
    }
    if (event.type === 'group:left') {
      // Rights are re-checked at every join; a member who leaves also leaves the rooms at once.
      const { groupId } = event.payload as { groupId: number }
      io.in(event.room).socketsLeave(`group:${groupId}`)
      return
    }
    const target = event.except ? io.to(event.room).except(event.except) : io.to(event.room)
    target.emit(event.type as never, event.payload as never)
  })

  const redis = ctx.config.REDIS_URL ? await useRedisAdapter(io, ctx.config.REDIS_URL, ctx.logger) : null

  return {
    io,
    sweepSockets,
    async close() {
      clearInterval(sweep)
      unsubscribe()
      eventBroadcaster.close()
      await io.close()
      await redis?.close()
    },
  }
}

/** With REDIS_URL, room emits travel between processes through Redis pub/sub. */
async function useRedisAdapter(io: Server, url: string, logger: AppContext['logger']) {
  const pub = createClient({ url })
  const sub = pub.duplicate()
  // Without a listener, a dropped Redis connection would be an unhandled 'error' and end the process.
  for (const client of [pub, sub]) client.on('error', (error: unknown) => logger.error({ err: error }, 'redis connection error'))
  await Promise.all([pub.connect(), sub.connect()])
  io.adapter(createAdapter(pub, sub))
  return {
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()])
    },
  }
}
