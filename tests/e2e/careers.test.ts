import { describe, expect, it } from 'vitest'
import { createAccount } from '../factories'
import { files } from '../support/files'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'

const suite = browserSuite()

const day = (days: number) => new Date(Date.now() + days * 24 * 60 * 60_000).toISOString().slice(0, 10)

describe('careers in the browser', () => {
  it(
    'a member posts an internship, a webmaster approves it, a student finds it with filters and applies, and the mailbox gets the CV',
    { timeout: 90_000 },
    async () => {
      const recruiter = await createAccount(suite.app.ctx, { membership: 'alumni' })
      const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
      const student = await createAccount(suite.app.ctx, { membership: 'student', promotion: 2028 })

      // The member posts.
      const r = await openPage(suite.browser)
      await logIn(r.page, suite.app.url, recruiter.email, { redirectTo: '/carriere/deposer' })
      await hydrated(r.page)
      await r.page.getByLabel('Intitulé du poste').fill('Stage robotique mobile')
      await r.page.getByLabel('Entreprise').fill('Robots du Rhône')
      await r.page.getByLabel('Type de contrat').selectOption('stage')
      await r.page.getByLabel('Secteur').selectOption('industry')
      await r.page.getByLabel('Expérience demandée').selectOption('student')
      await r.page.getByLabel('Ville').fill('Villeurbanne')
      await r.page.getByLabel('Télétravail').selectOption('hybrid')
      await r.page.getByLabel('Description du poste').fill('Vous programmez des robots mobiles autonomes.')
      await r.page.getByLabel('Profil recherché').fill('Étudiant·e en robotique, ROS apprécié.')
      await r.page.getByLabel('Date de début').fill(day(60))
      await r.page.getByLabel('Date limite de candidature').fill(day(30))
      await r.page.getByLabel('Adresse qui reçoit les candidatures').fill('stages@robots-du-rhone.example')
      await r.page.getByRole('button', { name: 'Envoyer pour validation' }).click()
      await r.page.waitForURL(`${suite.app.url}/carriere/mes-offres`)
      const card = r.page.locator('.offer-card', { hasText: 'Stage robotique mobile' })
      await card.getByText('En attente de validation').waitFor()

      // A webmaster approves it.
      const w = await openPage(suite.browser)
      await logIn(w.page, suite.app.url, webmaster.email, { redirectTo: '/admin/offres' })
      await hydrated(w.page)
      await w.page.locator('li', { hasText: 'Stage robotique mobile' }).getByRole('button', { name: 'Publier' }).click()
      // « Offre publiée — Annuler » for a minute; the keyboard resumes on it. Undo puts it back in the queue.
      const undo = w.page.getByTestId('undo-approval')
      await undo.getByText('Offre publiée\u00a0: «\u00a0Stage robotique mobile\u00a0».').waitFor()
      expect(await undo.evaluate((toast) => toast === document.activeElement)).toBe(true)
      await undo.getByRole('button', { name: 'Annuler la publication de «\u00a0Stage robotique mobile\u00a0»' }).click()
      await w.page.getByText('Publication annulée').waitFor()
      expect(await undo.count()).toBe(0)
      await w.page.locator('li', { hasText: 'Stage robotique mobile' }).getByRole('button', { name: 'Publier' }).click()
      await undo.waitFor()

      // A student finds it through the student door, with filters, and applies.
      const s = await openPage(suite.browser, { viewport: { width: 360, height: 740 } })
      await logIn(s.page, suite.app.url, student.email, { redirectTo: '/carriere' })
      await hydrated(s.page)
      await s.page.getByRole('link', { name: 'Voir les stages et alternances' }).click()
      await s.page.waitForURL(/\/carriere\/offres\?porte=etudiant/)
      // On a phone the filters are folded behind « Filtres »; one « Rechercher » sends them with the words.
      await s.page.getByText('Filtres', { exact: true }).click()
      await s.page.getByLabel('Stage', { exact: true }).check()
      await s.page.getByLabel('Près de la ville').fill('Lyon')
      await s.page.getByLabel('Rayon').selectOption('25')
      await s.page.getByLabel('Télétravail').selectOption('hybrid')
      await s.page.getByRole('search').getByRole('button', { name: 'Rechercher' }).click()
      await s.page.waitForURL(/ville=Lyon/)
      await s.page.getByRole('heading', { name: '1 offre' }).waitFor()
      await s.page.getByText('Filtres (3)', { exact: true }).waitFor()
      await s.page.getByRole('link', { name: 'Stage robotique mobile' }).click()
      await s.page.getByRole('heading', { name: 'Stage robotique mobile' }).waitFor()
      // The offer page, with its map and the application form, passes axe at 360 px and does not scroll sideways.
      await s.page.locator('.offer-map.leaflet-container').waitFor()
      expect(await seriousViolations(s.page)).toEqual([])
      expect(await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
      await s.page.getByLabel('Votre message').fill('Bonjour, je suis en deuxième année et la robotique mobile me passionne.')
      await s.page.getByLabel('Votre CV (PDF)').setInputFiles({ name: 'cv-etudiant.pdf', mimeType: 'application/pdf', buffer: Buffer.from(files.pdf(30_000)) })
      await s.page.getByRole('button', { name: 'Envoyer ma candidature' }).click()
      await s.page.waitForURL(`${suite.app.url}/carriere/mes-candidatures`)
      await s.page.getByText('Votre candidature est envoyée au recruteur.').waitFor()
      await s.page.getByRole('heading', { name: 'Stage robotique mobile' }).waitFor()

      // The offer's mailbox receives the application with the CV.
      const mail = await suite.smtp.waitForMail((m) => m.to.includes('stages@robots-du-rhone.example'))
      expect(mail.text).toContain(`${student.firstName} ${student.lastName}, promotion 2028`)
      expect(mail.text).toContain('la robotique mobile me passionne')
      expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([['cv-etudiant.pdf', 'application/pdf', 30_000]])

      // The poster sees the count.
      await r.page.reload()
      await card.getByText('1 candidature reçue').waitFor()
      expect([...r.errors, ...w.errors, ...s.errors]).toEqual([])
    },
  )

  it(
    'the careers pages on a 360 px phone: no sideways page, the search box first, « Filtres (n) », one submit, tabs that fit',
    { timeout: 60_000 },
    async () => {
      const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
      const { page, errors } = await openPage(suite.browser, { viewport: { width: 360, height: 740 } })
      await logIn(page, suite.app.url, member.email, { redirectTo: '/carriere' })
      await hydrated(page)
      const pageWidth = () => page.evaluate(() => document.scrollingElement!.scrollWidth)
      const firstField = () =>
        page.evaluate(() => {
          const field = document.querySelector<HTMLElement>('main :is(input:not([type="hidden"]), select, textarea)')
          return field ? `${field.tagName.toLowerCase()}#${field.id}[type=${field.getAttribute('type')}]` : null
        })
      const tabs = page.getByRole('navigation', { name: 'Pages de la rubrique Carrière' })

      expect(await pageWidth()).toBeLessThanOrEqual(360)
      expect(await firstField()).toBe('input#q[type=search]')
      expect(await tabs.locator('[aria-current="page"]').innerText()).toBe('Offres')

      await page.goto(`${suite.app.url}/carriere/offres?porte=alumni&contrat=cdi&teletravail=remote`)
      await hydrated(page)
      expect(await pageWidth()).toBeLessThanOrEqual(360)
      expect(await firstField()).toBe('input#q[type=search]')
      const search = page.getByRole('search')
      await search.getByText('Filtres (2)', { exact: true }).waitFor()
      // Folded on a phone: the filters wait behind their summary.
      expect(await search.getByLabel('Secteur').isVisible()).toBe(false)
      expect(await search.locator('button, input[type="submit"]').count()).toBe(1)
      expect(await tabs.locator('[aria-current="page"]').innerText()).toBe('Offres')
      // The tabs scroll inside their strip, never the page; the last one can be reached.
      await page.goto(`${suite.app.url}/carriere/alertes`)
      await hydrated(page)
      expect(await pageWidth()).toBeLessThanOrEqual(360)
      const current = tabs.locator('[aria-current="page"]')
      expect(await current.innerText()).toBe('Mes alertes')
      const box = (await current.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(360)

      // Wide, the same page shows its filters open beside the results.
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.goto(`${suite.app.url}/carriere/offres?porte=alumni&contrat=cdi&teletravail=remote`)
      expect(await page.getByRole('search').getByLabel('Secteur').isVisible()).toBe(true)
      expect(errors).toEqual([])
    },
  )
})
