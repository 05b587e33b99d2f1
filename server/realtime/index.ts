import type http from 'node:http'
import { Server } from 'socket.io'
import type { AccessEvent, BusEvent } from '../../app/context.server'
import type { ClientToServerEvents, InterServerEvents, RealtimeServer, RealtimeSocket, ServerToClientEvents } from '../../app/realtime'
import { loadViewer, type Viewer } from '../../app/features/accounts/accounts.server'
import { SESSION_COOKIE } from '../../app/features/accounts/auth.server'
import { currentViewer } from '../../app/features/accounts/socket-access.server'
import { createEventBroadcaster, registerEventHandlers } from '../../app/features/events/realtime.server'
import { activeGroupIds } from '../../app/features/groups/groups.server'
import { registerDiscussionHandlers } from '../../app/features/groups/realtime.server'
import { registerRosterHandlers } from '../../app/features/roster/realtime.server'
import { registerCampaignHandlers } from '../../app/features/campaigns/realtime.server'
import { linkOrigin } from '../../app/shared/http.server'
import type { SocketData } from '../../app/shared/realtime'
import { rooms, type Room } from '../../app/shared/rooms'
import { isPayingMember } from '../../app/shared/viewer'
import { readCookie } from '../cookies'
import { isSameOrigin } from '../security'
import { applyAccessEvent } from './access'
import type { ServerContext } from './bus'
import { useRedisAdapter } from './redis'

export const SOCKET_SWEEP_MS = 60_000

/**
 * Socket.IO on the HTTP server that serves Remix. The handshake is authenticated from the
 * lucia session cookie only (never a token in the URL) and must come from our own origin.
 */
export async function attachRealtime(httpServer: http.Server, ctx: ServerContext) {
  const { bus } = ctx
  const io: RealtimeServer = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(httpServer, {
    serveClient: false,
    // Size limit on every payload (a message is at most 4,000 characters).
    maxHttpBufferSize: 64 * 1024,
    // A reader whose connection drops gets the room broadcasts he missed, whichever process he
    // comes back to (with REDIS_URL the Redis Streams adapter keeps them). The chat does not rely
    // on it: on every reconnection it re-joins, takes the latest page (edits and deletions
    // included) and `thread:since`.
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

  io.on('connection', (socket) => {
    // Event counters are for everyone who can see the event page (non-members are invited to some).
    registerEventHandlers(socket, ctx)
    const { viewer } = socket.data
    if (!viewer) return
    void socket.join(rooms.user(viewer.id))
    // The webmasters' back office (its handler checks the role of now at every join).
    registerRosterHandlers(socket, ctx)
    registerCampaignHandlers(socket, ctx)
    // The types say what a well-behaved client sends: a hostile one may send no callback.
    socket.on('amicale:ping', (ack?: Parameters<ClientToServerEvents['amicale:ping']>[0]) => {
      if (!currentViewer(ctx, socket.data)) return socket.disconnect(true)
      if (typeof ack === 'function') ack({ ok: true, userId: viewer.id, at: ctx.now().toISOString() })
    })
    // Groups and discussions are for dues-paying members (and webmasters) only: no handler otherwise.
    if (isPayingMember(viewer)) giveDiscussions(socket, viewer)
  })

  function giveDiscussions(socket: RealtimeSocket, viewer: Viewer) {
    socket.data.discussions = true
    // The member's groups: unread counts in the navigation and presence follow them on every page.
    for (const groupId of activeGroupIds(ctx, viewer.id)) void socket.join(rooms.group(groupId))
    // Links in mentions' mails: never a host the client typed (see `linkOrigin`).
    const origin = linkOrigin(socket.handshake.headers.origin ?? 'http://localhost', ctx.config.APP_URL)
    registerDiscussionHandlers(io, socket, ctx, origin)
  }

  function onAccessEvent(event: AccessEvent) {
    try {
      applyAccessEvent(io, ctx, event, giveDiscussions)
    } catch (error) {
      ctx.logger.error({ err: error, type: event.type }, 'socket re-authorisation failed')
    }
  }

  ctx.presence.isConnected = async (userId) => (await io.in(rooms.user(userId)).fetchSockets()).length > 0

  // Nothing is published when a session simply expires, and a log-out published while the link to
  // Redis was down never arrives: every minute (and when that link comes back), this process's
  // sockets are checked against their sessions, so that none outlives its session by more than
  // that, even one that sends nothing.
  function sweepSockets() {
    let dropped = 0
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.sessionId && !currentViewer(ctx, socket.data)) {
        socket.disconnect(true)
        dropped++
      }
    }
    return dropped
  }
  const sweep = setInterval(sweepSockets, SOCKET_SWEEP_MS)
  sweep.unref()
  const stopResync = bus.onResync(() => void sweepSockets())

  const eventBroadcaster = createEventBroadcaster(io)
  /** The sockets a published event goes to. */
  const audience = (event: { room: Room; except?: Room }) => (event.except ? io.to(event.room).except(event.except) : io.to(event.room))
  // Rights: every process hears every access event and re-checks its own sockets (it alone can
  // give a socket of its own the discussion handlers).
  const stopAccess = bus.subscribe((event: BusEvent) => {
    switch (event.type) {
      case 'sessions:ended':
      case 'access:changed':
      case 'account:deactivated':
      case 'account:reactivated':
        return onAccessEvent(event)
      // A membership that starts or is suspended changes what the user's sockets may do.
      case 'membership:activated':
      case 'membership:changed':
        return onAccessEvent({ type: 'access:changed', payload: { userId: event.payload.userId } })
    }
  })
  // Room emits: only the process that published the event emits it; the adapter carries it to
  // the sockets of every process (and keeps it for connection-state recovery).
  const unsubscribe = bus.subscribeOwn((event: BusEvent) => {
    switch (event.type) {
      // Handled above, for this process's sockets, in every process.
      case 'sessions:ended':
      case 'access:changed':
      case 'account:deactivated':
      case 'account:reactivated':
      case 'membership:activated':
      case 'membership:changed':
        return
      // The search index follows it (server/search-sync.ts); no socket shows it.
      case 'profile:updated':
        return
      // Rights are re-checked at every join; a member who leaves also leaves the rooms at once.
      case 'group:left':
        return void io.in(rooms.user(event.payload.userId)).socketsLeave(rooms.group(event.payload.groupId))
      case 'event:changed':
        return eventBroadcaster.push(event.payload)
      // The others reach the sockets of their room as the socket event of the same name. One
      // branch per payload type: the compiler checks each against ServerToClientEvents.
      case 'message:new':
      case 'message:edited':
      case 'message:deleted':
      case 'message:hold':
        return void audience(event).emit(event.type, event.payload)
      case 'group:message:new':
      case 'group:message:edited':
      case 'group:message:deleted':
        return void audience(event).emit(event.type, event.payload)
      case 'group:members':
        return void audience(event).emit(event.type, event.payload)
      case 'thread:new':
        return void audience(event).emit(event.type, event.payload)
      case 'report:new':
        return void audience(event).emit(event.type, event.payload)
      case 'notification:new':
        return void audience(event).emit(event.type, event.payload)
      case 'event:invitations':
        return void audience(event).emit(event.type, event.payload)
      case 'roster:activation':
        return void audience(event).emit(event.type, event.payload)
      case 'campaign:progress':
        return void audience(event).emit(event.type, event.payload)
      case 'registration:promoted':
      case 'registration:released':
        return void audience(event).emit(event.type, event.payload)
      default: {
        // A new kind of bus event is a type error here until it is delivered or handled above.
        const undelivered: never = event
        ctx.logger.warn({ event: undelivered }, 'bus event not delivered')
      }
    }
  })

  const redis = ctx.config.REDIS_URL ? await useRedisAdapter(io, ctx.config.REDIS_URL, ctx.logger) : null

  return {
    io,
    sweepSockets,
    async close() {
      clearInterval(sweep)
      stopResync()
      stopAccess()
      unsubscribe()
      eventBroadcaster.close()
      await io.close()
      await redis?.close()
    },
  }
}
