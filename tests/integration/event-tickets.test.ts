import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { eventRegistrations } from '../../db/schema'
import { registrationOf } from '../../app/features/events/event-registrations.server'
import { releaseExpiredHolds } from '../../app/features/events/event-tickets.server'
import { runInvitationSend, startInvitationSend } from '../../app/features/events/event-invitations.server'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { ticketTypesOf } from '../../app/features/events/events.server'
import { createAccount } from '../factories'
import { createTestEvent, sessionClient } from '../event-factories'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpServer } from '../support/smtp'
import { startStripeStandIn } from '../support/stripe-standin'

const SECRET_KEY = 'sk_test_amicale_events'
const WEBHOOK_SECRET = 'whsec_amicale_events'

let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>
let organizer: Awaited<ReturnType<typeof createAccount>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  stripe = await startStripeStandIn({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET })
  app = await startTestServer({ SMTP_URL: smtp.url, STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: stripe.url })
  organizer = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
})
afterAll(async () => {
  await app?.close()
  await stripe?.close()
  await smtp?.close()
})

function paidEvent(overrides: Parameters<typeof createTestEvent>[2] = {}) {
  const eventId = createTestEvent(app.ctx, organizer.id, {
    title: 'Gala annuel',
    ticketing: true,
    maxGuests: 1,
    ticketTypes: [
      { name: 'Membre', priceCents: 4500, quota: null, eligibility: 'members' },
      { name: 'Invité', priceCents: 6000, quota: null, eligibility: 'guests' },
    ],
    ...overrides,
  })
  return { eventId, memberType: ticketTypesOf(app.ctx.db, eventId)[0].id }
}

function postWebhook({ payload, signature }: { payload: string; signature: string }) {
  return fetch(`${app.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload })
}

async function bookAndPay(eventId: number, ticketTypeId: number, guests = 0) {
  const member = await createAccount(app.ctx, { membership: 'alumni' })
  const client = await sessionClient(app.ctx, app.url, member.id)
  const response = await client.post(`/evenements/${eventId}`, { intent: 'register', ticketTypeId: String(ticketTypeId), guests: String(guests) })
  expect(response.status).toBe(302)
  expect(response.headers.get('location')).toMatch(/^https:\/\/checkout\.stripe\.test\//)
  const registration = registrationOf(app.ctx, eventId, member.id)!
  // Nothing is confirmed by coming back from the checkout: only the signed webhook does it.
  expect(registration.status).toBe('held')
  expect((await postWebhook(stripe.signedEvent(registration.checkoutSessionId!, { secret: 'whsec_forged' }))).status).toBe(400)
  expect(registrationOf(app.ctx, eventId, member.id)!.status).toBe('held')
  const paymentIntent = `pi_${registration.id.replace(/-/g, '').slice(0, 16)}`
  expect((await postWebhook(stripe.signedEvent(registration.checkoutSessionId!, { paymentIntent }))).status).toBe(200)
  return { member, client, paymentIntent }
}

describe('paid tickets through Stripe', () => {
  it('holds the place, opens a checkout for the server-computed amount, and confirms on the signed webhook only', async () => {
    const { eventId, memberType } = paidEvent()
    const before = stripe.sessionCreations().length
    const { member, paymentIntent } = await bookAndPay(eventId, memberType, 1)
    const creation = stripe.sessionCreations()[before]
    // One member ticket and one guest ticket: 45 + 60 €, computed on the server.
    expect(creation.params.get('line_items[0][price_data][unit_amount]')).toBe('10500')
    expect(creation.params.get('metadata[kind]')).toBe('ticket')
    const expiresAt = Number(creation.params.get('expires_at'))
    expect(expiresAt * 1000 - Date.now()).toBeGreaterThan(30 * 60_000)
    const registration = registrationOf(app.ctx, eventId, member.id)!
    expect(registration).toMatchObject({ status: 'confirmed', places: 2, amountCents: 10500, paymentReference: paymentIntent })
    const mail = await smtp.waitForMail((m) => m.to.includes(member.email) && m.subject.startsWith('Votre billet'))
    expect(mail.text).toContain('105,00')
    // A replayed delivery changes nothing.
    const replay = stripe.signedEvent(registration.checkoutSessionId!, { paymentIntent })
    await postWebhook(replay)
    await postWebhook(replay)
    expect(registrationOf(app.ctx, eventId, member.id)!.paidAt).toEqual(registration.paidAt)
  })

  it('refunds through Stripe when the organizer cancels a paid registration, once', async () => {
    const { eventId, memberType } = paidEvent()
    const { member, paymentIntent } = await bookAndPay(eventId, memberType)
    const desk = await sessionClient(app.ctx, app.url, organizer.id)
    const before = stripe.refunds().length
    const response = await desk.post(`/evenements/${eventId}/gestion`, { intent: 'cancelRegistration', userId: member.id })
    expect(response.status).toBe(302)
    const refund = stripe.refunds()[before]
    expect(refund.params.get('payment_intent')).toBe(paymentIntent)
    expect(refund.params.get('amount')).toBe('4500')
    expect(refund.idempotencyKey).toContain(registrationOf(app.ctx, eventId, member.id)!.id)
    expect(registrationOf(app.ctx, eventId, member.id)).toMatchObject({ status: 'cancelled', refundReference: expect.stringMatching(/^re_/) })
    expect(stripe.refunds()).toHaveLength(before + 1)
    await smtp.waitForMail((m) => m.to.includes(member.email) && m.subject.startsWith('Votre inscription est annulée') && m.text.includes('45,00'))
  })

  it('keeps the ticket when the refund fails, and lets the attendee cancel only until the deadline', async () => {
    const deadline = new Date(Date.now() + 3 * 86400_000)
    const { eventId, memberType } = paidEvent({ cancellationDeadline: deadline })
    const { member, client } = await bookAndPay(eventId, memberType)
    stripe.setFailing(true)
    try {
      const failed = await client.post(`/evenements/${eventId}`, { intent: 'cancel' })
      expect(failed.status).toBe(400)
      expect(await failed.text()).toContain('rien n’a été enregistré')
    } finally {
      stripe.setFailing(false)
    }
    expect(registrationOf(app.ctx, eventId, member.id)!.status).toBe('confirmed')
    const realNow = app.ctx.now
    app.ctx.now = () => new Date(deadline.getTime() + 60_000)
    try {
      const late = await client.post(`/evenements/${eventId}`, { intent: 'cancel' })
      expect(late.status).toBe(400)
      expect(await late.text()).toContain('date limite d’annulation est passée')
    } finally {
      app.ctx.now = realNow
    }
    expect((await client.post(`/evenements/${eventId}`, { intent: 'cancel' })).status).toBe(302)
    expect(registrationOf(app.ctx, eventId, member.id)).toMatchObject({ status: 'cancelled', refundReference: expect.stringMatching(/^re_/) })
  })

  it('refunds a payment that arrives after its hold was released and the place taken', async () => {
    const { eventId, memberType } = paidEvent({ capacity: 1 })
    const late = await createAccount(app.ctx, { membership: 'alumni' })
    const client = await sessionClient(app.ctx, app.url, late.id)
    await client.post(`/evenements/${eventId}`, { intent: 'register', ticketTypeId: String(memberType) })
    const sessionId = registrationOf(app.ctx, eventId, late.id)!.checkoutSessionId!
    const realNow = app.ctx.now
    app.ctx.now = () => new Date(realNow().getTime() + 16 * 60_000)
    try {
      releaseExpiredHolds(app.ctx, app.url)
    } finally {
      app.ctx.now = realNow
    }
    // Stripe is told to close the session; meanwhile someone else takes the place.
    await expect.poll(() => stripe.requests.some((r) => r.path === `/v1/checkout/sessions/${sessionId}/expire`)).toBe(true)
    await bookAndPay(eventId, memberType)
    const before = stripe.refunds().length
    expect((await postWebhook(stripe.signedEvent(sessionId, { paymentIntent: 'pi_late_payment' }))).status).toBe(200)
    expect(stripe.refunds()[before]?.params.get('payment_intent')).toBe('pi_late_payment')
    expect(registrationOf(app.ctx, eventId, late.id)).toMatchObject({ status: 'cancelled', refundReference: expect.stringMatching(/^re_/) })
    const confirmed = app.ctx.db
      .select()
      .from(eventRegistrations)
      .where(eq(eventRegistrations.eventId, eventId))
      .all()
      .filter((r) => r.status === 'confirmed')
    expect(confirmed).toHaveLength(1)
  })

  it('takes an invitee of a paid event from the « Participer » link to the checkout, with a held place', async () => {
    const { eventId } = paidEvent()
    const invitee = await createAccount(app.ctx, { membership: 'alumni', promotion: 1968 })
    const started = startInvitationSend(app.ctx, loadViewer(app.ctx, organizer.id)!, eventId, { kind: 'promotions', promotions: [1968] })
    if (!started.ok) throw new Error(started.error)
    await runInvitationSend(app.ctx, started.sendId, app.url)
    const mail = await smtp.waitForMail((m) => m.to.includes(invitee.email) && m.subject.startsWith('Invitation'))
    expect(mail.text).toContain('vous réserve une place pendant 15 minutes')
    expect(mail.text).toMatch(/Membre\s:\s45,00\s€ · Invité\s:\s60,00\s€/)
    const link = /Participer\s:\s(\S+)/.exec(mail.text)![1]
    const path = new URL(link).pathname
    expect((await fetch(new URL(path, app.url), { redirect: 'manual' })).status).toBe(200)
    expect(registrationOf(app.ctx, eventId, invitee.id)).toBeNull()
    const response = await fetch(new URL(path, app.url), {
      method: 'POST',
      headers: { origin: app.url },
      body: new URLSearchParams({ intent: 'accept' }),
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toMatch(/^https:\/\/checkout\.stripe\.test\//)
    // The cheapest ticket the invitee may take (members' 45 €, not the guests' one).
    expect(registrationOf(app.ctx, eventId, invitee.id)).toMatchObject({ status: 'held', amountCents: 4500, source: 'invitation' })
  })

  it('refunds every paid ticket and tells everyone when the event is cancelled', async () => {
    const { eventId, memberType } = paidEvent()
    const first = await bookAndPay(eventId, memberType)
    const second = await bookAndPay(eventId, memberType)
    const desk = await sessionClient(app.ctx, app.url, organizer.id)
    const before = stripe.refunds().length
    expect((await desk.post(`/evenements/${eventId}/gestion`, { intent: 'cancelEvent' })).status).toBe(302)
    expect(
      stripe
        .refunds()
        .slice(before)
        .map((r) => r.params.get('payment_intent'))
        .sort(),
    ).toEqual([first.paymentIntent, second.paymentIntent].sort())
    for (const { member } of [first, second]) {
      expect(registrationOf(app.ctx, eventId, member.id)).toMatchObject({ status: 'cancelled', refundedAt: expect.any(Date) })
      await smtp.waitForMail((m) => m.to.includes(member.email) && m.subject.startsWith('Événement annulé'))
    }
    // Nobody registers to a cancelled event.
    const page = await first.client.post(`/evenements/${eventId}`, { intent: 'register', ticketTypeId: String(memberType) })
    expect(page.status).toBe(400)
  })
})
