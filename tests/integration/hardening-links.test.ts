import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { accountTokens, eventActivity, eventInvitations, eventRegistrations, users } from '../../db/schema'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { invitationToken, runInvitationSend, startInvitationSend } from '../../app/features/events/event-invitations.server'
import { cancelEvent } from '../../app/features/events/event-tickets.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { createTestEvent, sessionClient } from '../event-factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { firstLink, startSmtpServer } from '../support/smtp'

let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let organizer: Awaited<ReturnType<typeof createAccount>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  // No STRIPE_SECRET_KEY: a paid event goes to the demo checkout.
  app = await startTestServer({ SMTP_URL: smtp.url })
  organizer = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

/** Everything a registration through the link writes, for one event. */
function stateOf(eventId: number) {
  const { db } = app.ctx
  return {
    registrations: db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId)).all(),
    activity: db.select().from(eventActivity).where(eq(eventActivity.eventId, eventId)).all(),
    invitations: db.select().from(eventInvitations).where(eq(eventInvitations.eventId, eventId)).all(),
  }
}

/** Invites `count` members of a fresh promotion to the event, as the dashboard does; their link paths. */
let promotion = 1940
async function invite(eventId: number, count = 1) {
  const year = promotion++
  const people = await Promise.all(Array.from({ length: count }, () => createAccount(app.ctx, { membership: 'alumni', promotion: year })))
  const started = startInvitationSend(app.ctx, loadViewer(app.ctx, organizer.id)!, eventId, { kind: 'promotions', promotions: [year] })
  if (!started.ok) throw new Error(started.error)
  await runInvitationSend(app.ctx, started.sendId, app.url)
  return people.map((person) => {
    const invitation = app.ctx.db
      .select()
      .from(eventInvitations)
      .where(and(eq(eventInvitations.eventId, eventId), eq(eventInvitations.userId, person.id)))
      .get()!
    return { person, invitation, path: `/evenements/participer/${invitationToken(app.ctx.config.SESSION_SECRET, invitation)}` }
  })
}

/** What mail scanners and link previews do: GET and HEAD, with and without cookies, several times. */
async function scan(path: string, browsers: HttpClient[]) {
  const answers: number[] = []
  for (const browser of [new HttpClient(app.url), ...browsers]) {
    for (const method of ['GET', 'HEAD', 'GET', 'HEAD']) answers.push((await browser.request(path, { method })).status)
  }
  return answers
}

const click = (browser: HttpClient, path: string) => browser.post(path, { intent: 'accept' })

describe('the « Participer » link of an invitation', () => {
  it('changes nothing on GET or HEAD, and shows the event with one « Je participe » button posting to the same URL', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { title: 'Afterwork des anciens' })
    const [{ person, path }] = await invite(eventId)
    const before = stateOf(eventId)
    expect(before.invitations[0].usedAt).toBeNull()
    const bystander = await sessionClient(app.ctx, app.url, (await createAccount(app.ctx, { membership: 'alumni' })).id)
    const own = await sessionClient(app.ctx, app.url, person.id)
    expect(await scan(path, [bystander, own])).toEqual(Array(12).fill(200))
    expect(stateOf(eventId)).toEqual(before)

    const page = await (await new HttpClient(app.url).get(path)).text()
    expect(page).toContain('<h1>Afterwork des anciens</h1>')
    expect(page).toContain(`Cette invitation est au nom de ${person.firstName} ${person.lastName}.`)
    expect(page).toContain('Le Comptoir, 3 place des Terreaux, Lyon')
    expect(page).toContain('Gratuit')
    expect(page).toMatch(/<dd>[^<]*\d{4} à \d{1,2} h \d{2} → [^<]*\(Europe\/Paris\)<\/dd>/)
    // One form besides the layout's language switch, posting to this very URL, whose one button has the focus on arrival.
    const forms = [...page.matchAll(/<form[^>]*>/g)].map((m) => m[0]).filter((f) => /method="post"/.test(f) && !f.includes('action="/langue"'))
    expect(forms).toHaveLength(1)
    expect(forms[0]).toContain(`action="${path}"`)
    expect(page).toMatch(/<button type="submit" name="intent" value="accept" class="button button--primary" autofocus="">Je participe<\/button>/)
  })

  it('registers on the POST once, the invitee named by the link whoever is logged in; then 410, and nothing more', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const [{ person, path }] = await invite(eventId)
    const bystander = await sessionClient(app.ctx, app.url, (await createAccount(app.ctx, { membership: 'alumni' })).id)
    await scan(path, [bystander])

    // The scans did not use the link up: the click still works.
    const first = await click(bystander, path)
    expect(first.status).toBe(200)
    expect(await first.text()).toContain('Vous êtes inscrit')
    const after = stateOf(eventId)
    expect(after.registrations).toEqual([expect.objectContaining({ userId: person.id, status: 'confirmed', source: 'invitation' })])
    expect(after.invitations[0].usedAt).not.toBeNull()

    expect((await click(bystander, path)).status).toBe(410)
    expect((await click(new HttpClient(app.url), path)).status).toBe(410)
    expect((await new HttpClient(app.url).post(path, {})).status).toBe(410)
    expect(await scan(path, [bystander])).toEqual(Array(8).fill(410))
    expect(stateOf(eventId)).toEqual(after)
  })

  it('answers 404 to a forged or swapped signature, on GET and POST, and the real links keep working', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const [first, second] = await invite(eventId, 2)
    const [id, signature] = first.path.split('/').pop()!.split('.')
    const forged = `/evenements/participer/${id}.${signature.slice(0, -2)}xx`
    const swapped = `/evenements/participer/${second.invitation.id}.${signature}`
    const visitor = new HttpClient(app.url)
    const before = stateOf(eventId)
    for (const path of [forged, swapped, '/evenements/participer/nimporte-quoi', `/evenements/participer/${id}`]) {
      expect((await visitor.get(path)).status).toBe(404)
      expect((await visitor.request(path, { method: 'HEAD' })).status).toBe(404)
      expect((await click(visitor, path)).status).toBe(404)
    }
    expect(stateOf(eventId)).toEqual(before)
    expect((await click(visitor, second.path)).status).toBe(200)
    expect((await click(visitor, first.path)).status).toBe(200)
    expect(
      stateOf(eventId)
        .registrations.map((r) => r.userId)
        .sort(),
    ).toEqual([first.person.id, second.person.id].sort())
  })

  it('needs this site’s Origin for the click, as every state-changing request does', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const [{ path }] = await invite(eventId)
    const before = stateOf(eventId)
    const visitor = new HttpClient(app.url)
    expect((await visitor.request(path, { form: { intent: 'accept' }, origin: null })).status).toBe(403)
    expect((await visitor.request(path, { form: { intent: 'accept' }, origin: 'https://evil.example' })).status).toBe(403)
    expect(stateOf(eventId)).toEqual(before)
    expect((await click(visitor, path)).status).toBe(200)
  })

  it('holds no place on GET for a paid event; the click holds one and goes on to the checkout', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, {
      ticketing: true,
      ticketTypes: [{ name: 'Membre', priceCents: 3500, quota: null, eligibility: 'members' }],
    })
    const [{ person, path }] = await invite(eventId)
    const before = stateOf(eventId)
    expect(await scan(path, [])).toEqual(Array(4).fill(200))
    const page = await (await new HttpClient(app.url).get(path)).text()
    expect(page).toContain('Un clic vous réserve une place pendant 15 minutes et vous mène au paiement.')
    expect(page).toMatch(/Membre\s:\s35,00\s€/)
    expect(stateOf(eventId)).toEqual(before)

    const clicked = await click(new HttpClient(app.url), path)
    expect(clicked.status).toBe(302)
    expect(clicked.headers.get('location')).toMatch(/\/evenements\/paiement-demo\//)
    expect(stateOf(eventId).registrations).toEqual([expect.objectContaining({ userId: person.id, status: 'held', amountCents: 3500, source: 'invitation' })])
  })

  it('says so before the click when the event is cancelled, with no button, and changes nothing', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const [{ path }] = await invite(eventId)
    expect(await cancelEvent(app.ctx, loadViewer(app.ctx, organizer.id)!, eventId, app.url)).toBe(true)
    const before = stateOf(eventId)
    const page = await (await new HttpClient(app.url).get(path)).text()
    expect(page).toContain('Cet événement est annulé.')
    expect(page).not.toContain('Je participe</button>')
    expect(stateOf(eventId)).toEqual(before)
    // A click anyway is refused by the same rules, and leaves the link as it was.
    expect(await (await click(new HttpClient(app.url), path)).text()).toContain('Cet événement est annulé.')
    expect(stateOf(eventId)).toEqual(before)
  })

  it('keeps « Annuler mon inscription » after the click', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const [{ path }] = await invite(eventId)
    const visitor = new HttpClient(app.url)
    const page = await (await click(visitor, path)).text()
    expect(page).toMatch(/<button type="submit" name="intent" value="undo"[^>]*>Annuler mon inscription<\/button>/)
    const undone = await visitor.post(path, { intent: 'undo' })
    expect(undone.status).toBe(200)
    expect(await undone.text()).toContain('Inscription annulée')
    expect(stateOf(eventId).registrations[0].status).toBe('cancelled')
    // Nothing left to undo, and the link has served.
    expect((await visitor.post(path, { intent: 'undo' })).status).toBe(409)
    expect((await click(visitor, path)).status).toBe(410)
  })
})

describe('the e-mail change confirmation link', () => {
  it('changes nothing on GET or HEAD; its button confirms, once', async () => {
    const account = await createAccount(app.ctx)
    const browser = new HttpClient(app.url, '10.7.0.1')
    await browser.login(account.email, TEST_PASSWORD)
    const newEmail = `changee.${account.id.slice(0, 6)}@exemple.fr`
    expect((await browser.post('/mon-compte', { intent: 'email', newEmail, currentPassword: TEST_PASSWORD })).status).toBe(302)
    const mail = await smtp.waitForMail((m) => m.to.includes(newEmail))
    const link = new URL(firstLink(mail, '/confirmer-email?token='))
    const path = link.pathname + link.search
    const emailOf = () => app.ctx.db.select({ email: users.email }).from(users).where(eq(users.id, account.id)).get()!.email
    const tokens = () => app.ctx.db.select().from(accountTokens).where(eq(accountTokens.userId, account.id)).all()
    const tokensBefore = tokens()

    // A scanner at the new address opens the link: nothing happens.
    expect(await scan(path, [browser])).toEqual(Array(8).fill(200))
    expect(emailOf()).toBe(account.email)
    expect(tokens()).toEqual(tokensBefore)
    const page = await (await new HttpClient(app.url).get(path)).text()
    expect(page).toMatch(/<button type="submit" class="button button--primary" autofocus="">Confirmer cette adresse<\/button>/)

    const token = link.searchParams.get('token')!
    expect((await new HttpClient(app.url).post(path, { token }, { origin: null })).status).toBe(403)
    expect(emailOf()).toBe(account.email)
    const confirmed = await new HttpClient(app.url).post(path, { token })
    expect(confirmed.status).toBe(302)
    expect(emailOf()).toBe(newEmail)
    expect((await new HttpClient(app.url).post(path, { token })).status).toBe(400)
  })
})
