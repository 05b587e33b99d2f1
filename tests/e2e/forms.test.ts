import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'

// Issue #14: after a failed submit on a phone, the errors must be where the eye is.
const suite = browserSuite()
const PHONE = { width: 360, height: 740 }

const summary = (page: Page) => page.locator('[data-testid=error-summary]')

/** The ids the summary's links go to, in its order. */
const linkTargets = (page: Page) =>
  summary(page)
    .locator('a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')?.slice(1) ?? ''))

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '')
const summaryHasFocus = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'error-summary')

/** Whether the element is inside the window (below the sticky header), as the reader sees it. */
const onScreen = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect()
    return r.top >= 0 && r.bottom <= window.innerHeight
  })

/** The offer form with what a hurried poster sends: a title, an unknown city, a passed deadline, salaries the wrong way round. */
async function sendBadOffer(page: Page) {
  await page.getByLabel('Intitulé du poste').fill('Stage logistique')
  await page.getByLabel('Ville').fill('Nullepartville-sur-Mer')
  await page.getByLabel('Date limite de candidature').fill('2020-01-01')
  await page.getByLabel('Rémunération minimale, en euros bruts').fill('40000')
  await page.getByLabel('Rémunération maximale, en euros bruts').fill('30000')
  await page.getByRole('button', { name: 'Envoyer pour validation' }).click()
}

// Every field the bad offer leaves wrong, in the form's order: the rules across fields (salary,
// period) and those needing the app (deadline passed, unknown city) used to come in later batches.
const OFFER_ERRORS = [
  'field-company',
  'field-contractType',
  'field-sector',
  'field-experience',
  'field-city',
  'field-remote',
  'field-description',
  'field-profileSought',
  'field-startDate',
  'field-deadline',
  'field-salaryMax',
  'field-salaryPeriod',
]

describe('the error summary', () => {
  it('on a phone, the offer form sends back every error at once in a focused summary whose links lead to the fields', { timeout: 60_000 }, async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { page, errors } = await openPage(suite.browser, { viewport: PHONE })
    await logIn(page, suite.app.url, member.email, { redirectTo: '/carriere/deposer' })
    await hydrated(page)
    await sendBadOffer(page)

    await summary(page).waitFor()
    await expect.poll(() => summaryHasFocus(page)).toBe(true)
    // Seen from its heading, wherever the submit button was.
    expect(await onScreen(page, '[data-testid=error-summary] h2')).toBe(true)
    await summary(page).getByRole('heading', { name: 'Il y a un problème' }).waitFor()
    expect(await linkTargets(page)).toEqual(OFFER_ERRORS)
    // Each line names its field (read from the page once it runs), then says what is wrong.
    for (const message of [
      'Ville — Ville inconnue',
      'Date limite de candidature — La date limite est déjà passée',
      'Le maximum doit être supérieur ou égal au minimum',
      'Précisez si la rémunération est annuelle ou mensuelle',
    ])
      await expect.poll(() => summary(page).innerText()).toContain(message)
    // Each line is also next to its field.
    expect(await page.locator('#field-deadline-error').innerText()).toContain('La date limite est déjà passée')

    // A link focuses its field and shows the field's label, not just the box.
    await summary(page)
      .getByRole('link', { name: /^Date limite de candidature/ })
      .click()
    await expect.poll(() => activeId(page)).toBe('field-deadline')
    expect(await onScreen(page, 'label[for=field-deadline]')).toBe(true)
    // A select, and the last line (the summary's order is the form's).
    await page.evaluate(() => window.scrollTo(0, 0))
    await summary(page)
      .getByRole('link', { name: /^Période de la rémunération/ })
      .click()
    await expect.poll(() => activeId(page)).toBe('field-salaryPeriod')

    // Sent again unchanged, the summary takes the focus again.
    await page.getByLabel('Intitulé du poste').focus()
    await page.getByRole('button', { name: 'Envoyer pour validation' }).click()
    await expect.poll(() => summaryHasFocus(page)).toBe(true)
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
  })

  it('the sign-up form lists every wrong field at once, and a link focuses the field', async () => {
    const { page, errors } = await openPage(suite.browser, { viewport: PHONE })
    await page.goto(`${suite.app.url}/inscription`)
    await hydrated(page)
    await page.getByLabel('Adresse e-mail').fill('pas-une-adresse')
    await page.getByLabel('Mot de passe').fill('court')
    await page.getByRole('button', { name: 'Créer mon compte' }).click()
    await summary(page).waitFor()
    await expect.poll(() => summaryHasFocus(page)).toBe(true)
    expect(await linkTargets(page)).toEqual(['field-lastName', 'field-firstName', 'field-email', 'field-password'])
    await expect.poll(() => summary(page).innerText()).toContain('Mot de passe — Le mot de passe doit contenir au moins 10 caractères.')
    await summary(page)
      .getByRole('link', { name: /^Adresse e-mail/ })
      .click()
    await expect.poll(() => activeId(page)).toBe('field-email')
    expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe('pas-une-adresse')
    expect(errors).toEqual([])
  })

  it('without JavaScript the page opens on the summary (autofocus) and its links still reach the fields', { timeout: 60_000 }, async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { page } = await openPage(suite.browser, { viewport: PHONE, javaScriptEnabled: false })
    await logIn(page, suite.app.url, member.email, { redirectTo: '/carriere/deposer' })
    await sendBadOffer(page)
    await summary(page).waitFor()
    expect(await summary(page).getAttribute('autofocus')).not.toBeNull()
    await expect.poll(() => summaryHasFocus(page)).toBe(true)
    expect(await linkTargets(page)).toEqual(OFFER_ERRORS)
    await summary(page).locator('a[href="#field-city"]').click()
    await expect.poll(() => activeId(page)).toBe('field-city')
    // The link has somewhere to land on every form: the ids exist.
    for (const id of OFFER_ERRORS) expect(await page.locator(`#${id}`).count(), id).toBe(1)

    const signup = await openPage(suite.browser, { viewport: PHONE, javaScriptEnabled: false })
    await signup.page.goto(`${suite.app.url}/inscription`)
    await signup.page.getByRole('button', { name: 'Créer mon compte' }).click()
    await summary(signup.page).waitFor()
    await expect.poll(() => summaryHasFocus(signup.page)).toBe(true)
    expect(await linkTargets(signup.page)).toEqual(['field-lastName', 'field-firstName', 'field-email', 'field-password'])
  })

  it('a radio group links to its first choice; the form’s own errors have no link', async () => {
    const { page } = await openPage(suite.browser, { viewport: PHONE, javaScriptEnabled: false })
    await page.goto(`${suite.app.url}/cotiser`)
    await page.getByRole('button', { name: 'Continuer vers le paiement' }).click()
    await summary(page).waitFor()
    const targets = await linkTargets(page)
    expect(targets).toContain('field-category')
    expect(await page.locator('#field-category').getAttribute('type')).toBe('radio')
    expect(await page.locator('#field-category').getAttribute('value')).toBe('alumni')

    const login = await openPage(suite.browser, { viewport: PHONE })
    await login.page.goto(`${suite.app.url}/connexion`)
    await hydrated(login.page)
    await login.page.getByLabel('Adresse e-mail').fill('personne@exemple.fr')
    await login.page.getByLabel('Mot de passe', { exact: true }).fill('un mauvais mot de passe')
    await login.page.getByRole('button', { name: 'Se connecter' }).click()
    await summary(login.page).waitFor()
    expect(await summary(login.page).locator('li').count()).toBeGreaterThan(0)
    expect(await summary(login.page).locator('a').count()).toBe(0)
    await expect.poll(() => summaryHasFocus(login.page)).toBe(true)
  })
})

describe('the form kit on a phone', () => {
  it('keeps the Étudiant radio as wide as the Diplômé one when its label wraps', async () => {
    const { page } = await openPage(suite.browser, { viewport: PHONE })
    await page.goto(`${suite.app.url}/cotiser`)
    const widths = await page.locator('input[type=radio][name=category]').evaluateAll((radios) => radios.map((r) => r.getBoundingClientRect().width))
    expect(widths).toHaveLength(2)
    // The Étudiant label runs over two lines at 360 px (its row is the taller); a shrinking circle was the bug.
    const row = (value: string) => page.locator('label.radio', { has: page.locator(`input[value=${value}]`) }).boundingBox()
    expect((await row('student'))!.height).toBeGreaterThan((await row('alumni'))!.height)
    expect(widths[1]).toBe(widths[0])
    expect(widths[1]).toBeGreaterThanOrEqual(20)
  })

  it('previews the chosen photo before sending it, and lets go of the previous preview', async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { page, errors } = await openPage(suite.browser, { viewport: PHONE })
    await logIn(page, suite.app.url, member.email, { redirectTo: '/mon-compte/profil' })
    await hydrated(page)
    const photo = (colour: string) =>
      sharp({ create: { width: 48, height: 48, channels: 3, background: colour } })
        .png()
        .toBuffer()
    const input = page.getByLabel('Photo', { exact: false }).and(page.locator('input[type=file]'))
    expect(await page.locator('[data-testid=image-preview]').count()).toBe(0)

    await input.setInputFiles({ name: 'moi.png', mimeType: 'image/png', buffer: await photo('#1f7a4d') })
    const preview = page.locator('[data-testid=image-preview]')
    await preview.waitFor()
    const first = (await preview.getAttribute('src'))!
    expect(first).toMatch(/^blob:/)
    // The picture really shows: the browser decoded the file.
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48)
    await page.getByText('Aperçu de la photo choisie').waitFor()

    await input.setInputFiles({ name: 'autre.png', mimeType: 'image/png', buffer: await photo('#b42318') })
    await expect.poll(() => preview.getAttribute('src')).not.toBe(first)
    // The first object URL was revoked: an image no longer loads from it (the new one still does).
    const loads = (url: string) =>
      page.evaluate(
        (src) =>
          new Promise<boolean>((resolve) => {
            const img = new Image()
            img.onload = () => resolve(true)
            img.onerror = () => resolve(false)
            img.src = src
          }),
        url,
      )
    expect(await loads((await preview.getAttribute('src'))!)).toBe(true)
    expect(await loads(first)).toBe(false)

    // Saved, the photo is the current one and the preview is gone.
    await page.getByLabel('Diplôme', { exact: true }).selectOption({ index: 1 })
    await page.getByRole('button', { name: 'Enregistrer mon profil' }).click()
    await page.getByText('Votre profil est enregistré.').first().waitFor()
    await page.locator('[data-testid=image-current]').waitFor()
    expect(await preview.count()).toBe(0)
    expect(await input.inputValue()).toBe('')
    // The one failed load is the probe of the revoked URL above.
    expect(errors.filter((e) => !e.includes('ERR_FILE_NOT_FOUND'))).toEqual([])
  })
})
