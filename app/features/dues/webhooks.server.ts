import { eq } from 'drizzle-orm'
import { webhookEvents } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { fulfilCheckout, type FulfilResult } from '~/features/dues/membership.server'
import type { WebhookOutcome } from '~/features/dues/payments.server'
import { registrationBySession } from '~/features/events/event-registrations.server'
import { fulfilTicketCheckout, type TicketFulfilResult } from '~/features/events/event-tickets.server'

/**
 * Records the event id first: a replayed or duplicated delivery is answered 200 and changes
 * nothing. Fulfilment is itself idempotent, so a crash between the two only means a retry.
 */
export async function recordWebhookEvent(
  ctx: AppContext,
  outcome: WebhookOutcome,
  baseUrl: string,
): Promise<FulfilResult | TicketFulfilResult | 'replayed' | 'ignored'> {
  const eventId = outcome.kind === 'checkoutCompleted' ? outcome.checkout.eventId : outcome.eventId
  const type = outcome.kind === 'checkoutCompleted' ? outcome.checkout.type : outcome.type
  const inserted = ctx.db.insert(webhookEvents).values({ id: eventId, type, receivedAt: ctx.now() }).onConflictDoNothing().run()
  if (inserted.changes === 0) return 'replayed'
  if (outcome.kind !== 'checkoutCompleted') return 'ignored'
  const { checkout } = outcome
  if (!checkout.paid) return 'notPaid'
  let result: FulfilResult | TicketFulfilResult
  try {
    // A session is either an event ticket's or a membership's: the ticket table is asked first.
    result = registrationBySession(ctx, checkout.sessionId)
      ? await fulfilTicketCheckout(ctx, { sessionId: checkout.sessionId, reference: checkout.reference, baseUrl })
      : fulfilCheckout(ctx, { sessionId: checkout.sessionId, reference: checkout.reference, baseUrl })
  } catch (error) {
    // Not handled after all: forget the id so that Stripe's retry is processed.
    ctx.db.delete(webhookEvents).where(eq(webhookEvents.id, eventId)).run()
    throw error
  }
  if (result === 'unknownSession') ctx.logger.warn({ sessionId: checkout.sessionId, eventId }, 'webhook for an unknown checkout session')
  return result
}
