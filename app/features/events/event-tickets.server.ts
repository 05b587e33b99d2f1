import crypto from 'node:crypto'
import { and, eq, gt, inArray, isNotNull, isNull } from 'drizzle-orm'
import { eventRegistrations, events, users } from '../../../db/schema'
import { loadViewer, type Viewer } from '~/features/accounts/accounts.server'
import type { AppContext } from '~/context.server'
import { eventMails } from '~/features/events/event-mails.server'
import { holdStateOf } from '~/features/moderation/holds.server'
import { activeRestriction } from '~/features/moderation/restrictions.server'
import {
  cancelRegistration,
  confirmPaidRegistration,
  eventCounters,
  publishOutcome,
  promoteWaitlist,
  registrationOf,
  releaseAllExpiredHolds,
  type RegisterError,
  type RegisterInput,
  type RegistrationRow,
} from '~/features/events/event-registrations.server'
import {
  cancellationClosesAt,
  canManageEvent,
  eventById,
  updateEvent,
  type EventInput,
  type EventRow,
  type SaveEventResult,
} from '~/features/events/events.server'
import { isProviderUnavailable } from '~/features/dues/payments.server'
import { registrationBatcher } from '~/features/events/registration-batcher.server'
import { translate } from '~/i18n'

/** Stripe will not close a Checkout session sooner than 30 minutes after it opens. */
const STRIPE_MIN_SESSION_MS = 31 * 60_000

export type SignUpResult =
  | { ok: true; registrationId: string; status: RegistrationRow['status']; already: boolean; checkoutUrl?: string }
  | { ok: false; error: RegisterError | 'providerUnavailable' | 'restricted' }

/**
 * Registers, then does what follows: the ticket or waitlist mail, the mails of anyone the change
 * promoted, and for a paid place the checkout (whose failure gives the held place back).
 *
 * Every way in — the page's form, the socket's `event:register`, an invitation's link — meets
 * the same rules here: a restricted member does not register, and an event held for review is as
 * if it did not exist but for its managers (the registration checks the rest).
 */
export async function signUp(ctx: AppContext, input: RegisterInput, baseUrl: string): Promise<SignUpResult> {
  if (activeRestriction(ctx, input.userId)) return { ok: false, error: 'restricted' }
  if (holdStateOf(ctx, 'event', input.eventId)) {
    const details = eventById(ctx, input.eventId)
    const viewer = loadViewer(ctx, input.userId)
    if (!details || !viewer || !canManageEvent(ctx, viewer, details.event)) return { ok: false, error: 'notFound' }
  }
  // Through the batcher (group commit, arrival order); the mails are queued in the same savepoint.
  const result = await registrationBatcher(ctx).register(input, (registered) => {
    const { registration, already } = registered
    if (registered.outcome) afterPromotions(ctx, registered.outcome.changes, baseUrl)
    if (!already && registration.status === 'confirmed') eventMails.confirmation(ctx, registration.id, baseUrl)
    if (!already && registration.status === 'waitlisted') eventMails.waitlisted(ctx, registration.id, baseUrl)
  })
  if (!result.ok) return result
  const { registration, already } = result
  const done = { ok: true as const, registrationId: registration.id, status: registration.status, already }
  if (registration.status !== 'held') return done
  const checkout = await startTicketCheckout(ctx, { eventId: input.eventId, userId: input.userId, baseUrl })
  if (checkout.ok) return { ...done, checkoutUrl: checkout.url }
  if (checkout.error === 'providerUnavailable' && !already) {
    together(ctx, () => {
      const released = cancelRegistration(ctx, { eventId: input.eventId, userId: input.userId })
      if (released.ok) afterPromotions(ctx, released.outcome.changes, baseUrl)
    })
  }
  return checkout.error === 'providerUnavailable' ? { ok: false, error: 'providerUnavailable' } : done
}

/**
 * Opens a checkout for a held place (at once after registering, or later for a place promoted
 * from the waitlist). The amount was fixed at registration, on the server.
 */
export async function startTicketCheckout(
  ctx: AppContext,
  input: { eventId: number; userId: string; baseUrl: string },
): Promise<{ ok: true; url: string } | { ok: false; error: 'notHeld' | 'providerUnavailable' }> {
  const registration = registrationOf(ctx, input.eventId, input.userId)
  const now = ctx.now()
  if (!registration || registration.status !== 'held' || !registration.holdExpiresAt || registration.holdExpiresAt <= now)
    return { ok: false, error: 'notHeld' }
  const row = ctx.db
    .select({ title: events.title, email: users.email, locale: users.locale })
    .from(events)
    .innerJoin(users, eq(users.id, registration.userId))
    .where(eq(events.id, registration.eventId))
    .get()!
  const eventUrl = new URL(`/evenements/${registration.eventId}`, input.baseUrl).toString()
  let session: { id: string; url: string }
  try {
    session = await ctx.payments.createCheckout({
      paymentId: crypto.randomUUID(),
      kind: 'ticket',
      amountCents: registration.amountCents,
      currency: 'EUR',
      description: `${row.title} — ${translate(row.locale, 'events.account.places', { count: registration.places })}`,
      customerEmail: row.email,
      successUrl: `${eventUrl}?paiement={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${eventUrl}?paiement=annule`,
      expiresAt: new Date(Math.max(registration.holdExpiresAt.getTime(), now.getTime() + STRIPE_MIN_SESSION_MS)),
    })
  } catch (error) {
    if (!isProviderUnavailable(error)) throw error
    ctx.logger.warn({ err: error, registrationId: registration.id }, 'payment provider unavailable for a ticket')
    return { ok: false, error: 'providerUnavailable' }
  }
  const stored = ctx.db
    .update(eventRegistrations)
    .set({ checkoutSessionId: session.id, checkoutUrl: session.url, updatedAt: now })
    .where(and(eq(eventRegistrations.id, registration.id), eq(eventRegistrations.status, 'held')))
    .run()
  if (stored.changes === 0) {
    void closeCheckout(ctx, session.id)
    return { ok: false, error: 'notHeld' }
  }
  if (registration.checkoutSessionId) void closeCheckout(ctx, registration.checkoutSessionId)
  return { ok: true, url: session.url.startsWith('/') ? new URL(session.url, input.baseUrl).toString() : session.url }
}

async function closeCheckout(ctx: AppContext, sessionId: string) {
  await ctx.payments.expireCheckout(sessionId).catch((error: unknown) => ctx.logger.warn({ err: error, sessionId }, 'could not expire a checkout session'))
}

export type TicketFulfilResult = 'confirmed' | 'alreadyProcessed' | 'unknownSession' | 'refundOwed'

/** The webhook (or the demo checkout) says a ticket is paid: confirmed once, or refunded if its place is gone. */
export async function fulfilTicketCheckout(
  ctx: AppContext,
  input: { sessionId: string; reference: string | null; baseUrl: string },
): Promise<TicketFulfilResult> {
  const now = ctx.now()
  const result = ctx.db.transaction(
    (tx) => {
      const registration = tx.select().from(eventRegistrations).where(eq(eventRegistrations.checkoutSessionId, input.sessionId)).get()
      if (!registration) return { kind: 'unknownSession' as const }
      if (registration.paidAt) return { kind: 'alreadyProcessed' as const }
      const confirmed = confirmPaidRegistration(tx, ctx.db, registration, { reference: input.reference }, now)
      if (confirmed) eventMails.confirmation(ctx, registration.id, input.baseUrl)
      return confirmed ? { kind: 'confirmed' as const, ...confirmed } : { kind: 'refundOwed' as const, registration }
    },
    { behavior: 'immediate' },
  )
  if (result.kind === 'confirmed') publishOutcome(ctx, result.outcome)
  if (result.kind === 'refundOwed') {
    ctx.logger.warn({ registrationId: result.registration.id }, 'ticket paid after its hold was released: refunding')
    await refundOwed(ctx, result.registration.id)
    eventMails.latePaymentRefunded(ctx, result.registration.id, input.baseUrl)
  }
  return result.kind
}

function refundKey(registration: Pick<RegistrationRow, 'id' | 'paymentReference'>) {
  return `refund-${registration.id}-${registration.paymentReference}`
}

/** Refunds a cancelled, paid, not yet refunded registration; safe to call again (same idempotency key). */
async function refundOwed(ctx: AppContext, registrationId: string): Promise<boolean> {
  const registration = ctx.db.select().from(eventRegistrations).where(eq(eventRegistrations.id, registrationId)).get()
  if (!registration?.paidAt || registration.refundedAt || !registration.paymentReference) return false
  try {
    const refund = await ctx.payments.refund({
      reference: registration.paymentReference,
      amountCents: registration.amountCents,
      idempotencyKey: refundKey(registration),
    })
    ctx.db.update(eventRegistrations).set({ refundReference: refund.id, refundedAt: ctx.now() }).where(eq(eventRegistrations.id, registrationId)).run()
    return true
  } catch (error) {
    if (!isProviderUnavailable(error)) throw error
    ctx.logger.error({ err: error, registrationId }, 'refund failed; the job will retry')
    return false
  }
}

/** The background job: refunds still owed (the provider was down, or a late payment). */
export async function retryOwedRefunds(ctx: AppContext) {
  const owed = ctx.db
    .select({ id: eventRegistrations.id })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.status, 'cancelled'), isNotNull(eventRegistrations.paidAt), isNull(eventRegistrations.refundedAt)))
    .limit(50)
    .all()
  for (const { id } of owed) await refundOwed(ctx, id)
  return owed.length
}

export type CancelTicketError = 'notRegistered' | 'tooLate' | 'notAllowed' | 'providerUnavailable'

/**
 * Cancels a registration: by its holder (a paid ticket only until the organizer's deadline), or by
 * an organizer (always, refunded). A paid ticket is refunded first: if the provider fails, the
 * place stays as it was and the person is told to retry — nothing half done.
 */
export async function cancelTicket(
  ctx: AppContext,
  input: { eventId: number; userId: string; by: Viewer; baseUrl: string },
): Promise<{ ok: true; refunded: boolean } | { ok: false; error: CancelTicketError }> {
  const event = ctx.db.select().from(events).where(eq(events.id, input.eventId)).get()
  const registration = registrationOf(ctx, input.eventId, input.userId)
  if (!event || !registration || registration.status === 'cancelled') return { ok: false, error: 'notRegistered' }
  const byOrganizer = input.by.id !== input.userId
  if (byOrganizer && !canManageEvent(ctx, input.by, event)) return { ok: false, error: 'notAllowed' }
  const paid = registration.status === 'confirmed' && registration.paidAt !== null
  const now = ctx.now()
  if (!byOrganizer && (paid ? cancellationClosesAt(event) : event.startsAt) <= now) return { ok: false, error: 'tooLate' }
  let refundReference: string | null = null
  if (paid && registration.paymentReference) {
    try {
      const refund = await ctx.payments.refund({
        reference: registration.paymentReference,
        amountCents: registration.amountCents,
        idempotencyKey: refundKey(registration),
      })
      refundReference = refund.id
    } catch (error) {
      if (!isProviderUnavailable(error)) throw error
      ctx.logger.warn({ err: error, registrationId: registration.id }, 'refund failed; cancellation not done')
      return { ok: false, error: 'providerUnavailable' }
    }
  }
  const result = together(ctx, () => {
    const cancelled = cancelRegistration(ctx, { eventId: input.eventId, userId: input.userId, refundReference })
    if (!cancelled.ok) return cancelled
    afterPromotions(ctx, cancelled.outcome.changes, input.baseUrl)
    if (byOrganizer) eventMails.cancelledByOrganizer(ctx, registration.id, input.baseUrl)
    return cancelled
  })
  if (!result.ok) return result
  if (registration.status === 'held' && registration.checkoutSessionId) void closeCheckout(ctx, registration.checkoutSessionId)
  return { ok: true, refunded: refundReference !== null }
}

/**
 * An account leaving (deactivated, erased): its places in events to come are cancelled one by
 * one by `cancelTicket`, as `by` would (each its own transaction, its refund first). A refusal
 * (past the deadline for the holder, the provider down) leaves that place as it was.
 */
export async function cancelFutureRegistrations(ctx: AppContext, input: { userId: string; by: Viewer; baseUrl: string }) {
  const rows = ctx.db
    .select({ eventId: events.id, title: events.title })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    .where(
      and(
        eq(eventRegistrations.userId, input.userId),
        inArray(eventRegistrations.status, ['held', 'confirmed', 'waitlisted']),
        eq(events.status, 'published'),
        gt(events.startsAt, ctx.now()),
      ),
    )
    .all()
  const cancelled: { eventId: number; title: string; refunded: boolean }[] = []
  const failed: { eventId: number; error: CancelTicketError }[] = []
  for (const row of rows) {
    const result = await cancelTicket(ctx, { eventId: row.eventId, userId: input.userId, by: input.by, baseUrl: input.baseUrl })
    if (result.ok) cancelled.push({ eventId: row.eventId, title: row.title, refunded: result.refunded })
    else failed.push({ eventId: row.eventId, error: result.error })
  }
  return { cancelled, failed }
}

/** The background job's step: places whose payment never came go to the waitlist, who are told. */
export function releaseExpiredHolds(ctx: AppContext, baseUrl: string) {
  return together(ctx, () => {
    const outcomes = releaseAllExpiredHolds(ctx)
    for (const outcome of outcomes) afterPromotions(ctx, outcome.changes, baseUrl)
    return outcomes
  })
}

/**
 * A registration change and the mails it causes, committed together: the use cases below run
 * inside it (their own transactions become savepoints), so a mail is kept if and only if its
 * change is. Bus events they publish reach other processes only after this commits (the
 * transaction is synchronous; publishing to them is not).
 */
function together<T>(ctx: AppContext, work: () => T): T {
  return ctx.db.transaction(work, { behavior: 'immediate' })
}

/** Mails the people a change promoted from the waitlist (a ticket, or a link to pay). */
export function afterPromotions(ctx: AppContext, changes: { registration: RegistrationRow; kind: string }[], baseUrl: string) {
  for (const change of changes) {
    if (change.kind === 'promoted') eventMails.promoted(ctx, change.registration.id, baseUrl)
    if (change.kind === 'released' && change.registration.checkoutSessionId) void closeCheckout(ctx, change.registration.checkoutSessionId)
  }
}

/**
 * The organizer cancels the whole event: it is marked cancelled and every place freed in one
 * transaction; then each paid ticket is refunded (the job retries any refund that fails) and
 * every registrant is told.
 */
export async function cancelEvent(ctx: AppContext, viewer: Viewer, eventId: number, baseUrl: string): Promise<boolean> {
  const event = ctx.db.select().from(events).where(eq(events.id, eventId)).get()
  if (!event || event.status === 'cancelled' || !canManageEvent(ctx, viewer, event)) return false
  const now = ctx.now()
  const affected = ctx.db.transaction(
    (tx) => {
      tx.update(events).set({ status: 'cancelled', cancelledAt: now, updatedAt: now }).where(eq(events.id, eventId)).run()
      const cancelled = tx
        .update(eventRegistrations)
        .set({ status: 'cancelled', holdExpiresAt: null, updatedAt: now })
        .where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, ['held', 'confirmed', 'waitlisted'])))
        .returning()
        .all()
      for (const registration of cancelled) eventMails.eventCancelled(ctx, registration.id, baseUrl)
      return cancelled
    },
    { behavior: 'immediate' },
  )
  ctx.bus.publish({ type: 'event:changed', payload: { counters: eventCounters(ctx.db, eventId), activity: [], cancelled: true } })
  for (const registration of affected) {
    if (registration.checkoutSessionId && !registration.paidAt) void closeCheckout(ctx, registration.checkoutSessionId)
    if (registration.paidAt) await refundOwed(ctx, registration.id)
  }
  return true
}

/** What registrants must hear about: a new time, a new place, or a new link. */
function practicalChange(before: EventRow, after: EventInput) {
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null)
  return (
    !same(before.startsAt, after.startsAt) ||
    !same(before.endsAt, after.endsAt) ||
    before.online !== after.online ||
    (before.onlineUrl ?? null) !== (after.onlineUrl ?? null) ||
    (!after.online && (before.venue !== after.venue || before.address !== after.address || before.city?.toLowerCase() !== after.city?.toLowerCase()))
  )
}

/**
 * The organizer's edit: saved, then a raised capacity fills from the waitlist (who are told), and
 * a change of time or place is mailed to everyone registered or waiting.
 */
export function saveEventChanges(ctx: AppContext, viewer: Viewer, eventId: number, input: EventInput, baseUrl: string): SaveEventResult & { told?: number } {
  return together(ctx, () => {
    const before = ctx.db.select().from(events).where(eq(events.id, eventId)).get()
    const result = updateEvent(ctx, viewer, eventId, input)
    if (!result.ok || !before) return result
    const promoted = promoteWaitlist(ctx, eventId)
    if (promoted) afterPromotions(ctx, promoted.changes, baseUrl)
    const told = practicalChange(before, input) && before.status === 'published' ? eventMails.changed(ctx, eventId, baseUrl) : 0
    return { ...result, told }
  })
}
