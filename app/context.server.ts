import type { Logger } from 'pino'
import type { AppDatabase, Db } from '../db/client'
import type { Config } from '~/shared/config'
import type { Auth } from '~/features/accounts/auth.server'
import type { Mailer } from '~/shared/mail.server'
import type { PaymentGateway } from '~/features/dues/payments.server'
import type { SearchEngine } from '../search'
import type { Gazetteer } from '~/shared/gazetteer.server'

/** What a service published after its transaction committed; `server/realtime` emits it to `room`. */
export interface BusEvent {
  type: string
  room: string
  /** Sockets in this room are left out (they already got the event another way). */
  except?: string
  payload: unknown
}
/**
 * The events that end sessions or change rights. `server/realtime` drops the sockets of ended
 * sessions and re-authorises the others (it also re-checks at every privileged socket event, so a
 * missed event cannot keep a right alive). Published after the change is committed.
 */
export type AccessEvent =
  /** `only`: that session (log-out); `except`: every other one (password change); neither: all. */
  | { type: 'sessions:ended'; room: `user:${string}`; payload: { userId: string; only?: string; except?: string } }
  /** A role, a membership or an organizer right changed: what the user may do is read again. */
  | { type: 'access:changed'; room: `user:${string}`; payload: { userId: string } }
  | { type: 'account:deactivated' | 'account:reactivated'; room: `user:${string}`; payload: { userId: string } }

export const ACCESS_EVENT_TYPES: ReadonlySet<string> = new Set<AccessEvent['type']>([
  'sessions:ended',
  'access:changed',
  'account:deactivated',
  'account:reactivated',
])

export function isAccessEvent(event: BusEvent): event is AccessEvent {
  return ACCESS_EVENT_TYPES.has(event.type)
}

export interface Bus {
  publish(event: BusEvent): void
  subscribe(listener: (event: BusEvent) => void): () => void
}

/** Who is connected right now (across processes with the Redis adapter); set by server/realtime. */
export interface Presence {
  isConnected(userId: string): Promise<boolean>
}

/** The stateful singletons, built once per process in `server/` and handed to every service. */
export interface AppContext {
  config: Config
  database: AppDatabase
  db: Db
  auth: Auth
  mailer: Mailer
  payments: PaymentGateway
  search: SearchEngine
  gazetteer: Gazetteer
  bus: Bus
  presence: Presence
  logger: Logger
  now: () => Date
}
