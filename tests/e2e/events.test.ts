import { describe, expect, it } from 'vitest'
import { createAccount } from '../factories'
import { hydrated, launchBrowser, logIn, openPage, seriousViolations } from '../support/browser'
import { qrCameraVideo } from '../support/fake-camera'
import { browserSuite } from '../support/browser-suite'

const suite = browserSuite()

describe('events in the browser', () => {
  it(
    'an organizer creates an event and invites a promotion; the « Participer » link from the mail moves the open dashboard live',
    { timeout: 90_000 },
    async () => {
      const organizer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
      const invitee = await createAccount(suite.app.ctx, { membership: 'alumni', promotion: 1979 })

      // The organizer creates the event through the form.
      const desk = await openPage(suite.browser)
      await logIn(desk.page, suite.app.url, organizer.email)
      await desk.page.goto(`${suite.app.url}/evenements/nouveau`)
      await hydrated(desk.page)
      const form = desk.page.locator('form.event-form')
      await form.getByLabel('Titre').fill('Dîner des 45 ans de promo')
      await form.getByLabel('Description').fill('Un dîner pour fêter les 45 ans de la promotion 1979.')
      await form.getByLabel('Début').fill('2031-06-12T19:30')
      await form.getByLabel('Fin').fill('2031-06-12T23:30')
      await form.getByLabel('Lieu', { exact: true }).fill('Brasserie Georges')
      await form.getByLabel('Adresse').fill('30 cours de Verdun Perrache')
      await form.getByLabel('Ville').fill('Lyon')
      await form.getByLabel('Capacité').fill('40')
      await form.getByRole('button', { name: 'Créer l’événement' }).click()

      // Its dashboard: no one yet; invitations go to promotion 1979, with a progress bar.
      await desk.page.getByRole('heading', { name: 'Tableau de bord de l’événement' }).waitFor()
      await hydrated(desk.page)
      const registered = desk.page.getByTestId('count-registered')
      expect((await registered.textContent())?.replace(/\s/g, '')).toBe('0/40')
      await desk.page.getByLabel('Certaines promotions').check()
      await desk.page.getByLabel('Promotions', { exact: true }).fill('1979')
      await desk.page.getByRole('button', { name: 'Envoyer les invitations' }).click()
      await desk.page.getByText('Invitations envoyées : 1 sur 1').waitFor()
      expect(await desk.page.getByTestId('invite-progress').locator('progress').getAttribute('value')).toBe('1')

      // The invitation arrives by SMTP with every practical detail and the « Participer » button.
      const mail = await suite.smtp.waitForMail((m) => m.to.includes(invitee.email) && m.subject.startsWith('Invitation'))
      expect(mail.text).toContain('Brasserie Georges, 30 cours de Verdun Perrache, Lyon')
      expect(mail.text).toContain(`${organizer.firstName} ${organizer.lastName} <${organizer.email}>`)
      expect(mail.text).toContain('12 juin 2031 à 19 h 30')
      expect(mail.html).toContain('>Participer</a>')
      const link = /Participer\s:\s(\S+)/.exec(mail.text)![1]

      // The invitee, not logged in, follows it: the event and one button, which has the focus; Enter registers.
      const member = await openPage(suite.browser, { viewport: { width: 360, height: 740 } })
      await member.page.goto(link)
      await member.page.getByRole('heading', { name: 'Dîner des 45 ans de promo' }).waitFor()
      expect(await member.page.getByText('Brasserie Georges, 30 cours de Verdun Perrache, Lyon').count()).toBe(1)
      await hydrated(member.page)
      expect(await member.page.evaluate(() => document.activeElement?.textContent)).toBe('Je participe')
      expect(await seriousViolations(member.page)).toEqual([])
      await member.page.keyboard.press('Enter')
      await member.page.getByRole('heading', { name: 'Vous êtes inscrit !' }).waitFor()
      expect(await seriousViolations(member.page)).toEqual([])

      // The organizer's open dashboard moved without a reload: counter and feed.
      await expect.poll(async () => (await registered.textContent())?.replace(/\s/g, ''), { timeout: 5000 }).toBe('1/40')
      await desk.page.getByTestId('event-feed').getByText(`${invitee.firstName} ${invitee.lastName} s’est inscrit`).waitFor()

      // The ticket mail carries the QR code; the desk checks the code in, once.
      const ticket = await suite.smtp.waitForMail((m) => m.to.includes(invitee.email) && m.subject.startsWith('Votre billet'))
      const code = /donnez le code (\S+)\./.exec(ticket.text)![1]
      await desk.page.getByRole('link', { name: 'Accueil des participants' }).click()
      await desk.page.getByRole('heading', { name: 'Accueil des participants' }).waitFor()
      await hydrated(desk.page)
      await desk.page.getByLabel('Code du billet').fill(code.toLowerCase())
      await desk.page.getByRole('button', { name: 'Valider l’entrée' }).click()
      await desk.page.getByTestId('desk-answer').getByText(`Bienvenue, ${invitee.firstName} ${invitee.lastName} !`).waitFor()
      // The field empties for the next ticket once the page's data is revalidated: typed before, the code would be wiped.
      await expect.poll(() => desk.page.getByLabel('Code du billet').inputValue()).toBe('')
      await desk.page.getByLabel('Code du billet').fill(code)
      await desk.page.getByRole('button', { name: 'Valider l’entrée' }).click()
      await desk.page.getByTestId('desk-answer').getByText('Billet déjà utilisé').waitFor()
      // The counter follows over the socket (batched every 100 ms): it may land just after the answer.
      await expect.poll(() => desk.page.getByTestId('count-checked-in').textContent(), { timeout: 5000 }).toBe('1')
      expect(await seriousViolations(desk.page)).toEqual([])

      // Back on the dashboard, the invitee undoes from the confirmation page: the counter goes down live.
      await desk.page.getByRole('link', { name: 'Tableau de bord' }).click()
      await desk.page.getByRole('heading', { name: 'Tableau de bord de l’événement' }).waitFor()
      await hydrated(desk.page)
      await member.page.getByRole('button', { name: 'Annuler mon inscription' }).click()
      await member.page.getByRole('heading', { name: 'Inscription annulée' }).waitFor()
      await expect.poll(async () => (await desk.page.getByTestId('count-registered').textContent())?.replace(/\s/g, ''), { timeout: 5000 }).toBe('0/40')
      await desk.page.getByTestId('event-feed').getByText(`${invitee.firstName} ${invitee.lastName} s’est désinscrit`).waitFor()
      expect([...desk.errors, ...member.errors]).toEqual([])
    },
  )

  it('a member registers with a guest from the event page and sees the counter and their ticket', { timeout: 60_000 }, async () => {
    const organizer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { createTestEvent } = await import('../event-factories')
    const eventId = createTestEvent(suite.app.ctx, organizer.id, { title: 'Conférence sur l’hydrogène', capacity: 30, maxGuests: 2 })
    // A visitor (not logged in) has the page open: its counter moves too.
    const visitor = await openPage(suite.browser)
    await visitor.page.goto(`${suite.app.url}/evenements/${eventId}`)
    await hydrated(visitor.page)
    const { page, errors } = await openPage(suite.browser, { viewport: { width: 360, height: 740 } })
    await logIn(page, suite.app.url, member.email, { redirectTo: `/evenements/${eventId}` })
    await page.getByRole('heading', { name: 'Conférence sur l’hydrogène' }).waitFor()
    await hydrated(page)
    await page.getByLabel('Invités qui vous accompagnent').selectOption('1')
    // With the socket online the page registers over it (`event:register`): no form is posted.
    const posts: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url())
    })
    await page.getByRole('button', { name: 'Participer' }).click()
    await page.getByText('Vous êtes inscrit (2 places)').waitFor()
    await page.getByRole('status').getByText('C’est noté : vous êtes inscrit. Votre billet est parti par e-mail.').waitFor()
    expect(posts.filter((url) => new URL(url).pathname === `/evenements/${eventId}`)).toEqual([])
    await suite.smtp.waitForMail((m) => m.to.includes(member.email) && m.text.includes('Conférence sur l’hydrogène'))
    expect((await page.getByTestId('count-registered').textContent())?.replace(/\s/g, '')).toBe('2/30')
    await expect.poll(async () => (await visitor.page.getByTestId('count-registered').textContent())?.replace(/\s/g, ''), { timeout: 5000 }).toBe('2/30')
    await page.getByRole('img', { name: /QR code du billet/ }).waitFor()
    // Unregistering asks first.
    await page.getByText('Me désinscrire', { exact: true }).click()
    await page.getByRole('button', { name: 'Oui, me désinscrire' }).click()
    await page.getByText('Inscription annulée.', { exact: true }).waitFor()
    expect((await page.getByTestId('count-registered').textContent())?.replace(/\s/g, '')).toBe('0/30')
    expect([...errors, ...visitor.errors]).toEqual([])
  })
})

describe('the check-in desk camera', () => {
  it('reads a ticket QR code from the camera and lets its holder in', { timeout: 60_000 }, async () => {
    const organizer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { createTestEvent } = await import('../event-factories')
    const { registerForEvent } = await import('../../app/features/events/event-registrations.server')
    const { ticketQrText } = await import('../../app/features/events/event-files.server')
    const eventId = createTestEvent(suite.app.ctx, organizer.id)
    const registered = registerForEvent(suite.app.ctx, { eventId, userId: member.id, guests: 0 })
    if (!registered.ok) throw new Error('registration failed')
    // Chromium's fake camera films the ticket's QR code (this Linux build has no BarcodeDetector: jsQR reads it).
    const video = qrCameraVideo(ticketQrText(registered.registration.ticketCode))
    const camera = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`])
    try {
      const { page, context, errors } = await openPage(camera, { viewport: { width: 360, height: 740 } })
      await context.grantPermissions(['camera'])
      await logIn(page, suite.app.url, organizer.email, { redirectTo: `/evenements/${eventId}/accueil` })
      await page.getByRole('heading', { name: 'Accueil des participants' }).waitFor()
      await hydrated(page)
      await page.getByRole('button', { name: 'Scanner avec la caméra' }).click()
      await page.getByTestId('desk-answer').getByText(`Bienvenue, ${member.firstName} ${member.lastName} !`).waitFor({ timeout: 15_000 })
      await expect.poll(() => page.getByTestId('count-checked-in').textContent(), { timeout: 5000 }).toBe('1')
      await page.getByRole('button', { name: 'Arrêter la caméra' }).click()
      expect(errors).toEqual([])
    } finally {
      await camera.close()
    }
  })
})
