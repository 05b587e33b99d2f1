import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { DEMO_TERMS_BODY } from '../../db/seed-terms'
import { publishTerms } from '../../app/features/moderation/terms.server'
import { utcToZonedInput } from '../../app/shared/zoned-time'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'

// The terms of use in a real browser: a member meets version 2 at their next visit (a click in the
// page, i.e. Remix's client-side navigation, answered by the gate), accepts it, and goes on.
const suite = browserSuite({ MAP_TILE_URL: '' })

const WIDE = { width: 1280, height: 800 }
const PHONE = { width: 360, height: 740 }
const today = () => utcToZonedInput(new Date(), 'Europe/Paris').slice(0, 10)

async function noOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

describe('terms of use in the browser', () => {
  it('a member meets the new version at the next visit, reads the changes and accepts it, at 360 px', { timeout: 60_000 }, async () => {
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    expect(publishTerms(suite.app.ctx, { actorId: webmaster.id, body: DEMO_TERMS_BODY, summary: 'Première version.', effectiveOn: today() }).ok).toBe(true)
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { page, errors } = await openPage(suite.browser, { viewport: PHONE })
    await logIn(page, suite.app.url, member.email, { redirectTo: '/mon-compte' })
    await hydrated(page)

    const v2 = publishTerms(suite.app.ctx, {
      actorId: webmaster.id,
      body: `${DEMO_TERMS_BODY}\n\n## 12. Entrée en vigueur\nCette version s’applique dès sa publication.`,
      summary: '- Ajout de l’article 12 sur l’**entrée en vigueur**.\n- Précisions sur les recours (article 9.5).',
      effectiveOn: today(),
    })
    expect(v2.ok).toBe(true)

    // A click that Remix handles in the page: the gate answers its `.data` request with a redirect.
    await page.locator('a.brand').click()
    await page.waitForURL(`${suite.app.url}/cgu/accepter`)
    await page.getByRole('heading', { name: 'Nouvelles conditions d’utilisation' }).waitFor()
    await page.getByText('Ajout de l’article 12 sur l’entrée en vigueur.').waitFor()
    expect(await page.getByRole('link', { name: 'Lire le texte complet de la version 2' }).getAttribute('href')).toBe('/cgu/2')
    expect(await seriousViolations(page)).toEqual([])
    expect(await noOverflow(page)).toBeLessThanOrEqual(0)

    await page.getByRole('button', { name: 'J’accepte' }).click()
    await page.getByRole('heading', { name: `Bonjour ${member.firstName} !` }).waitFor()
    await page.getByText('Merci : vous avez accepté la version 2 des conditions d’utilisation.').waitFor()
    await page.goto(`${suite.app.url}/mon-compte`)
    await page.getByRole('heading', { name: 'Mon compte' }).waitFor()
    expect(errors).toEqual([])
  })

  it('/cgu, /contact and the admin pages pass axe and fit a phone', { timeout: 90_000 }, async () => {
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    for (const viewport of [WIDE, PHONE]) {
      const visitor = await openPage(suite.browser, { viewport })
      for (const path of ['/cgu', '/cgu/1#article-4-2', '/contact?sujet=Compte%20d%C3%A9sactiv%C3%A9']) {
        await visitor.page.goto(`${suite.app.url}${path}`)
        expect({ path, viewport: viewport.width, violations: await seriousViolations(visitor.page) }).toEqual({
          path,
          viewport: viewport.width,
          violations: [],
        })
        expect(await noOverflow(visitor.page)).toBeLessThanOrEqual(0)
      }
      // The honeypot is out of the way: not focusable by Tab, not read.
      await visitor.page.goto(`${suite.app.url}/contact`)
      expect(await visitor.page.getByRole('textbox', { name: 'Laissez ce champ vide' }).count()).toBe(0)

      const admin = await openPage(suite.browser, { viewport })
      await logIn(admin.page, suite.app.url, webmaster.email, { redirectTo: '/admin/contact' })
      expect(await seriousViolations(admin.page)).toEqual([])
      await admin.page.goto(`${suite.app.url}/admin/cgu`)
      await admin.page.getByLabel('Résumé des changements').fill('- Reformulation de l’article 4.2.')
      await admin.page.getByRole('button', { name: 'Prévisualiser' }).click()
      await admin.page.getByRole('heading', { name: 'Aperçu de la version 3' }).waitFor()
      expect(await seriousViolations(admin.page)).toEqual([])
      expect(await noOverflow(admin.page)).toBeLessThanOrEqual(0)
    }
  })
})
