import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { jobAlerts } from '../../db/schema'
import { hasConsent } from '../../app/features/privacy/consents.server'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'

// The consent centre in Chromium: a consent withdrawn with one click (with and without
// JavaScript), job alerts withdrawn only after the confirmation that says they will be deleted.
const suite = browserSuite({ MAP_TILE_URL: '' })
const CENTRE = '/mon-compte/donnees/consentements'

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
const card = (page: Page, title: string) => page.getByRole('region', { name: title })

describe('the consent centre in the browser', () => {
  it('withdraws invitations with one click, and job alerts after the warning, at 360 px', { timeout: 60_000 }, async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const now = suite.app.ctx.now()
    suite.app.ctx.db
      .insert(jobAlerts)
      .values({ userId: member.id, criteria: { door: 'alumni', q: 'data' }, origin: suite.app.url, createdAt: now, lastSentAt: now })
      .run()
    const { page, errors } = await openPage(suite.browser, { viewport: { width: 360, height: 740 } })
    await logIn(page, suite.app.url, member.email, { redirectTo: CENTRE })
    await hydrated(page)
    expect(await seriousViolations(page)).toEqual([])
    expect(await noOverflow(page)).toBeLessThanOrEqual(0)

    const invitations = card(page, 'Invitations aux événements')
    await invitations.getByRole('button', { name: 'Retirer mon consentement' }).click()
    await page.getByText('Consentement retiré : Invitations aux événements.').waitFor()
    await invitations.getByText('Non donné').waitFor()
    await invitations.getByText(/Historique : 1 changement/).click()
    await invitations.getByText(/Retiré depuis cette page/).waitFor()
    expect(hasConsent(suite.app.ctx, member.id, 'invitations')).toBe(false)

    // Job alerts: the first click only opens the warning; the second deletes them.
    const alerts = card(page, 'Alertes emploi')
    await alerts.getByText('Retirer mon consentement').click()
    await alerts.getByText('supprime votre alerte enregistrée').waitFor()
    expect(hasConsent(suite.app.ctx, member.id, 'jobAlerts')).toBe(true)
    await alerts.getByRole('button', { name: 'Supprimer mes alertes et retirer ce consentement' }).click()
    await page.getByText('Consentement retiré : Alertes emploi.').waitFor()
    await alerts.getByRole('link', { name: 'Créer une alerte emploi' }).waitFor()
    expect(hasConsent(suite.app.ctx, member.id, 'jobAlerts')).toBe(false)
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
  })

  it('works without JavaScript', { timeout: 60_000 }, async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { page } = await openPage(suite.browser, { javaScriptEnabled: false, viewport: { width: 1280, height: 800 } })
    await logIn(page, suite.app.url, member.email, { redirectTo: CENTRE })
    // The association's news is given by default (issue #17): withdrawn here with one click.
    const news = card(page, 'Nouvelles de l’association')
    await news.getByRole('button', { name: 'Retirer mon consentement' }).click()
    await page.waitForURL(`${suite.app.url}${CENTRE}#consentement-news`)
    await card(page, 'Nouvelles de l’association').getByText('Non donné', { exact: true }).waitFor()
    expect(hasConsent(suite.app.ctx, member.id, 'news')).toBe(false)
  })
})
