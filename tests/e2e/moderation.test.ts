import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { appeals, decisions } from '../../db/schema'
import { createAccount, TEST_PASSWORD } from '../factories'
import { fillLogin, hydrated, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'
import { firstLink } from '../support/smtp'

const suite = browserSuite()

/** Axe at 1280 and 360 px, and nothing wider than a phone's screen. */
async function audited(page: Page, label: string) {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 })
    expect(await seriousViolations(page), `${label} at ${width}`).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${label} at ${width}`).toBeLessThanOrEqual(0)
  }
  await page.setViewportSize({ width: 1280, height: 800 })
}

describe('moderation in the browser', () => {
  it('a member reports another, the webmaster deactivates with a reason, the person reads it at log-in and contests', { timeout: 90_000 }, async () => {
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const reporter = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const target = await createAccount(suite.app.ctx, { membership: 'alumni' })

    // The member reports the other from the profile.
    const member = await openPage(suite.browser)
    await member.page.goto(`${suite.app.url}/connexion`)
    await fillLogin(member.page, reporter.email, TEST_PASSWORD)
    await member.page.waitForURL(`${suite.app.url}/`)
    await member.page.goto(`${suite.app.url}/membres/${target.id}`)
    await hydrated(member.page)
    await member.page.getByRole('link', { name: 'Signaler ce profil' }).click()
    await member.page.getByLabel('Harcèlement').check()
    await member.page.getByLabel('Ce qui s’est passé').fill('Des messages privés insultants, trois soirs de suite, après mon refus.')
    await member.page.getByRole('button', { name: 'Envoyer le signalement' }).click()
    await member.page.getByText('votre signalement a été transmis').first().waitFor()

    // The webmaster decides from the desk, with a reason.
    const desk = await openPage(suite.browser)
    await desk.page.goto(`${suite.app.url}/connexion?redirectTo=${encodeURIComponent('/admin/moderation')}`)
    await fillLogin(desk.page, webmaster.email, TEST_PASSWORD)
    await desk.page.waitForURL(`${suite.app.url}/admin/moderation`)
    await desk.page.getByText('Des messages privés insultants, trois soirs de suite').waitFor()
    await audited(desk.page, 'the desk')
    await desk.page.getByRole('link', { name: `Examiner : ${target.firstName} ${target.lastName}` }).click()
    await desk.page.getByRole('heading', { name: 'Décider' }).waitFor()
    await audited(desk.page, 'a target page')
    await desk.page.getByRole('radio', { name: /^Désactivation du compte/ }).check()
    const facts = 'Messages privés insultants envoyés à un membre trois soirs de suite.'
    await desk.page.getByLabel('Les faits retenus').fill(facts)
    await desk.page.getByText('Enregistrer la décision…').click()
    await desk.page.getByRole('button', { name: 'Oui, enregistrer la décision' }).click()
    await desk.page.getByText('Décision enregistrée').first().waitFor()
    expect(suite.app.ctx.db.select().from(decisions).where(eq(decisions.subjectUserId, target.id)).get()?.action).toBe('deactivate')
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(target.email) && m.subject.startsWith('Décision de modération'))
    expect(mail.text).toContain(facts)
    expect(firstLink(mail, '/recours/')).toContain('/recours/')

    // The person logs in: the reason, and « Contester la décision ».
    const person = await openPage(suite.browser)
    await person.page.goto(`${suite.app.url}/connexion`)
    await hydrated(person.page)
    await fillLogin(person.page, target.email, TEST_PASSWORD)
    await person.page.getByRole('heading', { name: 'Votre compte est désactivé' }).waitFor()
    await person.page.getByText(facts).waitFor()
    await audited(person.page, 'the log-in page of a deactivated account')
    await person.page.getByRole('link', { name: 'Contester la décision' }).click()
    await person.page.getByRole('heading', { name: 'Contester une décision' }).waitFor()
    await audited(person.page, '/recours')
    await person.page.getByLabel('Pourquoi contestez-vous cette décision ?').fill('Ces messages venaient d’un homonyme, pas de moi : je peux le prouver.')
    await person.page.getByRole('button', { name: 'Envoyer mon recours' }).click()
    await person.page.getByText('Votre recours est enregistré').waitFor()
    const decision = suite.app.ctx.db.select().from(decisions).where(eq(decisions.subjectUserId, target.id)).get()!
    expect(suite.app.ctx.db.select().from(appeals).where(eq(appeals.decisionId, decision.id)).get()?.text).toContain('homonyme')

    // The appeal shows in the desk's « Recours » tab.
    await desk.page
      .getByRole('link', { name: /Recours/ })
      .first()
      .click()
    await desk.page.getByText('Ces messages venaient d’un homonyme').waitFor()
    await audited(desk.page, 'the appeals tab')
    for (const errors of [member.errors, desk.errors, person.errors]) expect(errors.filter((e) => !/status of (403|404)/.test(e))).toEqual([])
  })
})
