import type { Viewer } from '../../app/features/accounts/accounts.server'

/** What each socket carries from its handshake (`socket.data`). */
export interface SocketData {
  /** Null for a visitor: such a socket may only watch public event counters. */
  viewer: Viewer | null
  sessionId: string | null
  /** Whether the discussion handlers were given to this socket (members and webmasters). */
  discussions?: boolean
}
/** The sockets of logged-in accounts (every handler but the event counters' runs on these). */
export interface AccountSocketData {
  viewer: Viewer
  sessionId: string
  discussions?: boolean
}
