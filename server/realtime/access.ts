import type { AccessEvent, AppContext } from '../../app/context.server'
import type { RealtimeServer, RealtimeSocket } from '../../app/realtime'
import { loadViewer, type Viewer } from '../../app/features/accounts/accounts.server'
import { currentViewer, reauthorise } from '../../app/features/accounts/socket-access.server'
import { rooms } from '../../app/shared/rooms'
import { isPayingMember } from '../../app/shared/viewer'

/**
 * The bus side, for this process's sockets: every process hears every access event (through Redis
 * with several), so each handles its own. Ended sessions lose their sockets, and a changed right
 * re-authorises every socket of the user; `onUpgrade` gives discussion handlers to a socket whose
 * user just became a member.
 */
export function applyAccessEvent(io: RealtimeServer, ctx: AppContext, event: AccessEvent, onUpgrade: (socket: RealtimeSocket, viewer: Viewer) => void) {
  const { userId } = event.payload
  const sockets = localSocketsIn(io, rooms.user(userId))
  if (sockets.length === 0) return
  if (event.type === 'account:deactivated') {
    for (const socket of sockets) socket.disconnect(true)
    return
  }
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
  for (const socket of sockets) {
    // The session may have ended in the meantime: each socket is checked with its own.
    const current = viewer && currentViewer(ctx, { ...socket.data, viewer })
    if (!reauthorise(ctx, socket, current) || !current) continue
    if (!socket.data.discussions && isPayingMember(current)) onUpgrade(socket, current)
  }
}

/** The sockets of this process in a room (a snapshot: handlers may disconnect them). */
function localSocketsIn(io: RealtimeServer, room: string): RealtimeSocket[] {
  const namespace = io.of('/')
  const ids = namespace.adapter.rooms.get(room)
  if (!ids) return []
  return [...ids].flatMap((id) => namespace.sockets.get(id) ?? [])
}
