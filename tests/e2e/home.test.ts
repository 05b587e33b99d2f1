import sharp from 'sharp'
import { and, countDistinct, eq, gte, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { events, memberships, profiles } from '../../db/schema'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'
import { files } from '../support/files'

const suite = browserSuite()
const phone = { viewport: { width: 360, height: 740 } }
const desktop = { viewport: { width: 1280, height: 900 } }
const number = (n: number) => new Intl.NumberFormat('fr-FR').format(n)

async function eventFactories() {
  const { createTestEvent } = await import('../event-factories')
  const { registerForEvent } = await import('../../app/features/events/event-registrations.server')
  return { createTestEvent, registerForEvent }
}

describe('the home page', () => {
  // First in the file: the numbers are cached a minute, so nothing was counted before these accounts.
  it('shows a visitor the real numbers, a public upcoming event and not a members-only one, with « Cotiser » first', { timeout: 60_000 }, async () => {
    const { createTestEvent } = await eventFactories()
    const organizer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni', promotion: 1998 })
    for (const promotion of [2004, 2004, 2016]) await createAccount(suite.app.ctx, { membership: 'alumni', promotion })
    await createAccount(suite.app.ctx) // registered, no dues: not a member
    createTestEvent(suite.app.ctx, organizer.id, { title: 'Pique-nique de rentrée ouvert à tous', audience: 'everyone' })
    createTestEvent(suite.app.ctx, organizer.id, { title: 'Dîner réservé aux membres', audience: 'members' })
    const { db } = suite.app.ctx
    const members = db
      .select({ n: sql<number>`count(*)` })
      .from(memberships)
      .where(eq(memberships.status, 'active'))
      .get()!.n
    const promotions = db
      .select({ n: countDistinct(profiles.promotion) })
      .from(profiles)
      .innerJoin(memberships, eq(memberships.userId, profiles.userId))
      .get()!.n
    const upcoming = db
      .select({ n: sql<number>`count(*)` })
      .from(events)
      .where(and(eq(events.status, 'published'), gte(events.endsAt, new Date())))
      .get()!.n
    expect([members, promotions, upcoming]).toEqual([4, 3, 2])

    for (const options of [desktop, phone]) {
      const { page, errors } = await openPage(suite.browser, options)
      await page.goto(suite.app.url)
      await hydrated(page)
      expect((await page.getByTestId('home-number-members').textContent())?.replace(/\s/g, ' ')).toBe(`${number(members)} membres cotisants`)
      expect(await page.getByTestId('home-number-promotions').textContent()).toBe(`${promotions} promotions représentées`)
      expect(await page.getByTestId('home-number-events').textContent()).toBe(`${upcoming} événements à venir`)
      const agenda = page.getByTestId('home-public-events')
      await agenda.getByRole('link', { name: 'Pique-nique de rentrée ouvert à tous' }).waitFor()
      expect(await page.getByText('Dîner réservé aux membres').count()).toBe(0)
      // Without a cover, the card carries the generated picture (sized: no shift when it paints).
      const fallback = agenda.getByTestId('cover-fallback').first()
      expect(await fallback.getAttribute('width')).toBe('480')
      // « Cotiser » is the page's first action, « Se connecter » beside it.
      const actions = page.locator('.hero__actions a')
      expect(await actions.allTextContents()).toEqual(['Cotiser — une fois, pour la vie', 'Se connecter'])
      expect(await actions.first().getAttribute('href')).toBe('/cotiser')
      expect(await seriousViolations(page)).toEqual([])
      expect(errors).toEqual([])
      await page.context().close()
    }
  })

  it('shows a member their next registered event and a classmate who just joined, not one who left the directory', { timeout: 60_000 }, async () => {
    const { createTestEvent, registerForEvent } = await eventFactories()
    const organizer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const member = await createAccount(suite.app.ctx, { membership: 'alumni', promotion: 2011 })
    const classmate = await createAccount(suite.app.ctx, { membership: 'alumni', promotion: 2011 })
    const hidden = await createAccount(suite.app.ctx, { membership: 'alumni', promotion: 2011 })
    suite.app.ctx.db.update(profiles).set({ inDirectory: false }).where(eq(profiles.userId, hidden.id)).run()
    const other = await createAccount(suite.app.ctx, { membership: 'alumni', promotion: 1987 })
    const eventId = createTestEvent(suite.app.ctx, organizer.id, { title: 'Visite du chantier du nouveau campus' })
    createTestEvent(suite.app.ctx, organizer.id, { title: 'Conférence où je ne vais pas' })
    const registered = registerForEvent(suite.app.ctx, { eventId, userId: member.id, guests: 0 })
    expect(registered.ok).toBe(true)

    const { page, errors } = await openPage(suite.browser, phone)
    await logIn(page, suite.app.url, member.email)
    await hydrated(page)
    await page.getByRole('heading', { name: `Bonjour ${member.firstName} !` }).waitFor()
    const mine = page.getByTestId('dash-events')
    await mine.getByRole('link', { name: 'Visite du chantier du nouveau campus' }).waitFor()
    expect(await mine.getByText('Inscrit', { exact: true }).count()).toBe(1)
    expect(await mine.getByText('Conférence où je ne vais pas').count()).toBe(0)

    const classmates = page.getByTestId('dash-classmates')
    await classmates.getByRole('heading', { name: 'Votre promotion 2011' }).waitFor()
    await classmates.getByRole('link', { name: `${classmate.firstName} ${classmate.lastName}` }).waitFor()
    // Their face: initials on their colour (no photo uploaded).
    expect(await classmates.locator('.home-person').first().getByTestId('avatar-initials').count()).toBe(1)
    for (const absent of [hidden, other, member]) expect(await classmates.getByText(`${absent.firstName} ${absent.lastName}`).count()).toBe(0)
    // Designed empty states where there is nothing yet: no alert saved, nothing unread.
    await page.getByTestId('dash-offers').getByRole('link', { name: 'Créer une alerte' }).waitFor()
    await page.getByTestId('dash-groups').getByText('Vous avez tout lu.', { exact: false }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('invites a registered account without dues to pay them, and shows what it can do', { timeout: 30_000 }, async () => {
    const account = await createAccount(suite.app.ctx)
    const { page, errors } = await openPage(suite.browser, desktop)
    await logIn(page, suite.app.url, account.email)
    await page.getByTestId('dash-join').getByRole('link', { name: 'Cotiser — une fois, pour la vie' }).waitFor()
    await page.getByTestId('dash-events').getByRole('link', { name: 'Voir l’agenda' }).waitFor()
    expect(await page.getByTestId('dash-classmates').count()).toBe(0)
    expect(await page.getByTestId('dash-offers').count()).toBe(0)
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })
})

describe('event pages on a phone', () => {
  it('puts the register button above the description', { timeout: 30_000 }, async () => {
    const { createTestEvent } = await eventFactories()
    const organizer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const eventId = createTestEvent(suite.app.ctx, organizer.id, {
      title: 'Soirée des entrepreneurs',
      description: 'Trois anciens racontent la création de leur entreprise.\n\n'.repeat(8),
    })
    const { page, errors } = await openPage(suite.browser, phone)
    await logIn(page, suite.app.url, member.email, { redirectTo: `/evenements/${eventId}` })
    await hydrated(page)
    const button = await page.getByRole('button', { name: 'Participer' }).boundingBox()
    const about = await page.getByRole('heading', { name: 'À propos' }).boundingBox()
    expect(button && about).toBeTruthy()
    expect(button!.y + button!.height).toBeLessThan(about!.y)
    // No cover: the generated one, with the date on it.
    await page.getByTestId('cover-fallback').waitFor()
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })
})

describe('the check-in desk', () => {
  it('shows its verdict at the top of the screen, in words, after each code', { timeout: 45_000 }, async () => {
    const { createTestEvent, registerForEvent } = await eventFactories()
    const { formatTicketCode } = await import('../../app/features/events/event-registrations.server')
    const organizer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const guest = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const eventId = createTestEvent(suite.app.ctx, organizer.id)
    const registered = registerForEvent(suite.app.ctx, { eventId, userId: guest.id, guests: 0 })
    if (!registered.ok) throw new Error('registration failed')
    const code = formatTicketCode(registered.registration.ticketCode)

    const { page, errors } = await openPage(suite.browser, phone)
    await logIn(page, suite.app.url, organizer.email, { redirectTo: `/evenements/${eventId}/accueil` })
    await hydrated(page)
    const verdict = page.getByTestId('desk-verdict')
    expect(await verdict.getAttribute('data-verdict')).toBe('idle')
    const check = async (typed: string, expected: string, title: string) => {
      // The desk scrolled down (to the arrivals, say): the answer must still be seen.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
      await page.getByLabel('Code du billet').fill(typed)
      await page.getByRole('button', { name: 'Valider l’entrée' }).click()
      await expect.poll(() => verdict.getAttribute('data-verdict')).toBe(expected)
      await verdict.getByText(title, { exact: true }).waitFor()
      // Scrolled back into view at the top (as far as the page can scroll), large, whole.
      const box = (await verdict.boundingBox())!
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.y).toBeLessThan(160)
      expect(box.height).toBeGreaterThan(80)
      expect(box.y + box.height).toBeLessThan(740)
    }
    await check(code, 'valid', 'Entrée validée')
    await page.getByTestId('desk-answer').getByText(`Bienvenue, ${guest.firstName} ${guest.lastName} !`).waitFor()
    await check(code, 'already', 'Déjà entré')
    await check('ZZZZZ-ZZZZZ', 'unknown', 'Code inconnu')
    // The sound switch says its state and is kept on this device.
    const sound = page.getByRole('button', { name: 'Son et vibration' })
    expect(await sound.getAttribute('aria-pressed')).toBe('true')
    await sound.click()
    expect(await sound.getAttribute('aria-pressed')).toBe('false')
    await page.reload()
    await hydrated(page)
    expect(await page.getByRole('button', { name: 'Son et vibration' }).getAttribute('aria-pressed')).toBe('false')
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })
})

describe('event covers', () => {
  it('an uploaded cover shows on the event page and its card; a text file named .jpg is refused next to the field', { timeout: 60_000 }, async () => {
    const { createTestEvent } = await eventFactories()
    const organizer = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const eventId = createTestEvent(suite.app.ctx, organizer.id, { title: 'Gala des 50 ans', audience: 'everyone' })
    const { page, errors } = await openPage(suite.browser, desktop)
    await logIn(page, suite.app.url, organizer.email, { redirectTo: `/evenements/${eventId}/modifier` })
    await hydrated(page)

    // A text file named like a photo: refused, in French, next to the field.
    const field = page.getByLabel('Image de couverture')
    await field.setInputFiles({ name: 'affiche.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(files.text()) })
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await page.getByText('Ce fichier n’est pas une image JPEG, PNG ou WebP lisible', { exact: false }).first().waitFor()
    const described = (await page.getByLabel('Image de couverture').getAttribute('aria-describedby')) ?? ''
    const messages = await Promise.all(described.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()))
    expect(messages.join(' ')).toContain('Ce fichier n’est pas une image JPEG, PNG ou WebP lisible')

    // A real picture: saved, then shown on the page and on its card.
    const picture = await sharp({ create: { width: 1000, height: 800, channels: 3, background: '#2e86de' } })
      .jpeg()
      .toBuffer()
    await page.getByLabel('Image de couverture').setInputFiles({ name: 'gala.jpg', mimeType: 'image/jpeg', buffer: picture })
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await page.getByRole('heading', { name: 'Tableau de bord de l’événement' }).waitFor()

    await page.goto(`${suite.app.url}/evenements/${eventId}`)
    const cover = page.getByTestId('cover-image')
    await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)
    expect(await cover.getAttribute('width')).toBe('1200')
    expect(await page.getByTestId('cover-fallback').count()).toBe(0)

    await page.goto(`${suite.app.url}/evenements`)
    const card = page.locator('.event-card', { has: page.getByRole('link', { name: 'Gala des 50 ans' }) })
    const thumb = card.getByTestId('cover-image')
    await thumb.scrollIntoViewIfNeeded()
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)
    expect(await thumb.getAttribute('src')).toContain('taille=petite')
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })
})
