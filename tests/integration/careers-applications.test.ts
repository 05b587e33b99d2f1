import { beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { jobAlerts, jobApplications, memberships, profiles } from '../../db/schema'
import { approveJobOffer, createJobOffer, type OfferInput } from '../../app/features/careers/careers.server'
import { ALERT_INTERVAL_MS, sendWeeklyJobAlerts } from '../../app/features/careers/careers-alerts.server'
import { retryUnsentApplications } from '../../app/features/careers/careers-applications.server'
import { createAccount, jobOfferInput, TEST_PASSWORD } from '../factories'
import { files } from '../support/files'
import { HttpClient } from '../support/http'
import { careersTestApp } from '../support/careers'
import { firstLink } from '../support/smtp'

const DAY = 24 * 60 * 60_000
const t = careersTestApp('10.8.0')

let webmaster: Awaited<ReturnType<typeof createAccount>>
beforeAll(async () => {
  webmaster = await createAccount(t.app.ctx, { role: 'webmaster' })
})

async function publishedOffer(overrides: Partial<OfferInput> = {}) {
  const poster = await createAccount(t.app.ctx)
  const created = createJobOffer(t.app.ctx, poster.id, jobOfferInput(new Date(t.clock.now), overrides))
  if (!created.ok) throw new Error(created.error)
  expect(approveJobOffer(t.app.ctx, webmaster.id, created.id)).toEqual({ ok: true })
  return { id: created.id, poster }
}

const cv = (bytes = files.pdf(40_000)) => ({ cv: { name: 'CV Lefèvre.pdf', type: 'application/pdf', bytes } })

describe('applying', () => {
  it('mails the application as it arrives, with name, promotion, diploma, message and the CV attached', async () => {
    const { id, poster } = await publishedOffer({ title: 'Stage en conception mécanique', contractType: 'stage', applicationEmail: 'stages@atelier.example' })
    const { account, browser } = await t.loggedIn({ membership: 'student', promotion: 2027 })
    t.app.ctx.db.update(profiles).set({ diploma: "Diplôme d'ingénieur — Génie mécanique" }).where(eq(profiles.userId, account.id)).run()
    const bytes = files.pdf(40_000)
    bytes[100] = 42
    const response = await browser.postMultipart(`/carriere/offres/${id}`, { message: 'Bonjour,\nvotre stage m’intéresse beaucoup.' }, cv(bytes))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/carriere/mes-candidatures')

    const mail = await t.smtp.waitForMail((m) => m.to.includes('stages@atelier.example'))
    expect(mail.subject).toContain(`Candidature de ${account.firstName} ${account.lastName}\u00a0: Stage en conception mécanique`)
    // The diploma's label comes from the catalogue, with French typography (the stored value keeps the setting's spelling).
    expect(mail.text).toContain(`${account.firstName} ${account.lastName}, promotion 2027, Diplôme d’ingénieur — Génie mécanique (${account.email})`)
    expect(mail.text).toContain('votre stage m’intéresse beaucoup.')
    expect(mail.parsed.replyTo?.value[0]?.address).toBe(account.email)
    expect(mail.parsed.attachments).toHaveLength(1)
    const [attachment] = mail.parsed.attachments
    expect(attachment.contentType).toBe('application/pdf')
    expect(attachment.filename).toBe('CV Lefèvre.pdf')
    expect(Buffer.compare(attachment.content, Buffer.from(bytes))).toBe(0)

    const row = t.app.ctx.db.select().from(jobApplications).where(eq(jobApplications.userId, account.id)).get()!
    expect(row.emailedAt?.getTime()).toBe(t.clock.now)
    // The applicant sees it, and downloads their CV again; nobody else can.
    const mine = await (await browser.get('/carriere/mes-candidatures')).text()
    expect(mine).toContain('Stage en conception mécanique')
    expect(mine).toContain('Transmise au recruteur.')
    const download = await browser.get(`/carriere/candidatures/${row.id}/cv`)
    expect(download.status).toBe(200)
    expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), Buffer.from(bytes))).toBe(0)
    const { browser: other } = await t.loggedIn({ membership: 'alumni' })
    expect((await other.get(`/carriere/candidatures/${row.id}/cv`)).status).toBe(404)

    // The poster sees the count.
    const posterBrowser = new HttpClient(t.app.url, `10.8.1.1`)
    await posterBrowser.login(poster.email, TEST_PASSWORD)
    expect(await (await posterBrowser.get('/carriere/mes-offres')).text()).toContain('1 candidature reçue')
  })

  it('refuses a second application to the same offer, and the database refuses it too', async () => {
    const { id } = await publishedOffer()
    const { account, browser } = await t.loggedIn({ membership: 'alumni' })
    expect((await browser.postMultipart(`/carriere/offres/${id}`, { message: 'Premier envoi' }, cv())).status).toBe(302)
    const again = await browser.postMultipart(`/carriere/offres/${id}`, { message: 'Second envoi' }, cv())
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('Vous avez déjà postulé à cette offre.')
    expect(t.app.ctx.db.select().from(jobApplications).where(eq(jobApplications.userId, account.id)).all()).toHaveLength(1)
    expect(() =>
      t.app.ctx.db
        .insert(jobApplications)
        .values({ offerId: id, userId: account.id, message: 'x', cvStoredName: 'x.pdf', cvOriginalName: 'x.pdf', cvSize: 1, createdAt: new Date() })
        .run(),
    ).toThrow(/UNIQUE/)
    // The page says so instead of showing the form.
    expect(await (await browser.get(`/carriere/offres/${id}`)).text()).toContain('Vous avez postulé le')
  })

  it('checks the CV by its content and size, and the message', async () => {
    const { id } = await publishedOffer()
    const { account, browser } = await t.loggedIn({ membership: 'alumni' })
    const notPdf = await browser.postMultipart(
      `/carriere/offres/${id}`,
      { message: 'Bonjour' },
      { cv: { name: 'cv.pdf', type: 'application/pdf', bytes: files.text(2000) } },
    )
    expect(notPdf.status).toBe(400)
    expect(await notPdf.text()).toContain('Ce fichier n’est pas un PDF')
    const png = await browser.postMultipart(
      `/carriere/offres/${id}`,
      { message: 'Bonjour' },
      { cv: { name: 'cv.pdf', type: 'application/pdf', bytes: files.png() } },
    )
    expect(png.status).toBe(400)
    const tooBig = await browser.postMultipart(`/carriere/offres/${id}`, { message: 'Bonjour' }, cv(files.pdf(5 * 1024 * 1024 + 1)))
    expect(tooBig.status).toBe(400)
    expect(await tooBig.text()).toContain('Le CV dépasse 5\u00a0Mo')
    const missing = await browser.postMultipart(`/carriere/offres/${id}`, { message: '' })
    const html = await missing.text()
    expect(html).toContain('Joignez votre CV au format PDF.')
    expect(html).toContain('Ce champ est obligatoire.')
    expect(t.app.ctx.db.select().from(jobApplications).where(eq(jobApplications.userId, account.id)).all()).toHaveLength(0)
  })

  it('refuses non-members, the poster, and expired offers', async () => {
    const { id, poster } = await publishedOffer({ deadline: new Date(t.clock.now + 2 * DAY).toISOString().slice(0, 10) })
    const { browser: registered } = await t.loggedIn()
    expect((await registered.postMultipart(`/carriere/offres/${id}`, { message: 'Bonjour' }, cv())).status).toBe(403)
    const own = new HttpClient(t.app.url, `10.8.2.1`)
    t.app.ctx.db.insert(memberships).values({ userId: poster.id, kind: 'alumni', activatedAt: new Date() }).run()
    await own.login(poster.email, TEST_PASSWORD)
    expect((await own.postMultipart(`/carriere/offres/${id}`, { message: 'Bonjour' }, cv())).status).toBe(400)
    const { browser: member } = await t.loggedIn({ membership: 'alumni' })
    t.clock.now += 3 * DAY
    expect((await member.get(`/carriere/offres/${id}`)).status).toBe(404)
    const late = await member.postMultipart(`/carriere/offres/${id}`, { message: 'Bonjour' }, cv())
    expect(late.status).toBe(400)
    expect(await late.text()).toContain('Cette offre n’accepte plus de candidatures.')
  })
  it('queues the application and its mail together; one saved before the queue existed is mailed once by the careers job', async () => {
    const { id } = await publishedOffer({ title: 'Poste au courrier capricieux', applicationEmail: 'capricieux@exemple.fr' })
    const { account, browser } = await t.loggedIn({ membership: 'alumni' })
    const row = () => t.app.ctx.db.select().from(jobApplications).where(eq(jobApplications.userId, account.id)).get()!
    expect((await browser.postMultipart(`/carriere/offres/${id}`, { message: 'Bonjour' }, cv())).status).toBe(302)
    // Queued in the same transaction as the application: nothing is left for the careers job.
    expect(row().emailedAt).not.toBeNull()
    const mail = await t.smtp.waitForMail((m) => m.to.includes('capricieux@exemple.fr'))
    expect(mail.parsed.attachments).toHaveLength(1)

    // An application whose mail was never queued (saved by an older version of the site).
    t.app.ctx.db.update(jobApplications).set({ emailedAt: null }).where(eq(jobApplications.id, row().id)).run()
    expect(await (await browser.get('/carriere/mes-candidatures')).text()).toContain('Transmission en cours.')
    t.clock.now += 2 * 60_000
    // Two runs at once (two processes, say): the application is claimed by one, queued once.
    const runs = await Promise.all([retryUnsentApplications(t.app.ctx, t.app.url), retryUnsentApplications(t.app.ctx, t.app.url)])
    expect(runs.sort()).toEqual([0, 1])
    await t.app.mailSender.runOnce()
    await expect.poll(() => t.smtp.mailsTo('capricieux@exemple.fr').length).toBe(2)
    expect(t.smtp.mailsTo('capricieux@exemple.fr')[1]!.parsed.attachments).toHaveLength(1)
    expect(row().emailedAt).not.toBeNull()
    expect(await retryUnsentApplications(t.app.ctx, t.app.url)).toBe(0)
  })
})

describe('weekly alerts', () => {
  it('mails new matching offers once a week, persisted, with a signed unsubscribe link that works without logging in', async () => {
    const { account, browser } = await t.loggedIn({ membership: 'student' })
    const saved = await browser.post('/carriere/alertes', { intent: 'create', criteria: '?porte=etudiant&q=robotique&ville=Lyon&rayon=50' })
    expect(saved.status).toBe(302)
    const [alert] = t.app.ctx.db.select().from(jobAlerts).where(eq(jobAlerts.userId, account.id)).all()
    expect(alert.criteria).toEqual({ door: 'etudiant', q: 'robotique', city: 'Lyon', radius: 50 })
    expect(await (await browser.get('/carriere/alertes')).text()).toContain('Stages et alternances')

    t.clock.now += DAY
    const match = await publishedOffer({ title: 'Stage robotique collaborative', contractType: 'alternance', city: 'Villeurbanne' })
    await publishedOffer({ title: 'CDI robotique', contractType: 'cdi', city: 'Lyon' }) // not an internship
    await publishedOffer({ title: 'Stage robotique', contractType: 'stage', city: 'Lille' }) // too far
    const sentTo = () => t.smtp.mailsTo(account.email).filter((m) => m.subject.includes('Nouvelles offres'))

    // Not a week yet: nothing.
    await sendWeeklyJobAlerts(t.app.ctx)
    expect(sentTo()).toHaveLength(0)

    t.clock.now = alert.lastSentAt.getTime() + ALERT_INTERVAL_MS
    const result = await sendWeeklyJobAlerts(t.app.ctx)
    expect(result.sent).toBeGreaterThanOrEqual(1)
    const mail = await t.smtp.waitForMail((m) => m.to.includes(account.email) && m.subject.includes('Nouvelles offres'))
    expect(mail.text).toContain('Une nouvelle offre correspond à votre recherche enregistrée')
    expect(mail.text).toContain('Stage robotique collaborative')
    expect(mail.text).not.toContain('CDI robotique')
    expect(mail.text).not.toContain('Lille')
    expect(mail.text).toContain(`${t.app.url}/carriere/offres/${match.id}`)

    // Run again the same day, or after a restart: the week is recorded in the database.
    await sendWeeklyJobAlerts(t.app.ctx)
    expect(sentTo()).toHaveLength(1)
    expect(t.app.ctx.db.select().from(jobAlerts).where(eq(jobAlerts.id, alert.id)).get()!.lastSentAt.getTime()).toBe(t.clock.now)

    // The next week without a new offer sends nothing.
    t.clock.now += ALERT_INTERVAL_MS
    await sendWeeklyJobAlerts(t.app.ctx)
    expect(sentTo()).toHaveLength(1)

    const link = firstLink(mail, '/carriere/alertes/desabonner')
    // Mail clients get the same link in a List-Unsubscribe header.
    expect(mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n\s+/g, ' ')).toBe(`List-Unsubscribe: <${link}>`)
    const visitor = new HttpClient(t.app.url)
    const forged = await visitor.get(link.replace(/jeton=[^&]+/, 'jeton=faux'))
    expect(forged.status).toBe(400)
    const page = await visitor.get(link)
    expect(page.status).toBe(200)
    expect(t.app.ctx.db.select().from(jobAlerts).where(eq(jobAlerts.id, alert.id)).get()).toBeDefined()
    const url = new URL(link)
    const done = await visitor.post(url.pathname + url.search, { alerte: url.searchParams.get('alerte')!, jeton: url.searchParams.get('jeton')! })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('cette alerte est supprimée')
    expect(t.app.ctx.db.select().from(jobAlerts).where(eq(jobAlerts.id, alert.id)).get()).toBeUndefined()
  })

  it('stays silent for an account whose dues lapsed', async () => {
    const { account, browser } = await t.loggedIn({ membership: 'alumni' })
    await browser.post('/carriere/alertes', { intent: 'create', criteria: '?porte=alumni&q=suspendu' })
    t.clock.now += DAY
    await publishedOffer({ title: 'Poste suspendu' })
    t.app.ctx.db.update(memberships).set({ status: 'suspended' }).where(eq(memberships.userId, account.id)).run()
    t.clock.now += ALERT_INTERVAL_MS
    await sendWeeklyJobAlerts(t.app.ctx)
    expect(t.smtp.mailsTo(account.email)).toHaveLength(0)
  })

  it('deletes an alert from « Mes alertes », its owner only', async () => {
    const { account, browser } = await t.loggedIn({ membership: 'alumni' })
    await browser.post('/carriere/alertes', { intent: 'create', criteria: '?porte=alumni' })
    const [alert] = t.app.ctx.db.select().from(jobAlerts).where(eq(jobAlerts.userId, account.id)).all()
    const { browser: other } = await t.loggedIn({ membership: 'alumni' })
    expect((await other.post('/carriere/alertes', { intent: 'delete', alertId: String(alert.id) })).status).toBe(404)
    expect((await browser.post('/carriere/alertes', { intent: 'delete', alertId: String(alert.id) })).status).toBe(302)
    expect(t.app.ctx.db.select().from(jobAlerts).where(eq(jobAlerts.id, alert.id)).get()).toBeUndefined()
  })
})
