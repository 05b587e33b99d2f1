import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createGroup, joinGroup } from '../../app/features/groups/groups.server'
import { postMessage } from '../../app/features/groups/discussions.server'
import { createAccount } from '../factories'
import { hydrated, launchBrowser, logIn, openPage, seriousViolations } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

let app: TestServer
let browser: Browser
beforeAll(async () => {
  app = await startTestServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const phone = { width: 360, height: 740 }
const desktop = { width: 1280, height: 800 }

async function member(kind: 'member' | 'webmaster' = 'member') {
  return createAccount(app.ctx, { membership: 'alumni', role: kind === 'webmaster' ? 'webmaster' : 'user' })
}

const drawer = (page: Page) => page.locator('details.drawer')
const toggle = (page: Page) => page.locator('.drawer__toggle')
const panel = (page: Page) => page.locator('.drawer__panel')

describe('the header on a phone', () => {
  it('is one bar of at most 64 px, with the brand whole, the bell and the menu button', async () => {
    const { page, errors } = await openPage(browser, { viewport: phone })
    await logIn(page, app.url, (await member()).email)
    await page.goto(`${app.url}/evenements`)
    const header = await page.locator('.site-header').boundingBox()
    expect(header?.height).toBeLessThanOrEqual(64)
    const brand = page.locator('.brand')
    expect(await brand.locator('.brand__name:visible').innerText()).toBe('Amicale')
    const fits = await brand.evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('.brand__name')].every((n) => n.offsetParent === null || n.scrollWidth <= n.clientWidth),
    )
    expect(fits).toBe(true)
    // The three pieces sit side by side in that bar, each a 44 px target.
    for (const target of [brand, page.locator('.bell'), toggle(page)]) {
      const box = await target.boundingBox()
      expect(box!.y + box!.height).toBeLessThanOrEqual(header!.height)
      expect(box!.height).toBeGreaterThanOrEqual(44)
    }
    // Nothing of the old « @ » link: the bell is named by its count.
    expect(await page.getByRole('link', { name: 'Mentions non lues : 0' }).count()).toBe(1)
    expect(errors).toEqual([])
  })

  it('opens the drawer as a dialog: focus moves in, the page behind is held, Escape closes and gives focus back', async () => {
    const { page } = await openPage(browser, { viewport: phone })
    await logIn(page, app.url, (await member('webmaster')).email)
    await hydrated(page)
    await expect.poll(() => panel(page).isVisible()).toBe(false)
    await toggle(page).focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Menu' })
    await dialog.waitFor()
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true)
    // Sections, then the account: Mon compte, Admin for a webmaster, Déconnexion.
    for (const name of ['Accueil', 'Annuaire', 'Événements', 'Groupes', 'Mon compte', 'Admin']) await dialog.getByRole('link', { name, exact: true }).waitFor()
    await dialog.getByRole('button', { name: 'Déconnexion' }).waitFor()
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe('hidden')
    expect(await page.locator('#contenu').getAttribute('inert')).toBe('')
    // Tab goes round the drawer, never out to the page.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true)
    }
    expect(await seriousViolations(page)).toEqual([])

    await page.keyboard.press('Escape')
    await expect.poll(() => panel(page).isVisible()).toBe(false)
    expect(await toggle(page).evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe('hidden')
    expect(await page.locator('#contenu').getAttribute('inert')).toBeNull()

    // The close button does the same.
    await toggle(page).click()
    await dialog.getByRole('button', { name: 'Fermer le menu' }).click()
    await expect.poll(() => panel(page).isVisible()).toBe(false)
    expect(await toggle(page).evaluate((el) => el === document.activeElement)).toBe(true)
  })

  it('stays open when the menu button is pressed at any moment while the page loads, on a slow phone', async () => {
    const { page } = await openPage(browser, { viewport: phone })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 })
    // Before the script, during hydration, and after it: the press opens the drawer and it stays open.
    for (const delay of [0, 20, 50, 100, 150, 250, 400, 700]) {
      await page.goto(`${app.url}/`, { waitUntil: 'commit' })
      await toggle(page).waitFor()
      await page.waitForTimeout(delay)
      await toggle(page).focus()
      await page.keyboard.press('Enter')
      await hydrated(page)
      await page.waitForTimeout(200)
      expect({ delay, open: await panel(page).getByRole('link', { name: 'Événements' }).isVisible() }).toEqual({ delay, open: true })
    }
  })

  it('follows a link from the drawer, and the drawer is closed on the new page', async () => {
    const { page } = await openPage(browser, { viewport: phone })
    await page.goto(`${app.url}/`)
    await hydrated(page)
    await toggle(page).click()
    await page.getByRole('dialog', { name: 'Menu' }).getByRole('link', { name: 'Événements' }).click()
    await page.waitForURL(`${app.url}/evenements`)
    await page.getByRole('heading', { name: 'Événements', level: 1 }).waitFor()
    await expect.poll(() => panel(page).isVisible()).toBe(false)
    expect(await drawer(page).evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false)
    expect(await page.locator('#contenu').getAttribute('inert')).toBeNull()
    // The page scrolls again.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe('hidden')
  })

  it('opens and follows the menu without JavaScript', async () => {
    const { page } = await openPage(browser, { viewport: phone, javaScriptEnabled: false })
    await page.goto(`${app.url}/`)
    expect(await panel(page).isVisible()).toBe(false)
    await toggle(page).click()
    const link = panel(page).getByRole('link', { name: 'Annuaire' })
    await link.waitFor()
    await panel(page).getByRole('link', { name: 'Connexion' }).waitFor()
    // The same button closes it again.
    await toggle(page).click()
    await expect.poll(() => link.isVisible()).toBe(false)
    await toggle(page).click()
    await panel(page).getByRole('link', { name: 'Événements' }).click()
    await page.waitForURL(`${app.url}/evenements`)
    expect(await panel(page).isVisible()).toBe(false)
  })

  it('shows the unread mentions on the bell, and the unread group messages in the menu', async () => {
    const author = await member('webmaster')
    const reader = await member()
    const groupId = createGroup(
      app.ctx,
      { id: author.id, isWebmaster: true },
      { name: 'Randonnée', description: 'Les marcheurs de l’association', kind: 'interest', visibility: 'public' },
    )
    joinGroup(app.ctx, reader.id, groupId)
    const chat = app.ctx.database.sqlite.prepare("select id from threads where group_id = ? and kind = 'chat'").get(groupId) as { id: number }
    const sent = postMessage(
      app.ctx,
      { id: author.id, isWebmaster: true },
      {
        threadId: chat.id,
        body: `Bonjour @${reader.firstName} ${reader.lastName}, tu viens samedi ?`,
        baseUrl: app.url,
      },
    )
    expect(sent.ok).toBe(true)
    await expect
      .poll(() => (app.ctx.database.sqlite.prepare('select count(*) as n from notifications where user_id = ?').get(reader.id) as { n: number }).n)
      .toBe(1)

    const { page } = await openPage(browser, { viewport: phone })
    await logIn(page, app.url, reader.email)
    const bell = page.getByRole('link', { name: 'Mentions non lues : 1' })
    await bell.waitFor()
    expect(await page.getByTestId('notifications').innerText()).toBe('1')
    await hydrated(page)
    await toggle(page).click()
    expect(await page.getByRole('dialog').getByTestId('unread').innerText()).toMatch(/^1/)
    await page.keyboard.press('Escape')
    // The bell leads to the mentions, which are then read.
    await bell.click()
    await page.waitForURL(`${app.url}/notifications`)
    await page.getByRole('link', { name: 'Mentions non lues : 0' }).waitFor()
    expect(await page.getByTestId('notifications').count()).toBe(0)
  })
})

describe('the header on a desktop', () => {
  it('keeps one row with the sections, the bell and the account, and no menu button', async () => {
    const { page } = await openPage(browser, { viewport: desktop })
    await logIn(page, app.url, (await member('webmaster')).email)
    await page.goto(`${app.url}/annuaire`)
    const header = await page.locator('.site-header').boundingBox()
    expect(header!.height).toBeLessThanOrEqual(64)
    const bar = page.getByRole('navigation', { name: 'Navigation principale' }).first()
    for (const name of ['Annuaire', 'Carrière', 'Événements', 'Groupes', 'Discussions']) {
      const box = await bar.getByRole('link', { name, exact: true }).boundingBox()
      expect(box, name).not.toBeNull()
      expect(box!.y + box!.height).toBeLessThanOrEqual(header!.height)
    }
    expect(await bar.getByRole('link', { name: 'Annuaire' }).getAttribute('aria-current')).toBe('page')
    for (const name of ['Mon compte', 'Admin']) expect(await page.getByRole('link', { name, exact: true }).first().isVisible()).toBe(true)
    expect(await toggle(page).isVisible()).toBe(false)
    expect(await page.locator('.brand .brand__name:visible').innerText()).toBe('Amicale des diplômés')
  })
})

describe('type', () => {
  it('ships Inter from the site, cached for a year, and draws French with it', async () => {
    const { page } = await openPage(browser, { viewport: desktop })
    await page.goto(`${app.url}/`)
    const href = await page.locator('link[rel=preload][as=font]').getAttribute('href')
    expect(href).toMatch(/^\/build\/_assets\/inter-latin-wght-normal-[A-Z0-9]+\.woff2$/)
    const response = await fetch(`${app.url}${href}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toMatch(/max-age=31536000/)
    await page.evaluate(() => document.fonts.ready)
    const status = await page.evaluate(async () => {
      await document.fonts.load('16px "Inter Variable"', 'Événements « déjà » : çà et là, œuvre')
      return [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Inter Variable' && f.status === 'loaded').length
    })
    expect(status).toBeGreaterThanOrEqual(1)
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"?Inter Variable"?,/)
  })
})

describe('page loading', () => {
  it('shows a thin bar and a polite status while a slow page loads, then neither', async () => {
    const { page } = await openPage(browser, { viewport: desktop })
    await page.goto(`${app.url}/`)
    await hydrated(page)
    const bar = page.getByTestId('navigation-progress')
    expect(await bar.getAttribute('data-phase')).toBe('idle')
    expect(await bar.getAttribute('aria-hidden')).toBe('true')
    await page.route('**/evenements.data*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800))
      await route.continue()
    })
    await page.locator('.site-nav').getByRole('link', { name: 'Événements' }).click()
    await expect.poll(() => bar.getAttribute('data-phase')).toBe('loading')
    expect(await page.getByRole('status').filter({ hasText: 'Chargement de la page…' }).count()).toBe(1)
    expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(4)
    await page.waitForURL(`${app.url}/evenements`)
    await expect.poll(() => bar.getAttribute('data-phase')).toBe('idle')
    expect(await page.getByRole('status').filter({ hasText: 'Chargement de la page…' }).count()).toBe(0)
  })

  it('stays still with reduced motion', async () => {
    const { page } = await openPage(browser, { viewport: desktop, reducedMotion: 'reduce' })
    await page.goto(`${app.url}/`)
    expect(await page.getByTestId('navigation-progress').evaluate((el) => getComputedStyle(el).transitionDuration)).toBe('0s')
  })
})

describe('the success message', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`shows once, and neither the next pages nor Back bring it again (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
      const owner = await member('webmaster')
      const name = `Voile ${javaScriptEnabled ? 'JS' : 'HTML'}`
      const groupId = createGroup(
        app.ctx,
        { id: owner.id, isWebmaster: true },
        { name, description: 'Les marins de l’association', kind: 'interest', visibility: 'public' },
      )
      const { page } = await openPage(browser, { viewport: desktop, javaScriptEnabled })
      await logIn(page, app.url, (await member()).email)
      await page.goto(`${app.url}/groupes`)
      if (javaScriptEnabled) await hydrated(page)
      const toast = page.locator('.toast', { hasText: 'Vous avez rejoint le groupe.' })
      await page
        .locator('li, article', { hasText: name })
        .getByRole('button', { name: /Rejoindre/ })
        .first()
        .click()
      await page.waitForURL(`${app.url}/groupes/${groupId}`)
      await toast.waitFor()

      const bar = page.locator('.site-nav')
      await bar.getByRole('link', { name: 'Événements' }).click()
      await page.waitForURL(`${app.url}/evenements`)
      await page.getByRole('heading', { name: 'Événements', level: 1 }).waitFor()
      expect(await toast.count()).toBe(0)
      await bar.getByRole('link', { name: 'Discussions' }).click()
      await page.waitForURL(`${app.url}/discussions`)
      expect(await toast.count()).toBe(0)
      // Back to the page that showed it: the message belonged to the moment, not to the page.
      await page.goBack()
      await page.waitForURL(`${app.url}/evenements`)
      await page.goBack()
      await page.waitForURL(`${app.url}/groupes/${groupId}`)
      await page.getByRole('heading', { name, level: 1 }).waitFor()
      await page.waitForTimeout(200)
      expect(await toast.count()).toBe(0)
    })
  }
})

describe('the association’s brand from the settings', () => {
  let branded: TestServer
  const logo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shell-logo-')), 'logo.png')
  beforeAll(async () => {
    await sharp({ create: { width: 120, height: 60, channels: 4, background: '#8a1c3b' } })
      .png()
      .toFile(logo)
    branded = await startTestServer({ ASSOCIATION_COLOR: '#8A1C3B', ASSOCIATION_LOGO: logo, ASSOCIATION_SHORT_NAME: 'Les Anciens' })
  })
  afterAll(async () => {
    await branded?.close()
  })

  it('paints the primary colour, shows the logo and the short name, and draws the icons from the logo', async () => {
    const { page, errors } = await openPage(browser, { viewport: phone })
    await page.goto(`${branded.url}/connexion`)
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--primary').trim())).toBe('#8a1c3b')
    // The primary button is painted with it (rgb(138, 28, 59)).
    const button = page.getByRole('button', { name: 'Se connecter' })
    expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(138, 28, 59)')
    expect(await page.locator('.brand .brand__name:visible').innerText()).toBe('Les Anciens')
    const image = page.locator('.brand img')
    await expect.poll(() => image.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(120)
    expect(await page.locator('link[rel=icon][type="image/svg+xml"]').count()).toBe(0)
    const touch = await fetch(`${branded.url}/apple-touch-icon.png`)
    expect(touch.headers.get('content-type')).toBe('image/png')
    const meta = await sharp(Buffer.from(await touch.arrayBuffer())).metadata()
    expect([meta.width, meta.height]).toEqual([180, 180])
    expect(errors).toEqual([])
  })

  it('keeps the default site on its SVG icon and its PNG fallbacks', async () => {
    const { page } = await openPage(browser, { viewport: desktop })
    await page.goto(`${app.url}/`)
    expect(await page.locator('link[rel=icon][type="image/svg+xml"]').getAttribute('href')).toBe('/favicon.svg')
    const icon = await fetch(`${app.url}${await page.locator('link[rel=icon][sizes="32x32"]').getAttribute('href')}`)
    const meta = await sharp(Buffer.from(await icon.arrayBuffer())).metadata()
    expect([meta.format, meta.width]).toEqual(['png', 32])
    expect((await fetch(`${app.url}/marque/logo`)).status).toBe(404)
  })
})
