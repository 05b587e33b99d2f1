import { beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { consentEvents, eventInvitations, jobAlerts, outbox, profiles } from '../../db/schema'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { unsubscribeUrl } from '../../app/features/careers/careers-alerts.server'
import { careersMails } from '../../app/features/careers/careers-mails.server'
import { optOutToken, runInvitationSend, startInvitationSend } from '../../app/features/events/event-invitations.server'
import { consentStates, hasConsent, newsRecipientIds } from '../../app/features/privacy/consents.server'
import { createTestEvent } from '../event-factories'
import { createAccount, profileForm, TEST_PASSWORD } from '../factories'
import { deliverQueued as deliver } from '../support/deliver'
import { HttpClient } from '../support/http'
import { mailSuite } from '../support/mail-suite'

// The consent centre (issue #16) against the real app: withdrawing a consent takes effect
// everywhere at once — the profile, the search index, and the mails already queued for it, which
// the real sender then never hands to the SMTP server. The app's own sender is stopped so that
// mails stay queued until a test lets a sender run.
const suite = mailSuite('10.72.0')
const CENTRE = '/mon-compte/donnees/consentements'
let organizer: Awaited<ReturnType<typeof createAccount>>
let promotion = 1940

beforeAll(async () => {
  await suite.app.mailSender.stop()
  organizer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
})

const deliverQueued = () => deliver(suite)

async function loggedIn(account: { email: string }) {
  const client = suite.client()
  await client.login(account.email, TEST_PASSWORD)
  return client
}

const setConsentForm = (consent: string, granted: 'on' | 'off') => ({ intent: 'set', consent, granted })
const queuedTo = (email: string, kind: string) =>
  suite.app.ctx.db
    .select({ id: outbox.id, status: outbox.status })
    .from(outbox)
    .where(and(eq(outbox.to, email), eq(outbox.kind, kind)))
    .all()
const historyOf = (userId: string, consent: 'directory' | 'contact' | 'invitations' | 'jobAlerts' | 'news') =>
  suite.app.ctx.db
    .select({ granted: consentEvents.granted, via: consentEvents.via })
    .from(consentEvents)
    .where(and(eq(consentEvents.userId, userId), eq(consentEvents.consent, consent)))
    .orderBy(consentEvents.id)
    .all()

describe('access', () => {
  it('sends a logged-out visitor to log in, and back to the centre afterwards', async () => {
    const response = await new HttpClient(suite.app.url).get(CENTRE)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(`/connexion?redirectTo=${encodeURIComponent(CENTRE)}`)
    const post = await new HttpClient(suite.app.url).post(CENTRE, setConsentForm('news', 'on'))
    expect(post.status).toBe(302)
  })

  it('answers forged forms with a 400 and a French message, changing nothing', async () => {
    const person = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const client = await loggedIn(person)
    const cases: [Record<string, string>, string][] = [
      [{ intent: 'set', consent: 'marketing', granted: 'off' }, 'Ce consentement n’existe pas'],
      [{ intent: 'set', consent: 'directory', granted: 'peut-être' }, 'Indiquez si vous donnez ou retirez ce consentement'],
      [{ intent: 'set', consent: 'directory' }, 'Indiquez si vous donnez ou retirez ce consentement'],
      [{ intent: 'set', consent: 'x'.repeat(5000), granted: 'on' }, 'Ce consentement n’existe pas'],
      [{ intent: 'erase', consent: 'news', granted: 'on' }, 'Ce formulaire n’est pas reconnu'],
      [{ consent: 'news', granted: 'on' }, 'Ce formulaire n’est pas reconnu'],
    ]
    for (const [form, message] of cases) {
      const response = await client.post(CENTRE, form)
      expect(response.status, JSON.stringify(form).slice(0, 80)).toBe(400)
      expect(await response.text()).toContain(message)
    }
    expect(suite.app.ctx.db.select().from(consentEvents).where(eq(consentEvents.userId, person.id)).all()).toEqual([])
  })
})

describe('directory and contact', () => {
  it('leaving the directory from the centre takes the person out of the search at once, with the history of both pages', async () => {
    const person = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const lastName = `Quillebeuf${promotion}`
    suite.app.ctx.database.sqlite.prepare('update users set last_name = ? where id = ?').run(lastName, person.id)
    const client = await loggedIn(person)
    expect((await client.postMultipart('/mon-compte/profil', profileForm({ contactConsent: 'on' }))).status).toBe(302)
    const reader = await loggedIn(await createAccount(suite.app.ctx, { membership: 'alumni' }))
    const found = async () => ((await (await reader.get(`/api/annuaire?q=${lastName}`)).json()) as { total: number }).total
    await expect.poll(found).toBe(1)

    const response = await client.post(CENTRE, setConsentForm('directory', 'off'))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(`${CENTRE}#consentement-directory`)
    await expect.poll(found, { timeout: 2000 }).toBe(0)
    expect((await reader.get(`/membres/${person.id}`)).status).toBe(404)
    // Listed already (the default of a member's profile): the profile page changed nothing to record.
    expect(historyOf(person.id, 'directory')).toEqual([{ granted: false, via: 'centre' }])
    const page = await (await client.get(CENTRE)).text()
    expect(page).toContain('Consentement retiré : Présence dans l’annuaire.')
    expect(page).toContain('Retiré depuis cette page')

    // Back in: found again; the contact consent given on the profile page is still given.
    expect((await client.post(CENTRE, setConsentForm('directory', 'on'))).status).toBe(302)
    await expect.poll(found, { timeout: 2000 }).toBe(1)
    expect(consentStates(suite.app.ctx, person.id).find((s) => s.consent === 'contact')).toMatchObject({ granted: true })
    expect(historyOf(person.id, 'contact')).toEqual([{ granted: true, via: 'profile' }])
  })

  it('withdrawing contact calls back the contact request still queued to the person', async () => {
    const person = await createAccount(suite.app.ctx, { membership: 'alumni' })
    suite.app.ctx.db.update(profiles).set({ contactConsent: true }).where(eq(profiles.userId, person.id)).run()
    suite.app.ctx.mail.enqueue(
      { to: person.email, subject: 'Une demande de mise en relation', text: 'Bonjour', html: '<p>Bonjour</p>' },
      { kind: 'directory.contact' },
    )
    const client = await loggedIn(person)
    expect((await client.post(CENTRE, setConsentForm('contact', 'off'))).status).toBe(302)
    expect(queuedTo(person.email, 'directory.contact')).toEqual([])
    expect(suite.app.ctx.db.select().from(profiles).where(eq(profiles.userId, person.id)).get()?.contactConsent).toBe(false)
  })

  it('a registered account without a profile: not given, and giving it creates the profile with only that choice', async () => {
    const person = await createAccount(suite.app.ctx)
    const client = await loggedIn(person)
    const page = await (await client.get(CENTRE)).text()
    expect(page).toContain('réservés aux membres à jour de cotisation')
    expect(consentStates(suite.app.ctx, person.id).filter((s) => s.consent === 'directory' || s.consent === 'contact')).toMatchObject([
      { granted: false, since: null },
      { granted: false, since: null },
    ])
    expect((await client.post(CENTRE, setConsentForm('contact', 'on'))).status).toBe(302)
    expect(suite.app.ctx.db.select().from(profiles).where(eq(profiles.userId, person.id)).get()).toMatchObject({ inDirectory: false, contactConsent: true })
    // Job alerts need a membership: refused with the reason, nothing recorded.
    const alerts = await client.post(CENTRE, setConsentForm('jobAlerts', 'on'))
    expect(alerts.status).toBe(403)
    expect(await alerts.text()).toContain('Les alertes emploi sont réservées aux membres à jour de cotisation.')
    expect(historyOf(person.id, 'jobAlerts')).toEqual([])
  })
})

describe('event invitations', () => {
  async function invited() {
    promotion++
    const [person, bystander] = await Promise.all([1, 2].map(() => createAccount(suite.app.ctx, { membership: 'alumni', promotion })))
    const eventId = createTestEvent(suite.app.ctx, organizer.id, { title: `Banquet ${promotion}` })
    const started = startInvitationSend(suite.app.ctx, loadViewer(suite.app.ctx, organizer.id)!, eventId, { kind: 'promotions', promotions: [promotion] })
    if (!started.ok) throw new Error(started.error)
    return { person, bystander, sendId: started.sendId }
  }

  it('withdrawn from the centre: the queued invitation is called back and never delivered; the other invitee’s is', async () => {
    const { person, bystander, sendId } = await invited()
    await runInvitationSend(suite.app.ctx, sendId, suite.app.url)
    expect(queuedTo(person.email, 'events.invitation')).toMatchObject([{ status: 'queued' }])

    const client = await loggedIn(person)
    expect((await client.post(CENTRE, setConsentForm('invitations', 'off'))).status).toBe(302)
    expect(queuedTo(person.email, 'events.invitation')).toEqual([])
    await deliverQueued()
    const delivered = await suite.smtp.waitForMail((m) => m.to.includes(bystander.email))
    expect(delivered.text).toContain(`Banquet ${promotion}`)
    // Its footer leads to the centre beside the unsubscribe link.
    expect(delivered.text).toMatch(new RegExp(`Gérer tous mes consentements\\s*:\\s*${suite.app.url}/mon-compte/donnees/consentements`))
    expect(suite.smtp.mailsTo(person.email)).toEqual([])
    expect(historyOf(person.id, 'invitations')).toEqual([{ granted: false, via: 'centre' }])
    expect(consentStates(suite.app.ctx, person.id).find((s) => s.consent === 'invitations')).toMatchObject({ granted: false })
  })

  it('the unsubscribe link records it too, takes the person out of a send under way, and leads to the centre', async () => {
    const { person, bystander, sendId } = await invited()
    const anonymous = new HttpClient(suite.app.url)
    const path = `/evenements/invitations/desabonnement/${optOutToken(suite.app.ctx.config.SESSION_SECRET, person.id)}`
    expect(await (await anonymous.get(path)).text()).toContain('Gérer tous mes consentements')
    expect((await anonymous.post(path, {})).status).toBe(200)
    expect(historyOf(person.id, 'invitations')).toEqual([{ granted: false, via: 'unsubscribe' }])
    // The send started before: its batches no longer hold the person's invitation.
    expect(suite.app.ctx.db.select().from(eventInvitations).where(eq(eventInvitations.userId, person.id)).all()).toEqual([])
    const progress = await runInvitationSend(suite.app.ctx, sendId, suite.app.url)
    expect(progress).toMatchObject({ total: 1, sent: 1 })
    expect(queuedTo(person.email, 'events.invitation')).toEqual([])
    expect(queuedTo(bystander.email, 'events.invitation')).toHaveLength(1)

    // Given again from the centre: invitations come again.
    const client = await loggedIn(person)
    expect((await client.post(CENTRE, setConsentForm('invitations', 'on'))).status).toBe(302)
    expect(historyOf(person.id, 'invitations').at(-1)).toEqual({ granted: true, via: 'centre' })
    expect(hasConsent(suite.app.ctx, person.id, 'invitations')).toBe(true)
  })
})

describe('job alerts', () => {
  it('withdrawn from the centre: the alerts are deleted and the queued alert mail never delivered', async () => {
    const person = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const bystander = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const client = await loggedIn(person)
    for (const criteria of ['porte=diplome&q=data', 'porte=diplome&q=bim']) {
      expect((await client.post('/carriere/alertes', { intent: 'create', criteria })).status).toBe(302)
    }
    expect(historyOf(person.id, 'jobAlerts')).toEqual([{ granted: true, via: 'alerts' }])
    const page = await (await client.get(CENTRE)).text()
    expect(page).toContain('2 alertes enregistrées.')
    expect(page).toContain('supprime vos 2 alertes enregistrées')
    for (const to of [person, bystander]) {
      careersMails.alert(suite.app.ctx, {
        to: { email: to.email, firstName: to.firstName, locale: 'fr' },
        offers: [],
        total: 3,
        searchUrl: `${suite.app.url}/carriere`,
        unsubscribeUrl: `${suite.app.url}/carriere/alertes/desabonner`,
        baseUrl: suite.app.url,
      })
    }

    expect((await client.post(CENTRE, setConsentForm('jobAlerts', 'off'))).status).toBe(302)
    expect(suite.app.ctx.db.select().from(jobAlerts).where(eq(jobAlerts.userId, person.id)).all()).toEqual([])
    expect(queuedTo(person.email, 'careers.alert')).toEqual([])
    await deliverQueued()
    await suite.smtp.waitForMail((m) => m.to.includes(bystander.email))
    expect(suite.smtp.mailsTo(person.email)).toEqual([])
    expect(historyOf(person.id, 'jobAlerts')).toEqual([
      { granted: true, via: 'alerts' },
      { granted: false, via: 'centre' },
    ])
    // Giving it means creating an alert: the centre leads a member to the alerts page.
    const on = await client.post(CENTRE, setConsentForm('jobAlerts', 'on'))
    expect(on.status).toBe(302)
    expect(on.headers.get('location')).toBe('/carriere/alertes')
  })

  it('the last alert removed (page or unsubscribe link) withdraws the consent; one of two does not', async () => {
    const person = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const client = await loggedIn(person)
    for (const criteria of ['porte=diplome&q=a', 'porte=diplome&q=b']) await client.post('/carriere/alertes', { intent: 'create', criteria })
    const [first, second] = suite.app.ctx.db.select().from(jobAlerts).where(eq(jobAlerts.userId, person.id)).all()
    expect((await client.post('/carriere/alertes', { intent: 'delete', alertId: String(first.id) })).status).toBe(302)
    expect(historyOf(person.id, 'jobAlerts')).toEqual([{ granted: true, via: 'alerts' }])
    const link = new URL(unsubscribeUrl(suite.app.ctx, second.id, suite.app.url))
    const anonymous = new HttpClient(suite.app.url)
    expect(await (await anonymous.get(link.pathname + link.search)).text()).toContain('Gérer tous mes consentements')
    expect((await anonymous.post(link.pathname, { alerte: String(second.id), jeton: link.searchParams.get('jeton')! })).status).toBe(200)
    expect(historyOf(person.id, 'jobAlerts')).toEqual([
      { granted: true, via: 'alerts' },
      { granted: false, via: 'unsubscribe' },
    ])
  })
})

describe('association news', () => {
  it('lives in its history only: given by default (an association writes to its members), withdrawn and given again from the centre', async () => {
    const person = await createAccount(suite.app.ctx)
    const client = await loggedIn(person)
    expect(hasConsent(suite.app.ctx, person.id, 'news')).toBe(true)
    expect(newsRecipientIds(suite.app.ctx)).toContain(person.id)
    expect(consentStates(suite.app.ctx, person.id).find((s) => s.consent === 'news')).toMatchObject({ granted: true, history: [] })
    expect(await (await client.get(CENTRE)).text()).toContain('Donné d’office à chaque compte')
    expect((await client.post(CENTRE, setConsentForm('news', 'off'))).status).toBe(302)
    expect(hasConsent(suite.app.ctx, person.id, 'news')).toBe(false)
    expect(newsRecipientIds(suite.app.ctx)).not.toContain(person.id)
    expect((await client.post(CENTRE, setConsentForm('news', 'on'))).status).toBe(302)
    expect(newsRecipientIds(suite.app.ctx)).toContain(person.id)
    expect(consentStates(suite.app.ctx, person.id).find((s) => s.consent === 'news')).toMatchObject({
      granted: true,
      history: [
        { granted: true, via: 'centre' },
        { granted: false, via: 'centre' },
      ],
    })
  })

  it('withdrawn: the letter still queued to the person is called back, and deactivated accounts are never recipients', async () => {
    const person = await createAccount(suite.app.ctx)
    const gone = await createAccount(suite.app.ctx, { status: 'deactivated' })
    expect(newsRecipientIds(suite.app.ctx)).not.toContain(gone.id)
    suite.app.ctx.mail.enqueue({ to: person.email, subject: 'La lettre', text: 'Bonjour', html: '<p>Bonjour</p>' }, { kind: 'campaigns.letter' })
    const client = await loggedIn(person)
    expect((await client.post(CENTRE, setConsentForm('news', 'off'))).status).toBe(302)
    expect(queuedTo(person.email, 'campaigns.letter')).toEqual([])
  })
})
