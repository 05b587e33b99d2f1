import type http from 'node:http'
import { Server, type Socket } from 'socket.io'
import type { AppContext } from '../../app/services/context.server'
import { loadViewer, type Viewer } from '../../app/services/accounts.server'
import { isSameOrigin } from '../security'

export interface SocketData {
  viewer: Viewer
  sessionId: string
}

/**
 * Socket.IO on the HTTP server that serves Remix. The handshake is authenticated from the
 * lucia session cookie only (never a token in the URL) and must come from our own origin.
 */
export function attachRealtime(httpServer: http.Server, ctx: AppContext) {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(
    httpServer,
    {
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
      allowRequest: (req, callback) => callback(null, isSameOrigin(req, ctx.config.APP_URL)),
    },
  )

  io.use(async (socket, next) => {
    try {
      const sessionId = ctx.auth.readSessionCookie(socket.request.headers.cookie ?? '')
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
    const { viewer } = socket.data as SocketData
    void socket.join(`user:${viewer.id}`)
    // The authenticated ping: proves the handshake carried a valid session.
    socket.on('amicale:ping', (ack: unknown) => {
      if (typeof ack === 'function') ack({ ok: true, userId: viewer.id, at: ctx.now().toISOString() })
    })
  })

  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event.type === 'account:deactivated') {
      io.in(event.room).disconnectSockets(true)
      return
    }
    io.to(event.room).emit(event.type as never, event.payload as never)
  })

  return {
    io,
    async close() {
      unsubscribe()
      await io.close()
    },
  }
}
