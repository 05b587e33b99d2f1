import type { Logger } from 'pino'
import type { AppDatabase, Db } from '../db/client'
import type { Config } from '~/shared/config'
import type { Auth } from '~/features/accounts/auth.server'
import type { MailQueue } from '~/shared/mail-queue.server'
import type { PaymentGateway } from '~/features/dues/payments.server'
import type { SearchEngine } from '../search'
import type { Gazetteer } from '~/shared/gazetteer.server'
import type { EventsBusEvent } from '~/features/events/realtime'
import type { GroupsBusEvent } from '~/features/groups/realtime'
import type { RosterBusEvent } from '~/features/roster/realtime'
import type { CampaignsBusEvent } from '~/features/campaigns/realtime'
import type { BallotElection } from '~/features/elections/crypto/ballot'
import type { Ciphertext } from '~/features/elections/crypto/elgamal'
import type { CheckedBallot } from '~/features/elections/crypto-worker.server'

/**
 * The events that end sessions or change rights. `server/realtime` drops the sockets of ended
 * sessions and re-authorises the others (it also re-checks at every privileged socket event, so a
 * missed event cannot keep a right alive). Published after the change is committed.
 */
export type AccessEvent =
  /** `only`: that session (log-out); `except`: every other one (password change); neither: all. */
  | { type: 'sessions:ended'; payload: { userId: string; only?: string; except?: string } }
  /** A role, a membership or an organizer right changed: what the user may do is read again. */
  | { type: 'access:changed'; payload: { userId: string } }
  | { type: 'account:deactivated' | 'account:reactivated'; payload: { userId: string } }

/** A member's directory entry or membership changed: the search index and the promotion groups follow. */
export type MemberEvent = { type: 'profile:updated' | 'membership:activated' | 'membership:changed'; payload: { userId: string } }

/**
 * What a use case published after its transaction committed, told apart by `type`. Those with a
 * `room` reach the sockets in it as the socket event of the same name; `server/realtime` handles
 * the others itself.
 */
export type BusEvent = AccessEvent | MemberEvent | GroupsBusEvent | EventsBusEvent | RosterBusEvent | CampaignsBusEvent

export interface Bus {
  publish(event: BusEvent): void
  subscribe(listener: (event: BusEvent) => void): () => void
}

/** Who is connected right now (across processes with the Redis adapter); set by server/realtime. */
export interface Presence {
  isConnected(userId: string): Promise<boolean>
}

/** The election's arithmetic off the request thread (server/elections-pool.ts). */
export interface ElectionsCrypto {
  /** Worker threads (0: everything runs on the calling thread). */
  workers: number
  /** Worker threads started now. */
  running(): number
  /** Starts the workers ahead of a cast (the elections' job does, while a vote is open). */
  warm(): void
  /** A ballot's shape, points and proofs against its sealed election, never throwing. */
  checkBallot(election: BallotElection, ballot: string): Promise<CheckedBallot>
  /** The homomorphic sum of checked ballots (their texts): one ciphertext per candidate, then blank. */
  sum(candidates: number, ballots: string[]): Promise<Ciphertext[]>
  close(): Promise<void>
}

/** The stateful singletons, built once per process in `server/` and handed to every service. */
export interface AppContext {
  config: Config
  database: AppDatabase
  db: Db
  auth: Auth
  /** The durable mail queue: `ctx.mail.enqueue(…)` inside the transaction of the change it reports. */
  mail: MailQueue
  payments: PaymentGateway
  search: SearchEngine
  gazetteer: Gazetteer
  bus: Bus
  presence: Presence
  logger: Logger
  electionsCrypto: ElectionsCrypto
  now: () => Date
}
