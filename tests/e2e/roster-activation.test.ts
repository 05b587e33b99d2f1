import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { graduateDiplomas, graduates } from '../../db/schema'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'

// « Activer mon compte » (issue #17): the webmaster imports the school's list in the browser, then,
// on a phone, a graduate of that list, registered but not yet a member, pays their dues through Cotiser (the demo checkout: no Stripe key) under their
// legal name and promotion, and finds the list's diplomas on their profile.
const suite = browserSuite()

describe('a graduate activates through Cotiser', () => {
  it('is imported by the webmaster, pays dues at 360 px and is linked to their row of the list, with its diplomas on the profile', async () => {
    const { ctx } = suite.app
    // The webmaster imports the school's list, as its office exports it: Windows-1252, « ; ».
    const webmaster = await createAccount(ctx, { role: 'webmaster', membership: 'alumni' })
    const desk = await openPage(suite.browser, { viewport: { width: 1280, height: 900 } })
    await logIn(desk.page, suite.app.url, webmaster.email)
    await desk.page.goto(`${suite.app.url}/admin/diplomes`)
    await hydrated(desk.page)
    const csv =
      "Nom;Prénom;Promotion;Diplômes;E-mail\r\nLefèvre-Dupont;Hélène;2012;Diplôme d'ingénieur — Génie civil | Master Science des données;h.lefevre@exemple.fr\r\n"
    await desk.page
      .getByLabel('Fichier CSV')
      .setInputFiles({ name: 'diplomes-2012.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('—', '\u0097'), 'latin1') })
    await desk.page.getByRole('button', { name: 'Voir l’aperçu' }).click()
    await desk.page.getByRole('button', { name: 'Appliquer l’import' }).waitFor()
    expect(ctx.db.select().from(graduates).all()).toEqual([])
    await desk.page.getByRole('button', { name: 'Appliquer l’import' }).click()
    await expect.poll(() => ctx.db.select({ id: graduates.id }).from(graduates).where(eq(graduates.lastName, 'Lefèvre-Dupont')).get()).toBeDefined()
    const graduateId = ctx.db.select({ id: graduates.id }).from(graduates).where(eq(graduates.lastName, 'Lefèvre-Dupont')).get()!.id
    expect(
      ctx.db
        .select({ diploma: graduateDiplomas.diploma })
        .from(graduateDiplomas)
        .where(eq(graduateDiplomas.graduateId, graduateId))
        .all()
        .map((d) => d.diploma)
        .sort(),
    ).toEqual(["Diplôme d'ingénieur — Génie civil", 'Master Science des données'])
    expect(desk.errors).toEqual([])

    const account = await createAccount(ctx)

    const { page, errors } = await openPage(suite.browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    await logIn(page, suite.app.url, account.email)
    await page.goto(`${suite.app.url}/cotiser`)
    await hydrated(page)
    // Accents, hyphen and case as a phone keyboard types them: the list forgives them.
    await page.getByLabel('Nom d’état civil').fill('LEFEVRE DUPONT')
    await page.getByLabel('Prénom').fill('helene')
    await page.getByLabel(/Nom de naissance/).fill('')
    await page.getByLabel('Promotion').fill('2012')
    await page.getByLabel('Diplôme', { exact: true }).selectOption("Diplôme d'ingénieur — Informatique")
    await page.getByRole('radio', { name: /^Diplômé/ }).check()
    await page.getByRole('button', { name: 'Payer 100,00 €' }).click()
    await page.getByRole('heading', { name: 'Paiement de démonstration' }).waitFor()
    await page.getByRole('button', { name: 'Payer 100,00 € (démonstration)' }).click()
    await page.getByRole('heading', { name: 'Bienvenue parmi les membres !' }).waitFor()

    expect(ctx.db.select({ userId: graduates.userId }).from(graduates).where(eq(graduates.id, graduateId)).get()?.userId).toBe(account.id)
    await page.goto(`${suite.app.url}/mon-compte/profil`)
    await hydrated(page)
    const fromList = page.getByTestId('roster-diplomas')
    await fromList.getByText('D’après le fichier des diplômés').waitFor()
    expect(await fromList.getByRole('listitem').allTextContents()).toEqual(['Diplôme d’ingénieur — Génie civil', 'Master Science des données'])
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect(await seriousViolations(page)).toEqual([])
    // The profile members see lists every diploma, the one chosen at Cotiser first.
    await page.goto(`${suite.app.url}/membres/${account.id}`)
    await expect
      .poll(() => page.getByTestId('profile-diplomas').textContent())
      .toBe('Diplômes\u00a0: Diplôme d’ingénieur — Informatique · Diplôme d’ingénieur — Génie civil · Master Science des données')
    expect(errors).toEqual([])
  })
})
