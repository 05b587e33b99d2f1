import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import pino from 'pino'
import { jobAlerts, jobApplications, jobOffers, outbox, users } from '../../db/schema'
import { createJobOffer, undoJobOfferApproval } from '../../app/features/careers/careers.server'
import { ALERT_INTERVAL_MS, sendWeeklyJobAlerts } from '../../app/features/careers/careers-alerts.server'
import { createTransport, startMailSender, type MailSender } from '../../server/mail-sender'
import { createAccount, jobOfferInput } from '../factories'
import { careersTestApp } from '../support/careers'
import type { HttpClient } from '../support/http'

// « Publier » can be taken back for a minute: the offer is public at once, but nothing that
// leaves the site (the poster's mail, the alerts' mails) goes before the minute is over.
const t = careersTestApp('10.14.0')
const MINUTE = 60_000

let sender: MailSender
let webmaster: { browser: HttpClient; account: Awaited<ReturnType<typeof createAccount>> }
beforeAll(async () => {
  // The app's own sender reads the wall clock; this one reads the test's, so « a minute later » is a step of the clock.
  await t.app.mailSender.stop()
  sender = startMailSender({
    db: t.app.ctx.db,
    queue: t.app.ctx.mail,
    transport: createTransport(t.smtp.url),
    from: 'amicale@exemple.fr',
    templates: {},
    logger: pino({ level: 'silent' }),
    now: () => t.app.ctx.now(),
    pollMs: 3_600_000,
  })
})
afterAll(() => sender?.stop())
// Each test its own webmaster: the queue shows the undo of one's own publications only, and the
// clock goes back to the wall's before each test.
beforeEach(async () => {
  webmaster = await t.loggedIn({ role: 'webmaster', membership: 'alumni' })
})

const offer = (id: number) => t.app.ctx.db.select().from(jobOffers).where(eq(jobOffers.id, id)).get()!
const mailsOfPoster = (email: string) => t.app.ctx.db.select().from(outbox).where(eq(outbox.to, email)).all()

async function pendingOffer(title: string, locale: 'fr' | 'en' = 'fr') {
  const poster = await createAccount(t.app.ctx)
  if (locale === 'en') t.app.ctx.db.update(users).set({ locale }).where(eq(users.id, poster.id)).run()
  const created = createJobOffer(t.app.ctx, poster.id, jobOfferInput(new Date(t.clock.now), { title, company: 'Zorglub Ingénierie' }))
  if (!created.ok) throw new Error(created.error)
  return { id: created.id, poster }
}

async function publish(id: number) {
  const response = await webmaster.browser.post('/admin/offres', { intent: 'approve', offerId: String(id) })
  expect(response.status).toBe(302)
  expect(offer(id).status).toBe('published')
}

async function undo(id: number) {
  const response = await webmaster.browser.post('/admin/offres', { intent: 'undo', offerId: String(id) })
  expect(response.status).toBe(302)
  expect(response.headers.get('location')).toBe('/admin/offres')
  return (await webmaster.browser.get('/admin/offres')).text()
}

/** What the SMTP server received for `email` once the sender ran (it resolves after the server accepted). */
async function deliveredTo(email: string) {
  await sender.runOnce()
  return t.smtp.mailsTo(email)
}

describe('the poster is mailed when their offer is approved', () => {
  it('a minute after « Publier »: in French, with a link to the offer, never before', async () => {
    const { id, poster } = await pendingOffer('Cheffe de chantier Zorglub')
    await publish(id)
    // The queue says it, with the way back.
    const queue = await (await webmaster.browser.get('/admin/offres')).text()
    expect(queue).toContain('Offre publiée\u00a0: «\u00a0Cheffe de chantier Zorglub\u00a0».')
    expect(queue).toMatch(new RegExp(`name="offerId" value="${id}"[\\s\\S]*?name="intent" value="undo"`))

    expect(await deliveredTo(poster.email)).toHaveLength(0)
    t.clock.now += 59_000
    expect(await deliveredTo(poster.email)).toHaveLength(0)
    expect(mailsOfPoster(poster.email).map((m) => m.status)).toEqual(['queued'])

    t.clock.now += 2_000
    const [mail] = await deliveredTo(poster.email)
    expect(mail?.subject).toContain('Votre offre est publiée')
    expect(mail?.text).toContain('Votre offre «\u00a0Cheffe de chantier Zorglub\u00a0» (Zorglub Ingénierie) a été validée')
    expect(mail?.text).toContain(`${t.app.url}/carriere/offres/${id}`)
    expect(mail?.text).toMatch(/en ligne jusqu’au \d{1,2}(er)? \S+ \d{4}/)

    // 61 s on, « Annuler » is refused, and says why; the offer stays online.
    const page = await undo(id)
    expect(page).toContain('Trop tard pour annuler\u00a0: l’offre est en ligne depuis plus d’une minute')
    expect(offer(id).status).toBe('published')
    expect(page).not.toContain('name="intent" value="undo"')
  })

  it('in English for a poster who reads English', async () => {
    const { id, poster } = await pendingOffer('Site manager Zorglub', 'en')
    await publish(id)
    t.clock.now += MINUTE
    const [mail] = await deliveredTo(poster.email)
    expect(mail?.subject).toContain('Your offer is published')
    expect(mail?.text).toContain('Your offer “Site manager Zorglub” (Zorglub Ingénierie) was validated')
    expect(mail?.text).toContain(`${t.app.url}/carriere/offres/${id}`)
  })
})

describe('« Annuler » within the minute', () => {
  /** Half a minute after « Publier », the alert's week is over: it is due now. */
  function alertFallsDueHalfAMinuteOn(alertId: number) {
    t.clock.now += 30_000
    t.app.ctx.db
      .update(jobAlerts)
      .set({ lastSentAt: new Date(t.clock.now - ALERT_INTERVAL_MS) })
      .where(eq(jobAlerts.id, alertId))
      .run()
  }

  async function alertWatching(word: string) {
    const member = await t.loggedIn({ membership: 'alumni' })
    expect((await member.browser.post('/carriere/alertes', { intent: 'create', criteria: `?porte=alumni&q=${word}` })).status).toBe(302)
    const [alert] = t.app.ctx.db.select().from(jobAlerts).where(eq(jobAlerts.userId, member.account.id)).all()
    // The offer comes a second after the alert was saved.
    t.clock.now += 1000
    return { member: member.account, alert: alert! }
  }

  it('returns the offer to the queue, and neither the poster nor the alerts ever hear of it', async () => {
    const { member, alert } = await alertWatching('xylophoniste')
    const { id, poster } = await pendingOffer('Xylophoniste Zorglub')
    const updatedAt = offer(id).updatedAt
    await publish(id)

    // The weekly alert falls due inside the minute: the offer is not in it yet.
    alertFallsDueHalfAMinuteOn(alert.id)
    expect((await sendWeeklyJobAlerts(t.app.ctx)).sent).toBe(0)

    const page = await undo(id)
    expect(page).toContain('Publication annulée\u00a0: l’offre attend de nouveau une validation')
    expect(offer(id)).toMatchObject({ status: 'pending', publishedAt: null, expiresAt: null, reviewedBy: null, updatedAt })
    // Back in the queue, where it stood, with « Publier » again.
    expect(page).toContain('Xylophoniste Zorglub')
    expect(page).not.toContain('name="intent" value="undo"')
    expect(mailsOfPoster(poster.email)).toHaveLength(0)

    // Well past the minute, and a week on: nothing ever went out.
    t.clock.now += 5 * MINUTE
    await sender.runOnce()
    t.clock.now += ALERT_INTERVAL_MS
    await sendWeeklyJobAlerts(t.app.ctx)
    await sender.runOnce()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(t.smtp.mailsTo(poster.email)).toHaveLength(0)
    expect(t.smtp.mailsTo(member.email)).toHaveLength(0)
  })

  it('without an undo, the alert that fell due inside the minute lists the offer the next week (none is lost)', async () => {
    const { member, alert } = await alertWatching('vibraphoniste')
    const { id } = await pendingOffer('Vibraphoniste Zorglub')
    await publish(id)
    alertFallsDueHalfAMinuteOn(alert.id)
    expect((await sendWeeklyJobAlerts(t.app.ctx)).sent).toBe(0)
    t.clock.now += ALERT_INTERVAL_MS
    expect((await sendWeeklyJobAlerts(t.app.ctx)).sent).toBe(1)
    await sender.runOnce()
    const mail = await t.smtp.waitForMail((m) => m.to.includes(member.email))
    expect(mail.text).toContain('Vibraphoniste Zorglub')
    expect(mail.text).toContain(`/carriere/offres/${id}`)
  })

  it('is refused to another webmaster, and once a member has applied', async () => {
    const { id } = await pendingOffer('Contrebassiste Zorglub')
    await publish(id)
    const other = await t.loggedIn({ role: 'webmaster' })
    expect((await other.browser.post('/admin/offres', { intent: 'undo', offerId: String(id) })).status).toBe(302)
    expect(await (await other.browser.get('/admin/offres')).text()).toContain('Cette publication ne peut pas être annulée.')
    expect(offer(id).status).toBe('published')

    const applicant = await createAccount(t.app.ctx, { membership: 'alumni' })
    t.app.ctx.db
      .insert(jobApplications)
      .values({
        offerId: id,
        userId: applicant.id,
        message: 'Bonjour',
        cvStoredName: 'cv.pdf',
        cvOriginalName: 'cv.pdf',
        cvSize: 1,
        createdAt: new Date(t.clock.now),
      })
      .run()
    expect(undoJobOfferApproval(t.app.ctx, webmaster.account.id, id)).toEqual({ ok: false, error: 'answered' })
    expect(offer(id).status).toBe('published')
  })
})
