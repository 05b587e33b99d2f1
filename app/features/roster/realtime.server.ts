import type { AppContext } from '~/context.server'
import type { RealtimeSocket } from '~/realtime'
import { currentViewer } from '~/features/accounts/socket-access.server'
import { latestActivationProgress } from '~/features/roster/activation-sends.server'
import type { WatchActivationsAnswer } from '~/features/roster/realtime'
import type { Ack } from '~/shared/realtime'
import { rooms } from '~/shared/rooms'

/**
 * `roster:watch`: a webmaster on the invitations page joins the webmasters' room, where each
 * batch of a send reports its progress; the answer is the latest send as the database has it,
 * so the bar is right from the start (and again after a reconnection).
 */
export function registerRosterHandlers(socket: RealtimeSocket, ctx: AppContext) {
  socket.on('roster:watch', (ack?: Ack<WatchActivationsAnswer>) => {
    // The types say what a well-behaved client sends; a hostile one may send no callback.
    const reply: Ack<WatchActivationsAnswer> = typeof ack === 'function' ? ack : () => {}
    try {
      // The right of now, not the handshake's: a webmaster demoted since cannot join.
      const viewer = currentViewer(ctx, socket.data)
      if (!viewer) {
        reply({ ok: false, error: 'unauthorized' })
        return void socket.disconnect(true)
      }
      if (!viewer.isWebmaster) return reply({ ok: false, error: 'forbidden' })
      void socket.join(rooms.webmasters)
      reply({ ok: true, progress: latestActivationProgress(ctx) })
    } catch (error) {
      ctx.logger.error({ err: error }, 'socket handler failed')
      reply({ ok: false, error: 'server' })
    }
  })
}
