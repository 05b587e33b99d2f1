import crypto from 'node:crypto'
import { faker } from '@faker-js/faker'
import { createEvent, type EventInput } from '../app/features/events/events.server'
import type { AppContext } from '../app/context.server'
import { loadViewer } from '../app/features/accounts/accounts.server'
import { HttpClient } from './support/http'

/** An event as an organizer would create it; by default in Lyon, in two weeks, 20 places, free. */
export function createTestEvent(ctx: AppContext, organizerId: string, overrides: Partial<EventInput> = {}) {
  const now = ctx.now().getTime()
  const startsAt = new Date(now + 14 * 86400_000)
  const input: EventInput = {
    title: `Afterwork ${faker.location.city()}`,
    description: 'Un verre entre anciens, pour se retrouver et accueillir les jeunes diplômés.',
    groupId: null,
    audience: 'members',
    online: false,
    venue: 'Le Comptoir',
    address: '3 place des Terreaux',
    city: 'Lyon',
    onlineUrl: null,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
    timeZone: 'Europe/Paris',
    capacity: 20,
    registrationDeadline: null,
    cancellationDeadline: null,
    maxGuests: 0,
    ticketing: false,
    ticketTypes: [],
    ...overrides,
  }
  const viewer = loadViewer(ctx, organizerId)
  if (!viewer) throw new Error('unknown organizer')
  const result = createEvent(ctx, viewer, input)
  if (!result.ok) throw new Error(`createEvent: ${result.error}`)
  return result.eventId
}

/** A logged-in client without going through argon2 (for tests that need hundreds of sessions). */
export async function sessionClient(ctx: AppContext, baseUrl: string, userId: string) {
  const session = await ctx.auth.createSession(userId, {})
  const client = new HttpClient(baseUrl, `10.9.${crypto.randomInt(0, 255)}.${crypto.randomInt(1, 255)}`)
  client.cookies.set('amicale_session', session.id)
  return client
}
