import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { jobOffers, memberships } from '../../db/schema'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { approveJobOffer, createJobOffer } from '../../app/features/careers/careers.server'
import { registerForEvent, registrationOf } from '../../app/features/events/event-registrations.server'
import { ticketTypesOf } from '../../app/features/events/events.server'
import { postMessage } from '../../app/features/groups/discussions.server'
import { createAccount, groupOfTwo, jobOfferInput, profileForm, TEST_PASSWORD } from '../factories'
import { createTestEvent, sessionClient } from '../event-factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpServer } from '../support/smtp'
import { memberSocket } from '../support/sockets'
import { startStripeStandIn } from '../support/stripe-standin'

const SECRET_KEY = 'sk_test_amicale_deactivation'
const WEBHOOK_SECRET = 'whsec_amicale_deactivation'

let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  stripe = await startStripeStandIn({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET })
  app = await startTestServer({ SMTP_URL: smtp.url, STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: stripe.url })
})
afterAll(async () => {
  await app?.close()
  await stripe?.close()
  await smtp?.close()
})

async function loggedIn(account: { email: string }) {
  const client = new HttpClient(app.url)
  await client.login(account.email, TEST_PASSWORD)
  return client
}

async function search(browser: HttpClient, company: string) {
  const response = await browser.get(`/api/annuaire?entreprise=${encodeURIComponent(company)}`)
  expect(response.status).toBe(200)
  return ((await response.json()) as { total: number }).total
}

/** A paid ticket, booked and paid through the Stripe stand-in's signed webhook. */
async function payTicket(userId: string, eventId: number) {
  const client = await sessionClient(app.ctx, app.url, userId)
  const ticketTypeId = ticketTypesOf(app.ctx.db, eventId)[0].id
  expect((await client.post(`/evenements/${eventId}`, { intent: 'register', ticketTypeId: String(ticketTypeId), guests: '0' })).status).toBe(302)
  const held = registrationOf(app.ctx, eventId, userId)!
  const event = stripe.signedEvent(held.checkoutSessionId!, { paymentIntent: `pi_${held.id.replace(/-/g, '').slice(0, 16)}` })
  const webhook = await fetch(`${app.url}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
    body: event.payload,
  })
  expect(webhook.status).toBe(200)
  expect(registrationOf(app.ctx, eventId, userId)?.status).toBe('confirmed')
}

describe('deactivation from the desk', () => {
  it('ends sessions and sockets, hides the member, cancels future registrations, unpublishes offers, and signs messages « Membre désactivé »', async () => {
    const webmaster = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
    const admin = await loggedIn(webmaster)
    const { owner, other: target, groupId, chatId } = await groupOfTwo(app.ctx, 'Œnologie', 'Dégustations mensuelles')
    const observer = await loggedIn(owner)
    const targetBrowser = await loggedIn(target)
    expect((await targetBrowser.postMultipart('/mon-compte/profil', profileForm({ company: 'Désactivable SARL' }))).status).toBe(302)
    expect(await search(observer, 'Désactivable SARL')).toBe(1)
    const socket = await memberSocket(app.url, target.email)
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve))

    // A free event with one place (the target has it, someone waits) and a paid one.
    const freeEvent = createTestEvent(app.ctx, webmaster.id, { capacity: 1, title: 'Visite de chai' })
    const waiting = await createAccount(app.ctx, { membership: 'alumni' })
    expect(registerForEvent(app.ctx, { eventId: freeEvent, userId: target.id, guests: 0 })).toMatchObject({ ok: true })
    expect(registerForEvent(app.ctx, { eventId: freeEvent, userId: waiting.id, guests: 0 })).toMatchObject({ ok: true })
    expect(registrationOf(app.ctx, freeEvent, waiting.id)?.status).toBe('waitlisted')
    const paidEvent = createTestEvent(app.ctx, webmaster.id, {
      title: 'Dîner des vendanges',
      ticketing: true,
      ticketTypes: [{ name: 'Membre', priceCents: 3500, quota: null, eligibility: 'members' }],
    })
    await payTicket(target.id, paidEvent)
    const refundsBefore = stripe.refunds().length

    const offer = createJobOffer(app.ctx, target.id, jobOfferInput(app.ctx.now(), { title: 'Caviste à Beaune' }))
    if (!offer.ok) throw new Error(offer.error)
    approveJobOffer(app.ctx, webmaster.id, offer.id)
    const posted = postMessage(app.ctx, loadViewer(app.ctx, target.id)!, { threadId: chatId, body: 'Le millésime 2019 est remarquable.', baseUrl: app.url })
    expect(posted.ok).toBe(true)

    const facts = 'Insultes répétées envers plusieurs membres dans le groupe Œnologie.'
    const response = await admin.post(`/admin/moderation/member/${target.id}`, { intent: 'decide', action: 'deactivate', facts, clause: '4.1' })
    expect(response.status).toBe(302)

    // Sessions and sockets end at once.
    expect(await dropped).toBe('io server disconnect')
    expect((await targetBrowser.get('/mon-compte')).status).toBe(302)
    // Out of the search within a second, and the profile answers 404 to others.
    await expect.poll(() => search(observer, 'Désactivable SARL'), { timeout: 1000, interval: 50 }).toBe(0)
    expect((await observer.get(`/membres/${target.id}`)).status).toBe(404)
    // Future registrations cancelled by the events' rules: the place goes to the waitlist, the paid one is refunded.
    expect(registrationOf(app.ctx, freeEvent, target.id)?.status).toBe('cancelled')
    expect(registrationOf(app.ctx, freeEvent, waiting.id)?.status).toBe('confirmed')
    expect(registrationOf(app.ctx, paidEvent, target.id)).toMatchObject({ status: 'cancelled', refundReference: expect.stringMatching(/^re_/) })
    expect(stripe.refunds()).toHaveLength(refundsBefore + 1)
    // Offers unpublished; messages stay, signed « Membre désactivé »; dues stay paid.
    expect(app.ctx.db.select().from(jobOffers).where(eq(jobOffers.id, offer.id)).get()?.status).toBe('rejected')
    const reader = await loggedIn(await createAccount(app.ctx, { membership: 'alumni' }))
    expect((await reader.get(`/carriere/offres/${offer.id}`)).status).toBe(404)
    const chat = await (await observer.get(`/groupes/${groupId}`)).text()
    expect(chat).toContain('Le millésime 2019 est remarquable.')
    expect(chat).toContain('Membre désactivé')
    // Neither the page nor its data carries the name any more.
    expect(chat).not.toContain(target.lastName)
    expect(app.ctx.db.select().from(memberships).where(eq(memberships.userId, target.id)).get()?.status).toBe('active')

    const mail = await smtp.waitForMail((m) => m.to.includes(target.email) && m.subject.startsWith('Décision de modération'))
    expect(mail.text).toContain('ont désactivé votre compte')
    expect(mail.text).toContain(facts)
    expect(mail.text).toContain('Votre cotisation reste acquise')

    // The log-in page: the right password shows the statement and « Contester la décision », no session.
    const login = new HttpClient(app.url)
    const shown = await login.post('/connexion', { email: target.email, password: TEST_PASSWORD })
    expect(shown.status).toBe(403)
    const html = await shown.text()
    expect(html).toContain('Votre compte est désactivé')
    expect(html).toContain(facts)
    const appealLink = html.match(/href="(https?:\/\/[^"]+\/recours\/[^"]+)"/)?.[1]
    expect(appealLink).toBeDefined()
    expect(login.cookies.has('amicale_session')).toBe(false)
    expect((await new HttpClient(app.url).get(new URL(appealLink!).pathname)).status).toBe(200)
    // A wrong password says nothing about the account: the same answer as an unknown address.
    const wrong = await new HttpClient(app.url).post('/connexion', { email: target.email, password: 'pas-le-bon-mot-de-passe' })
    const unknown = await new HttpClient(app.url).post('/connexion', { email: 'personne@exemple.fr', password: 'pas-le-bon-mot-de-passe' })
    expect(wrong.status).toBe(400)
    const wrongHtml = await wrong.text()
    expect(wrongHtml).not.toContain(facts)
    expect(wrongHtml).not.toContain('désactivé')
    expect(unknown.status).toBe(400)

    // Reactivation switches back what can come back; refunded tickets are not booked again, and the mail says so.
    const back = await admin.post(`/admin/moderation/member/${target.id}`, {
      intent: 'decide',
      action: 'reactivate',
      facts: 'Excuses présentées aux membres concernés.',
    })
    expect(back.status).toBe(302)
    await expect.poll(() => search(observer, 'Désactivable SARL'), { timeout: 1000, interval: 50 }).toBe(1)
    expect((await observer.get(`/membres/${target.id}`)).status).toBe(200)
    expect(app.ctx.db.select().from(jobOffers).where(eq(jobOffers.id, offer.id)).get()?.status).toBe('published')
    expect(registrationOf(app.ctx, paidEvent, target.id)?.status).toBe('cancelled')
    const tickets = await smtp.waitForMail((m) => m.to.includes(target.email) && m.subject.startsWith('Vos billets remboursés'))
    expect(tickets.text).toContain('Dîner des vendanges')
    expect(tickets.text).toContain('n’est pas réservé à nouveau')
    expect((await loggedIn(target)).cookies.has('amicale_session')).toBe(true)
  })

  it('asks /admin/comptes for the facts before deactivating, and goes through the same decision', async () => {
    const webmaster = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
    const admin = await loggedIn(webmaster)
    const target = await createAccount(app.ctx, { membership: 'alumni' })
    const refused = await admin.post('/admin/comptes', { intent: 'deactivate', userId: target.id })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Écrivez les faits retenus.')
    expect(loadViewer(app.ctx, target.id)).not.toBeNull()
    const done = await admin.post('/admin/comptes', {
      intent: 'deactivate',
      userId: target.id,
      facts: 'Usurpation de l’identité d’un autre diplômé.',
      clause: '3',
    })
    expect(done.status).toBe(302)
    expect(loadViewer(app.ctx, target.id)).toBeNull()
    const mail = await smtp.waitForMail((m) => m.to.includes(target.email) && m.subject.startsWith('Décision de modération'))
    expect(mail.text).toContain('Usurpation de l’identité d’un autre diplômé.')
    expect(mail.text).toContain('/recours/')
  })
})
