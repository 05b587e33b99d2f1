import { describe, expect, it } from 'vitest'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'

// « La lettre de l'Amicale » in Chromium at 1280 px: a webmaster writes a letter, previews it,
// sends it to one promotion, and the progress reaches 100 % live — on the page that sent it and
// on a second tab that was open on the letter and never reloaded. The mails arrive by SMTP.
const suite = browserSuite({ MAP_TILE_URL: '' })

describe('the letter in the browser', () => {
  it('write, preview, send to a promotion and follow the progress live to 100 %', { timeout: 90_000 }, async () => {
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni', promotion: 1960 })
    const readers = await Promise.all([1, 2, 3].map(() => createAccount(suite.app.ctx, { membership: 'alumni', promotion: 1977 })))
    const viewport = { width: 1280, height: 900 }

    const desk = await openPage(suite.browser, { viewport })
    await logIn(desk.page, suite.app.url, webmaster.email, { redirectTo: '/admin/lettres' })
    await desk.page.getByText('Aucune lettre pour l’instant.').waitFor()
    await hydrated(desk.page)
    await desk.page.getByRole('link', { name: 'Nouvelle lettre' }).click()
    await desk.page.getByRole('heading', { name: 'Nouvelle lettre', level: 2 }).waitFor()
    expect(await seriousViolations(desk.page)).toEqual([])

    await desk.page.getByLabel('Objet').fill('Les 50 ans de la promo 1977')
    await desk.page.getByLabel('Texte de la lettre').fill('Chers camarades,\n\nOn se retrouve le **12 juin** à Lyon.\n\n- apéritif\n- dîner')
    await desk.page.getByLabel('Les membres cotisants de certaines promotions').check()
    await desk.page.getByLabel('Promotions', { exact: true }).fill('1977')
    await desk.page.getByRole('button', { name: 'Aperçu' }).click()
    await desk.page.waitForURL(/\/admin\/lettres\/\d+\?apercu=1/)
    const preview = desk.page.getByRole('article', { name: 'Aperçu de la lettre' })
    await preview.getByText(`Bonjour ${webmaster.firstName},`).waitFor()
    expect(await preview.locator('strong').textContent()).toBe('12 juin')
    expect(await preview.locator('li').count()).toBe(2)
    await desk.page.getByTestId('campaign-count').getByText('3 destinataires aujourd’hui.').waitFor()
    expect(await seriousViolations(desk.page)).toEqual([])
    const letterUrl = desk.page.url().replace(/\?.*$/, '')

    // A second tab on the letter, watching over the socket; it is never reloaded.
    const watcher = await openPage(suite.browser, { viewport })
    await logIn(watcher.page, suite.app.url, webmaster.email, { redirectTo: new URL(letterUrl).pathname })
    await hydrated(watcher.page)
    await watcher.page.locator('[data-testid=campaign-progress][data-watching=true]').waitFor({ state: 'attached' })
    await watcher.page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true))

    // Sending asks for the box first.
    await hydrated(desk.page)
    await desk.page.getByRole('button', { name: 'Envoyer la lettre' }).click()
    await desk.page.getByText('Cochez la case pour confirmer l’envoi.').first().waitFor()
    await desk.page.getByLabel('J’ai relu la lettre et je l’envoie aux 3 destinataires').check()
    await desk.page.getByRole('button', { name: 'Envoyer la lettre' }).click()
    await desk.page.getByText('3 courriels mis dans la file d’envoi (100 %)').waitFor()
    expect(await desk.page.locator('#campaign-progress-bar').getAttribute('value')).toBe('3')

    // The other tab followed without a reload.
    await watcher.page.getByText('3 courriels mis dans la file d’envoi (100 %)').waitFor()
    expect(await watcher.page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true)
    expect(await watcher.page.locator('#campaign-progress-bar').getAttribute('value')).toBe('3')

    // The list says it went out; the letter is read-only now.
    await desk.page.getByRole('link', { name: '← Toutes les lettres' }).click()
    await desk.page.getByRole('link', { name: 'Les 50 ans de la promo 1977' }).waitFor()
    await desk.page.getByText('3 sur 3').waitFor()
    expect(await seriousViolations(desk.page)).toEqual([])

    for (const reader of readers) {
      const mail = await suite.smtp.waitForMail((m) => m.to.includes(reader.email) && m.subject.startsWith('Les 50 ans de la promo 1977'))
      expect(mail.text).toContain(`Bonjour ${reader.firstName},`)
      expect(mail.html).toContain('<strong>12 juin</strong>')
    }
    expect(desk.errors).toEqual([])
    expect(watcher.errors).toEqual([])
  })
})
