import { z } from 'zod'
import type { AppContext } from '~/context.server'
import type { RealtimeServer, RealtimeSocket } from '~/realtime'
import { currentViewer } from '~/features/accounts/socket-access.server'
import { eventCounters } from '~/features/events/event-registrations.server'
import { canManageEvent, eventById } from '~/features/events/events.server'
import { type ActivityItem, type EventCounters, type EventsBusEvent, FEED_ITEMS, type JoinAnswer, type RegisterAnswer } from '~/features/events/realtime'
import { signUp } from '~/features/events/event-tickets.server'
import { holdStateOf } from '~/features/moderation/holds.server'
import { linkOrigin } from '~/shared/http.server'
import type { Ack } from '~/shared/realtime'
import { rooms, type EventOrganizersRoom, type EventRoom } from '~/shared/rooms'
import type { Viewer } from '~/shared/viewer'

const watchSchema = z.object({ eventId: z.number().int().positive() })
const registerSchema = z
  .object({
    eventId: z.number().int().positive(),
    guests: z.number().int().min(0).max(10),
    ticketTypeId: z.number().int().positive().nullable().optional(),
    showName: z.boolean().optional(),
  })
  .strict()

/**
 * `event:watch` joins an event's counters (anyone logged in who can see the page); `event:manage`
 * joins its organizers' feed, after the same right check as the dashboard page. Both answer with
 * the current counters, so that a watcher is right from the start. `event:register` registers
 * the member as the page's form does (the same checks, the same batch: `signUp`).
 */
export function registerEventHandlers(socket: RealtimeSocket, ctx: AppContext) {
  const data = socket.data
  // Links in the registration mails: never a host the client typed (see `linkOrigin`).
  const origin = linkOrigin(socket.handshake.headers.origin ?? 'http://localhost', ctx.config.APP_URL)
  const join =
    (room: (id: number) => EventRoom | EventOrganizersRoom, check: (eventId: number, viewer: Viewer | null) => boolean) =>
    // The types say what a well-behaved client sends; a hostile one may send anything, or no callback.
    (payload: unknown, ack?: Ack<JoinAnswer>) => {
      const reply: Ack<JoinAnswer> = typeof ack === 'function' ? ack : () => {}
      const parsed = watchSchema.safeParse(payload)
      if (!parsed.success) return reply({ ok: false, error: 'invalid' })
      try {
        // A socket opened with a session lives no longer than it; the rights are those of now.
        const viewer = data.sessionId ? currentViewer(ctx, data) : null
        if (data.sessionId && !viewer) {
          reply({ ok: false, error: 'unauthorized' })
          return void socket.disconnect(true)
        }
        const { eventId } = parsed.data
        if (!check(eventId, viewer)) return reply({ ok: false, error: 'forbidden' })
        void socket.join(room(eventId))
        reply({ ok: true, counters: eventCounters(ctx.db, eventId) })
      } catch (error) {
        ctx.logger.error({ err: error }, 'socket handler failed')
        reply({ ok: false, error: 'server' })
      }
    }
  socket.on('event:register', async (payload: unknown, ack?: Ack<RegisterAnswer>) => {
    const reply: Ack<RegisterAnswer> = typeof ack === 'function' ? ack : () => {}
    const parsed = registerSchema.safeParse(payload)
    if (!parsed.success) return reply({ ok: false, error: 'invalid' })
    try {
      // The rights of now: a session (signUp checks the restriction and the event's hold, as for the form).
      const viewer = data.sessionId ? currentViewer(ctx, data) : null
      if (!viewer) {
        reply({ ok: false, error: 'unauthorized' })
        if (data.sessionId) socket.disconnect(true)
        return
      }
      const { eventId, guests, ticketTypeId, showName } = parsed.data
      const result = await signUp(ctx, { eventId, userId: viewer.id, guests, ticketTypeId: ticketTypeId ?? null, showName: showName ?? true }, origin)
      if (!result.ok) return reply({ ok: false, error: result.error })
      reply({
        ok: true,
        registrationId: result.registrationId,
        status: result.status,
        already: result.already,
        ...(result.checkoutUrl ? { checkoutUrl: result.checkoutUrl } : {}),
      })
    } catch (error) {
      ctx.logger.error({ err: error }, 'socket registration failed')
      reply({ ok: false, error: 'server' })
    }
  })
  socket.on(
    'event:watch',
    // The page's rule: an event held for review is seen by its managers only.
    join(rooms.event, (eventId, viewer) => {
      const details = eventById(ctx, eventId)
      return details !== null && (!holdStateOf(ctx, 'event', eventId) || canManageEvent(ctx, viewer, details.event))
    }),
  )
  socket.on(
    'event:manage',
    join(rooms.eventOrganizers, (eventId, viewer) => {
      const details = eventById(ctx, eventId)
      return details !== null && canManageEvent(ctx, viewer, details.event)
    }),
  )
}

const FLUSH_MS = 100
type EventChange = Extract<EventsBusEvent, { type: 'event:changed' }>['payload']

/**
 * Registrations come in bursts (a thousand in a second for a popular gala): each event's changes
 * are gathered for 100 ms, then its watchers get the newest counters once and its organizers the
 * feed items in one message. Counters carry a version (the last activity id), so a client keeps
 * the highest one and ends equal to the database whatever the order of arrival.
 */
export function createEventBroadcaster(io: RealtimeServer) {
  const pending = new Map<number, { counters: EventCounters; activity: ActivityItem[]; cancelled: boolean }>()
  let timer: ReturnType<typeof setTimeout> | null = null

  function flush() {
    timer = null
    for (const [eventId, batch] of pending) {
      const counters = { ...batch.counters, cancelled: batch.cancelled }
      io.to(rooms.event(eventId)).emit('event:counters', counters)
      io.to(rooms.eventOrganizers(eventId)).emit('event:feed', { counters, activity: batch.activity.slice(-FEED_ITEMS) })
    }
    pending.clear()
  }

  return {
    push({ counters, activity, cancelled }: EventChange) {
      const current = pending.get(counters.eventId)
      if (!current) pending.set(counters.eventId, { counters, activity: [...activity], cancelled: cancelled === true })
      else {
        if (counters.version >= current.counters.version) current.counters = counters
        current.activity.push(...activity)
        current.cancelled ||= cancelled === true
      }
      timer ??= setTimeout(flush, FLUSH_MS)
    },
    close() {
      if (timer) clearTimeout(timer)
      flush()
    },
  }
}
