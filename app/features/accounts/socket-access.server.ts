import type { AppContext } from '~/context.server'
import type { AnyRealtimeSocket } from '~/realtime'
import { loadViewer } from '~/features/accounts/accounts.server'
import { canManageEvent, eventById } from '~/features/events/events.server'
import { canReadThread, threadFor } from '~/features/groups/discussions.server'
import { canAccessGroup } from '~/features/groups/groups.server'
import type { SocketData } from '~/shared/realtime'
import { parseRoom } from '~/shared/rooms'
import { isPayingMember, type Viewer } from '~/shared/viewer'

// The session check runs at every privileged event: one prepared primary-key read.
const sessionStatements = new WeakMap<AppContext['database']['sqlite'], { alive: { get(id: string, nowSeconds: number): unknown } }>()
function statements(ctx: AppContext) {
  const { sqlite } = ctx.database
  let prepared = sessionStatements.get(sqlite)
  if (!prepared) {
    prepared = { alive: sqlite.prepare('select 1 from sessions where id = ? and expires_at > ?') }
    sessionStatements.set(sqlite, prepared)
  }
  return prepared
}

/**
 * The socket's viewer as the database says now: null once its session is gone or expired, or the
 * account deactivated. The viewer cached at the handshake is never trusted beyond its session.
 */
export function currentViewer(ctx: AppContext, data: SocketData): Viewer | null {
  if (!data.sessionId || !data.viewer) return null
  if (!statements(ctx).alive.get(data.sessionId, Math.floor(ctx.now().getTime() / 1000))) return null
  return loadViewer(ctx, data.viewer.id)
}

/** The rooms a socket may no longer be in, for the viewer it has now. */
function forbiddenRooms(ctx: AppContext, viewer: Viewer, names: Iterable<string>): string[] {
  const discuss = isPayingMember(viewer)
  return [...names].filter((name) => {
    const room = parseRoom(name)
    switch (room?.kind) {
      case 'group':
        return !discuss || !canAccessGroup(ctx, viewer.id, room.id)
      case 'thread': {
        const thread = threadFor(ctx, room.id)
        return !discuss || !thread || !canReadThread(ctx, viewer.id, thread)
      }
      case 'eventOrganizers': {
        const details = eventById(ctx, room.id)
        return !details || !canManageEvent(ctx, viewer, details.event)
      }
      case 'webmasters':
        return !viewer.isWebmaster
      default:
        return false
    }
  })
}

/**
 * Re-authorises a socket against `viewer` (read again by the caller): dropped if the account or
 * the session is gone, or if it holds discussion handlers the user may no longer use; else it
 * leaves the rooms it may no longer be in. Returns whether the socket is still connected.
 */
export function reauthorise(ctx: AppContext, socket: AnyRealtimeSocket, viewer: Viewer | null): boolean {
  if (!viewer || (socket.data.discussions && !isPayingMember(viewer))) {
    socket.disconnect(true)
    return false
  }
  for (const room of forbiddenRooms(ctx, viewer, socket.rooms)) void socket.leave(room)
  // A socket of another process holds a copy of its data: only this process's are updated here
  // (the others read the viewer again at each event).
  socket.data.viewer = viewer
  return true
}
