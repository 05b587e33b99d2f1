import type { RemoteSocket, Server, Socket } from 'socket.io'
import type { AppContext, BusEvent } from '../../app/context.server'
import { isAccessEvent } from '../../app/context.server'
import { loadViewer, type Viewer } from '../../app/features/accounts/accounts.server'
import { canReadThread, threadFor } from '../../app/features/groups/discussions.server'
import { canManageEvent, eventById } from '../../app/features/events/events.server'
import { canAccessGroup } from '../../app/features/groups/groups.server'
import type { SocketData } from './types'

/** Groups and discussions are for dues-paying members and webmasters. */
export const mayDiscuss = (viewer: Viewer) => viewer.role === 'member' || viewer.role === 'webmaster'

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

type AnySocket = Socket | RemoteSocket<Record<string, never>, SocketData>

/** The rooms a socket may no longer be in, for the viewer it has now. */
function forbiddenRooms(ctx: AppContext, viewer: Viewer, rooms: Iterable<string>): string[] {
  const discuss = mayDiscuss(viewer)
  return [...rooms].filter((room) => {
    const [kind, id, sub] = room.split(':')
    const n = Number(id)
    if (kind === 'group') return !discuss || !canAccessGroup(ctx, viewer.id, n)
    if (kind === 'thread') {
      const thread = threadFor(ctx, n)
      return !discuss || !thread || !canReadThread(ctx, viewer.id, thread)
    }
    if (kind === 'event' && sub === 'organizers') {
      const details = eventById(ctx, n)
      return !details || !canManageEvent(ctx, viewer, details.event)
    }
    return false
  })
}

/**
 * Re-authorises a socket against `viewer` (read again by the caller): dropped if the account or
 * the session is gone, or if it holds discussion handlers the user may no longer use; else it
 * leaves the rooms it may no longer be in. Returns whether the socket is still connected.
 */
export function reauthorise(ctx: AppContext, socket: AnySocket, viewer: Viewer | null): boolean {
  const data = socket.data as SocketData
  if (!viewer || (data.discussions && !mayDiscuss(viewer))) {
    socket.disconnect(true)
    return false
  }
  for (const room of forbiddenRooms(ctx, viewer, socket.rooms)) void socket.leave(room)
  // Only a socket of this process can have its cached data updated (the others re-read at each event).
  if ('handshake' in socket) data.viewer = viewer
  return true
}

/**
 * The bus side: ended sessions lose their sockets (in every process, through the adapter), and a
 * changed right re-authorises every socket of the user. `onUpgrade` gives discussion handlers to
 * a socket of this process whose user just became a member.
 */
export async function applyAccessEvent(io: Server, ctx: AppContext, event: BusEvent, onUpgrade: (socket: Socket, viewer: Viewer) => void) {
  if (!isAccessEvent(event)) return false
  const { userId } = event.payload
  const room = `user:${userId}`
  if (event.type === 'account:deactivated') {
    io.in(room).disconnectSockets(true)
    return true
  }
  const sockets = await io.in(room).fetchSockets()
  if (event.type === 'sessions:ended') {
    const { only, except } = event.payload
    for (const socket of sockets) {
      const sessionId = (socket.data as SocketData).sessionId
      const ended = only ? sessionId === only : except ? sessionId !== except : true
      if (ended) socket.disconnect(true)
    }
    return true
  }
  const viewer = loadViewer(ctx, userId)
  for (const remote of sockets) {
    const local = io.of('/').sockets.get(remote.id)
    const socket = local ?? remote
    // The session may have ended in the meantime: each socket is checked with its own.
    const current = viewer && currentViewer(ctx, { ...(socket.data as SocketData), viewer })
    if (!reauthorise(ctx, socket, current) || !local || !current) continue
    if (!(local.data as SocketData).discussions && mayDiscuss(current)) onUpgrade(local, current)
  }
  return true
}
