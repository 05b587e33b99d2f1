// The graduates' list's socket events (types only: the invitations page imports them in the
// browser; `realtime.server.ts` handles them).
import type { Ack, Refusal } from '~/shared/realtime'
import type { WebmastersRoom } from '~/shared/rooms'

/** Where a send of invitations to activate stands: `queued` of `total` mails written to the queue. */
export interface ActivationProgress {
  sendId: number
  total: number
  queued: number
  status: 'sending' | 'done'
}

export type WatchActivationsAnswer = { ok: true; progress: ActivationProgress | null } | Refusal

export interface RosterClientToServer {
  /** Webmasters: join the room the activation sends report to; answers with the latest send. */
  'roster:watch': (ack: Ack<WatchActivationsAnswer>) => void
}

export interface RosterServerToClient {
  'roster:activation': (progress: ActivationProgress) => void
}

/** What the roster's use cases publish after their transaction. */
export type RosterBusEvent = { type: 'roster:activation'; room: WebmastersRoom; payload: ActivationProgress }
