import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { profiles } from '../../db/schema'
import { syncMember } from '../../app/features/directory/directory.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { fillLogin, hydrated, launchBrowser, logIn, openPage } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpServer } from '../support/smtp'

// The demo association (2,450 people) so that the map has real clusters; no tiles (no network here).
let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let browser: Browser

beforeAll(async () => {
  smtp = await startSmtpServer()
  app = await startTestServer({ SMTP_URL: smtp.url, SEED_DEMO: 'true', MAP_TILE_URL: '' })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
  await smtp?.close()
})

async function listedMember(profile: { firstName?: string; lastName: string; promotion: number; city: string; lat: number; lng: number; consent: boolean }) {
  const account = await createAccount(app.ctx, { membership: 'alumni', promotion: profile.promotion })
  app.ctx.db
    .update(profiles)
    .set({
      city: profile.city,
      country: 'FR',
      latitude: profile.lat,
      longitude: profile.lng,
      company: 'Michelin',
      jobTitle: 'Ingénieure R&D',
      contactConsent: profile.consent,
    })
    .where(eq(profiles.userId, account.id))
    .run()
  app.ctx.database.sqlite
    .prepare('update users set last_name = ?, first_name = coalesce(?, first_name) where id = ?')
    .run(profile.lastName, profile.firstName ?? null, account.id)
  await syncMember(app.ctx, account.id)
  return account
}

async function openDirectory(page: Page, email: string) {
  await logIn(page, app.url, email, { redirectTo: '/annuaire' })
  await hydrated(page)
}

describe('the directory in the browser', () => {
  it('finds a person from a name with a typo within a second, filters, zooms the map, opens the profile and sends a contact request', async () => {
    const target = await listedMember({
      firstName: 'Hélène',
      lastName: 'Vandenbroucke',
      promotion: 2009,
      city: 'Clermont-Ferrand',
      lat: 45.78,
      lng: 3.08,
      consent: true,
    })
    const alumnus = await createAccount(app.ctx, { membership: 'alumni', promotion: 2001 })
    const { page, errors } = await openPage(browser, { viewport: { width: 1000, height: 900 } })
    await openDirectory(page, alumnus.email)

    // Part of the name, one typo (« vandenbrouk »), typed like a person would. The page itself
    // measures from the last keystroke to the moment the person's card is in the list.
    // On a busy machine keystrokes can be slower than the typing delay, so shorter queries (« v »,
    // « vand ») may show the card first: only the full query's card, highlighted, counts.
    await page.evaluate((id) => {
      const w = window as unknown as { lastInput: number; shownAt: number }
      document.addEventListener('input', () => ((w.lastInput = performance.now()), (w.shownAt = 0)), true)
      new MutationObserver(() => {
        const shown = document.querySelector(`.member-list [data-member-id="${id}"] mark`)
        if (!w.shownAt && /^vandenbrou/i.test(shown?.textContent ?? '')) w.shownAt = performance.now()
      }).observe(document.body, { childList: true, subtree: true, characterData: true })
    }, target.id)
    await page.getByRole('searchbox', { name: 'Rechercher un membre' }).pressSequentially('vandenbrouk', { delay: 40 })
    const card = page.locator(`.member-list [data-member-id="${target.id}"]`)
    await card
      .locator('mark', { hasText: /^vandenbrou/i })
      .first()
      .waitFor({ timeout: 10_000 })
    const elapsed = await page.evaluate(() => {
      const w = window as unknown as { lastInput: number; shownAt: number }
      return w.shownAt ? w.shownAt - w.lastInput : null
    })
    expect(elapsed).not.toBeNull()
    expect(elapsed).toBeLessThan(1000)
    expect(await card.locator('mark').first().textContent()).toMatch(/^Vandenbrou/i)
    expect(new URL(page.url()).searchParams.get('q')).toBe('vandenbrouk')

    // Filter by promotion: the state is in the URL.
    await page.getByRole('searchbox', { name: 'Rechercher un membre' }).fill('')
    await page.getByLabel('Promotion', { exact: true }).fill('2009')
    await page.waitForURL((url) => url.searchParams.get('promo') === '2009' && !url.searchParams.get('q'))
    await expect.poll(() => page.locator('.member-list [data-member-id]').count()).toBeGreaterThan(5)
    expect(await page.locator('.member-card__promo').allTextContents()).toEqual(expect.arrayContaining(['Promotion 2009']))

    // Switch to the map and zoom into a cluster.
    await page.getByRole('link', { name: 'Carte' }).click()
    const map = page.getByTestId('member-map')
    await map.and(page.locator('[data-ready="true"]')).waitFor()
    const zoomBefore = Number(await map.getAttribute('data-zoom'))
    await page.locator('.map-cluster').first().click()
    await expect.poll(async () => Number(await map.getAttribute('data-zoom'))).toBeGreaterThan(zoomBefore)
    // « Rechercher dans cette zone » narrows the results to the visible box, in the URL too.
    await page.getByRole('button', { name: 'Rechercher dans cette zone' }).click()
    await page.waitForURL((url) => url.searchParams.has('zone') && url.searchParams.get('promo') === '2009')
    await page.getByText('Résultats limités à la zone de la carte.').waitFor()

    // Back to the person: her pin opens her card, then her profile.
    await page.goto(`${app.url}/annuaire?vue=carte&q=vandenbroucke`)
    await map.and(page.locator('[data-ready="true"]')).waitFor()
    await page.locator(`.map-pin[data-member-id="${target.id}"]`).click()
    await page
      .locator('.directory__selected')
      .getByRole('link', { name: /Hélène Vandenbroucke/ })
      .click()
    await page.getByRole('heading', { name: 'Hélène Vandenbroucke' }).waitFor()

    await page.getByLabel('Votre message').fill('Bonjour Hélène, je cherche des conseils pour rejoindre la R&D de Michelin.')
    await page.getByRole('button', { name: 'Envoyer le message' }).click()
    await page.getByText('Votre message a été envoyé à Hélène Vandenbroucke').waitFor()
    const mail = await smtp.waitForMail((m) => m.to.includes(target.email))
    expect(mail.text).toContain(`${alumnus.firstName} ${alumnus.lastName} (promotion 2001)`)
    expect(mail.text).toContain('rejoindre la R&D de Michelin')
    expect(errors).toEqual([])
  })

  it('shows no contact button on the profile of a member who did not consent', async () => {
    const shy = await listedMember({ lastName: 'Discrète', promotion: 2015, city: 'Nantes', lat: 47.22, lng: -1.55, consent: false })
    const alumnus = await createAccount(app.ctx, { membership: 'alumni' })
    const { page } = await openPage(browser)
    await openDirectory(page, alumnus.email)
    await page.goto(`${app.url}/membres/${shy.id}`)
    await page.getByRole('heading', { name: new RegExp('Discrète') }).waitFor()
    expect(await page.getByRole('button', { name: 'Envoyer le message' }).count()).toBe(0)
    expect(await page.getByText('Entrer en relation').count()).toBe(0)
  })

  it('gives the same results without JavaScript, through the GET form', async () => {
    const alumnus = await createAccount(app.ctx, { membership: 'alumni' })
    const { page } = await openPage(browser, { javaScriptEnabled: false })
    await page.goto(`${app.url}/connexion?redirectTo=/annuaire`)
    await fillLogin(page, alumnus.email, TEST_PASSWORD)
    await page.getByRole('searchbox', { name: 'Rechercher un membre' }).fill('lefevre')
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click()
    await page.waitForURL((url) => url.searchParams.get('q') === 'lefevre')
    await page.getByRole('link', { name: /Camille Lefèvre/ }).waitFor()
  })

  it('still shows the members on a plain background when the map tiles cannot load', async () => {
    // Tiles from a closed local port: every tile fails, as without network.
    const offline = await startTestServer({ MAP_TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png' })
    try {
      const someone = await createAccount(offline.ctx, { membership: 'alumni' })
      offline.ctx.db.update(profiles).set({ city: 'Lyon', latitude: 45.76, longitude: 4.83 }).where(eq(profiles.userId, someone.id)).run()
      await syncMember(offline.ctx, someone.id)
      const { page } = await openPage(browser, { viewport: { width: 1280, height: 800 } })
      await logIn(page, offline.url, someone.email, { redirectTo: '/annuaire' })
      const map = page.getByTestId('member-map')
      await map.and(page.locator('.member-map--no-tiles')).waitFor()
      await page.locator(`.map-pin[data-member-id="${someone.id}"]`).waitFor()
      await page.getByText('Fond de carte hors ligne').waitFor()
    } finally {
      await offline.close()
    }
  })
})
