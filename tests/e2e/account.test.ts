import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { profiles } from '../../db/schema'
import { syncMember } from '../../app/features/directory/directory.server'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'

// « Mon compte » and its left-column menu (the FAQ's « menu utilisateur de la colonne de gauche »),
// then the profile and directory details of issue #14.
const suite = browserSuite({ MAP_TILE_URL: '' })

const WIDE = { width: 1280, height: 800 }
const PHONE = { width: 360, height: 740 }

const MENU = [
  { name: 'Détail du compte', path: '/mon-compte', heading: 'Mon compte' },
  { name: 'Profil', path: '/mon-compte/profil', heading: 'Mon profil' },
  { name: 'Coordonnées et mot de passe', path: '/mon-compte/coordonnees', heading: 'Coordonnées et mot de passe' },
  { name: 'Ma cotisation et mes reçus', path: '/mon-compte/cotisation', heading: 'Ma cotisation et mes reçus' },
  { name: 'Mes billets', path: '/mon-compte/billets', heading: 'Mes billets' },
  { name: 'Mes offres d’emploi', path: '/carriere/mes-offres', heading: 'Mes offres d’emploi' },
  { name: 'Mes candidatures', path: '/carriere/mes-candidatures', heading: 'Mes candidatures' },
  { name: 'Mes alertes', path: '/carriere/alertes', heading: 'Mes alertes' },
  { name: 'Notifications', path: '/notifications', heading: 'Mentions' },
  { name: 'Recommander ma promotion', path: '/recommander', heading: 'Recommander ma promotion' },
  { name: 'Élections du bureau', path: '/elections', heading: 'Élections' },
  { name: 'Mes données', path: '/mon-compte/donnees', heading: 'Mes données' },
]

async function signedIn(kind: 'member' | 'registered', viewport: { width: number; height: number }, redirectTo = '/mon-compte') {
  const account = await createAccount(suite.app.ctx, { membership: kind === 'member' ? 'alumni' : null })
  const { page, errors } = await openPage(suite.browser, { viewport })
  await logIn(page, suite.app.url, account.email, { redirectTo })
  return { page, errors, account }
}

const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu de mon compte' })
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!

describe('« Mon compte »: the menu', () => {
  it('is a column left of the page at 1280 px, and a list of links above it at 360 px', async () => {
    const { page, errors } = await signedIn('member', WIDE)
    let nav = await box(page, '[data-testid=account-menu]')
    let content = await box(page, '.account-layout__content')
    expect(nav.x + nav.width).toBeLessThanOrEqual(content.x)
    // Side by side: the menu starts at the content's height, not above it.
    expect(Math.abs(nav.y - content.y)).toBeLessThan(40)
    expect(nav.width).toBeLessThan(320)

    await page.setViewportSize(PHONE)
    nav = await box(page, '[data-testid=account-menu]')
    content = await box(page, '.account-layout__content')
    expect(nav.y + nav.height).toBeLessThanOrEqual(content.y)
    expect(nav.width).toBeGreaterThan(300)
    // Every entry is on the screen at once: a list, nothing to unfold.
    for (const entry of MENU) {
      const link = menu(page).getByRole('link', { name: entry.name, exact: true })
      expect(await link.isVisible(), entry.name).toBe(true)
      expect((await link.boundingBox())!.height, entry.name).toBeGreaterThanOrEqual(44)
    }
    expect(errors).toEqual([])
  })

  it('leads from each entry to its page, where that entry is the current one', async () => {
    const { page, errors } = await signedIn('member', WIDE)
    await hydrated(page)
    expect(await menu(page).getByRole('link').allTextContents()).toEqual(MENU.map((e) => e.name))
    for (const entry of MENU) {
      await menu(page).getByRole('link', { name: entry.name, exact: true }).click()
      await page.waitForURL(`${suite.app.url}${entry.path}`)
      await page.getByRole('heading', { level: 1, name: entry.heading }).waitFor()
      const current = menu(page).locator('[aria-current="page"]')
      expect(await current.count(), entry.path).toBe(1)
      expect(await current.textContent(), entry.path).toBe(entry.name)
    }
    // A page below an entry (the student's proof upload) marks its entry without claiming to be it.
    await page.goto(`${suite.app.url}/mon-compte/justificatif`)
    expect(await menu(page).locator('[aria-current="page"]').count()).toBe(0)
    expect(await menu(page).locator('[aria-current="true"]').textContent()).toBe('Ma cotisation et mes reçus')
    expect(errors).toEqual([])
  })

  it('offers a registered account (no dues) only what it can use, and says why the rest is missing', async () => {
    const { page, errors } = await signedIn('registered', PHONE)
    const open = [...MENU.slice(0, 6), ...MENU.slice(-2)]
    // allTextContents does not wait: the menu is read once it is on the page.
    await menu(page).getByText('réservées aux membres cotisants').waitFor()
    expect(await menu(page).getByRole('link').allTextContents()).toEqual([...open.map((e) => e.name), 'Cotiser'])
    await menu(page).getByText('réservées aux membres cotisants').waitFor()
    for (const entry of open) {
      const response = await page.goto(`${suite.app.url}${entry.path}`)
      expect(response?.status(), entry.path).toBe(200)
    }
    expect(errors).toEqual([])
  })

  it('keeps the old anchors of the e-mail and password forms working', async () => {
    const { page } = await signedIn('member', WIDE)
    await hydrated(page)
    await page.goto(`${suite.app.url}/mon-compte#changer-mot-de-passe`)
    await page.waitForURL(`${suite.app.url}/mon-compte/coordonnees#changer-mot-de-passe`)
    await page.getByRole('heading', { name: 'Changer de mot de passe' }).waitFor()
  })

  for (const viewport of [WIDE, PHONE]) {
    it(`has no serious axe violation on /mon-compte and its sub-pages at ${viewport.width} px`, { timeout: 60_000 }, async () => {
      for (const kind of ['member', 'registered'] as const) {
        const { page } = await signedIn(kind, viewport)
        for (const path of ['/mon-compte', '/mon-compte/coordonnees', '/mon-compte/cotisation']) {
          await page.goto(`${suite.app.url}${path}`)
          expect(await seriousViolations(page), `${kind} ${path}`).toEqual([])
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
          expect(overflow, `${kind} ${path}`).toBeLessThanOrEqual(0)
        }
      }
    })
  }
})

describe('a profile and the directory', () => {
  async function listedMember(lastName: string) {
    const account = await createAccount(suite.app.ctx, { membership: 'alumni', promotion: 2008 })
    suite.app.ctx.db
      .update(profiles)
      .set({
        city: 'Lyon',
        country: 'FR',
        latitude: 45.76,
        longitude: 4.84,
        contacts: {
          proEmail: { value: 'marie-christine.delacroix-villeneuve@direction-regionale-entreprises.example.fr', visibility: 'members' },
          personalPhone: { value: '+33 6 12 34 56 78', visibility: 'members' },
          linkedin: { value: 'https://www.linkedin.com/in/marie-christine-delacroix-villeneuve-0123456789', visibility: 'members' },
        },
      })
      .where(eq(profiles.userId, account.id))
      .run()
    suite.app.ctx.database.sqlite.prepare('update users set last_name = ? where id = ?').run(lastName, account.id)
    await syncMember(suite.app.ctx, account.id)
    return account
  }

  it('shows the contact details label above value on a phone, side by side on a wide screen, never wider than the screen', async () => {
    const target = await listedMember('Delacroix-Villeneuve')
    const { page, errors } = await signedIn('member', PHONE, '/')
    await page.goto(`${suite.app.url}/membres/${target.id}`)
    const rows = page.locator('[data-testid=profile-contacts] > div')
    expect(await rows.count()).toBe(3)
    for (let i = 0; i < 3; i++) {
      const label = (await rows.nth(i).locator('dt').boundingBox())!
      const value = (await rows.nth(i).locator('dd').boundingBox())!
      expect(label.y + label.height, `row ${i}`).toBeLessThanOrEqual(value.y + 1)
      expect(value.x + value.width, `row ${i}`).toBeLessThanOrEqual(PHONE.width)
      // The value has the card's width, not a sliver beside its label.
      expect(value.width, `row ${i}`).toBeGreaterThan(240)
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
    // The photo-less header shows the shared initials avatar at its profile size.
    const avatar = (await page.locator('.profile__header').getByTestId('avatar-initials').boundingBox())!
    expect(Math.round(avatar.width)).toBe(120)

    await page.setViewportSize(WIDE)
    const label = (await rows.first().locator('dt').boundingBox())!
    const value = (await rows.first().locator('dd').boundingBox())!
    expect(label.x + label.width).toBeLessThanOrEqual(value.x)
    expect(Math.abs(label.y - value.y)).toBeLessThan(8)
    expect(errors).toEqual([])
  })

  it('« Retour à l’annuaire » brings back the search the profile was opened from', async () => {
    const target = await listedMember('Quatremare')
    const { page, errors } = await signedIn('member', WIDE, '/')
    await page.goto(`${suite.app.url}/annuaire?q=Quatremare&promo=2008`)
    await hydrated(page)
    await page.locator('.member-card', { hasText: 'Quatremare' }).getByRole('link').click()
    await page.waitForURL((url) => url.pathname === `/membres/${target.id}`)
    await page.getByRole('link', { name: /Retour à l’annuaire/ }).click()
    await page.waitForURL((url) => url.pathname === '/annuaire')
    const url = new URL(page.url())
    expect(url.searchParams.get('q')).toBe('Quatremare')
    expect(url.searchParams.get('promo')).toBe('2008')
    expect(await page.getByRole('searchbox').inputValue()).toBe('Quatremare')

    // A member card shows the shared avatar at its card size.
    const avatar = (await page.locator('.member-card').first().getByTestId('avatar-initials').boundingBox())!
    expect(Math.round(avatar.width)).toBe(56)
    expect(errors).toEqual([])
  })

  it('says next to the promotion field that « abc » is no promotion', async () => {
    const { page } = await signedIn('member', PHONE, '/')
    await page.goto(`${suite.app.url}/annuaire?promo=abc`)
    const field = page.getByLabel('Promotion', { exact: true })
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    // Tied to the field, so a screen reader reads it with it (the filters fold on phones).
    const described = (await field.getAttribute('aria-describedby'))!.split(' ')
    const error = page.getByTestId('promotion-error')
    expect(described).toContain(await error.getAttribute('id'))
    expect(await error.textContent()).toContain('n’est pas une promotion')
  })
})
