// The events area's socket events and the bus events behind them (types only: the counters and
// the organizers' dashboard import them in the browser; `realtime.server.ts` handles them).
import type { eventActivity, eventRegistrations } from '../../../db/schema'
import type { Ack, Refusal } from '~/shared/realtime'
import type { RegisterErrorCode } from '~/features/events/registration-errors'
import type { EventOrganizersRoom, UserRoom } from '~/shared/rooms'

export type ActivityKind = (typeof eventActivity.$inferSelect)['kind']
export type RegistrationStatus = (typeof eventRegistrations.$inferSelect)['status']

/** Registered (confirmed places), held while paying, waitlisted people, arrived; `version` orders snapshots. */
export interface EventCounters {
  eventId: number
  confirmed: number
  held: number
  waitlist: number
  checkedIn: number
  capacity: number | null
  version: number
}

/** The counters as the sockets carry them, with whether the event was cancelled meanwhile. */
export type LiveCounters = EventCounters & { cancelled?: boolean }

/** The organizers' feed shows this many items: a burst's older ones are not sent (nor kept). */
export const FEED_ITEMS = 100

export interface ActivityItem {
  id: number
  kind: ActivityKind
  name: string
  places: number
  at: string
}

export interface SendProgress {
  sendId: number
  eventId: number
  total: number
  sent: number
  failed: number
  status: 'running' | 'done'
}

/** What the page's socket sends to register (the form's fields). */
export interface RegisterRequest {
  eventId: number
  guests: number
  ticketTypeId?: number | null
  showName?: boolean
}

/** The answer to `event:register`: the place (or the checkout to pay for it), or why not. */
export type RegisterAnswer =
  | { ok: true; registrationId: string; status: RegistrationStatus; already: boolean; checkoutUrl?: string }
  | Refusal
  | { ok: false; error: RegisterErrorCode | 'restricted' }

/** The answer to joining an event's counters or its organizers' feed: the counters of now. */
export type JoinAnswer = { ok: true; counters: EventCounters } | Refusal

export interface EventsClientToServer {
  /** Anyone who can see the event page, visitors included. */
  'event:watch': (payload: { eventId: number }, ack: Ack<JoinAnswer>) => void
  /** The event's organizers (the same right as the dashboard page). */
  'event:manage': (payload: { eventId: number }, ack: Ack<JoinAnswer>) => void
  /** A member registers from the page (the same rules and batch as the form). */
  'event:register': (payload: RegisterRequest, ack: Ack<RegisterAnswer>) => void
}

export interface EventsServerToClient {
  /** To the event's room, batched: the newest counters of the last 100 ms. */
  'event:counters': (counters: LiveCounters) => void
  /** To its organizers, batched: the newest counters and every registration change meanwhile. */
  'event:feed': (batch: { counters: LiveCounters; activity: ActivityItem[] }) => void
  'event:invitations': (progress: SendProgress) => void
  'registration:promoted': (change: { registrationId: string; eventId: number }) => void
  'registration:released': (change: { registrationId: string; eventId: number }) => void
}

/** What the events' use cases publish after their transaction. */
export type EventsBusEvent =
  /** Gathered by `server/realtime` and sent as `event:counters` and `event:feed`. */
  | { type: 'event:changed'; payload: { counters: EventCounters; activity: ActivityItem[]; cancelled?: boolean } }
  | { type: 'event:invitations'; room: EventOrganizersRoom; payload: SendProgress }
  | { type: 'registration:promoted' | 'registration:released'; room: UserRoom; payload: { registrationId: string; eventId: number } }
