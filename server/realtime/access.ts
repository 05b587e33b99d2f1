import type { AccessEvent, AppContext } from '../../app/context.server'
import type { RealtimeServer, RealtimeSocket } from '../../app/realtime'
import { loadViewer, type Viewer } from '../../app/features/accounts/accounts.server'
import { currentViewer, reauthorise } from '../../app/features/accounts/socket-access.server'
import { rooms } from '../../app/shared/rooms'
import { isPayingMember } from '../../app/shared/viewer'

/**
 * The bus side: ended sessions lose their sockets (in every process, through the adapter), and a
 * changed right re-authorises every socket of the user. `onUpgrade` gives discussion handlers to
 * a socket of this process whose user just became a member.
 */
export async function applyAccessEvent(io: RealtimeServer, ctx: AppContext, event: AccessEvent, onUpgrade: (socket: RealtimeSocket, viewer: Viewer) => void) {
  const { userId } = event.payload
  const room = rooms.user(userId)
  if (event.type === 'account:deactivated') {
    io.in(room).disconnectSockets(true)
    return
  }
  const sockets = await io.in(room).fetchSockets()
  if (event.type === 'sessions:ended') {
    const { only, except } = event.payload
    for (const socket of sockets) {
      const { sessionId } = socket.data
      const ended = only ? sessionId === only : except ? sessionId !== except : true
      if (ended) socket.disconnect(true)
    }
    return
  }
  const viewer = loadViewer(ctx, userId)
  for (const remote of sockets) {
    const local = io.of('/').sockets.get(remote.id)
    const socket = local ?? remote
    // The session may have ended in the meantime: each socket is checked with its own.
    const current = viewer && currentViewer(ctx, { ...socket.data, viewer })
    if (!reauthorise(ctx, socket, current) || !local || !current) continue
    if (!local.data.discussions && isPayingMember(current)) onUpgrade(local, current)
  }
}
