// The shapes every area's socket events share (types only: the browser imports them too).
import type { Viewer } from '~/shared/viewer'

/** The acknowledgement callback of an event: the server's one answer to it. */
export type Ack<Answer> = (answer: Answer) => void

/**
 * Why a socket event was refused before its use case ran: a payload that does not parse, a
 * session gone, a right missing, or an error of ours (logged).
 */
export type Refusal = { ok: false; error: 'invalid' | 'unauthorized' | 'forbidden' | 'server' }

/** What each socket carries from its handshake (`socket.data`). */
export interface SocketData {
  /** Null for a visitor: such a socket may only watch public event counters. */
  viewer: Viewer | null
  sessionId: string | null
  /** Whether the discussion handlers were given to this socket (members and webmasters). */
  discussions?: boolean
}
