import fs from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import type { Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { users } from '../../db/schema'
import { createAccount, TEST_PASSWORD } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'
import { firstLink } from '../support/smtp'

// « Mes données » in Chromium: the archive asked for, announced by a real SMTP mail, downloaded
// through the link and opened; then the account erased with its password.
const suite = browserSuite({ MAP_TILE_URL: '' })
const PHONE = { width: 360, height: 740 }

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

describe('Mes données in the browser', () => {
  it('asks for the archive, receives the mail, downloads and opens the ZIP, at 360 px', { timeout: 60_000 }, async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { page, errors } = await openPage(suite.browser, { viewport: PHONE, acceptDownloads: true })
    await logIn(page, suite.app.url, member.email, { redirectTo: '/mon-compte/donnees' })
    await hydrated(page)
    await page.getByRole('heading', { name: 'Ce que nous conservons sur vous' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    expect(await noOverflow(page)).toBeLessThanOrEqual(0)

    await page.getByRole('button', { name: 'Préparer mon archive' }).click()
    await page.getByText('Votre archive est en préparation').first().waitFor()
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(member.email) && m.subject.startsWith('Vos données sont prêtes'))
    expect(mail.text).toContain(`Bonjour ${member.firstName}`)
    const link = firstLink(mail, '/mon-compte/donnees/export/')

    // The link from the mail, in the browser that holds the session: the archive downloads.
    const downloading = page.waitForEvent('download')
    await page.evaluate((href) => {
      const a = document.createElement('a')
      a.href = href
      a.download = ''
      document.body.append(a)
      a.click()
    }, link)
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^mes-donnees-\d{4}-\d{2}-\d{2}\.zip$/)
    const zip = unzipSync(new Uint8Array(await fs.readFile((await download.path())!)))
    const account = JSON.parse(strFromU8(zip['compte.json']!)) as { users: { id: { email: string; first_name: string }[] } }
    expect(account.users.id[0]).toMatchObject({ email: member.email, first_name: member.firstName })
    expect(Object.keys(zip)).toContain('informations-article-15.json')

    // Back on the page, the archive is listed as ready, with its download button.
    await page.reload()
    await page.getByRole('link', { name: /Télécharger l’archive/ }).waitFor()
    expect(errors).toEqual([])
  })

  it('erases the account with the password and the confirmation', { timeout: 60_000 }, async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { page, errors } = await openPage(suite.browser, { viewport: { width: 1280, height: 800 } })
    await logIn(page, suite.app.url, member.email, { redirectTo: '/mon-compte/donnees' })
    await hydrated(page)
    const erase = page.getByRole('region', { name: 'Effacer mon compte' })
    await erase.getByRole('button', { name: 'Effacer définitivement mon compte' }).click()
    await erase.getByText('Cochez la case pour confirmer l’effacement.').first().waitFor()
    await erase.getByLabel('Votre mot de passe actuel').fill(TEST_PASSWORD)
    await erase.getByLabel('Je comprends que l’effacement de mon compte est immédiat et définitif.').check()
    await erase.getByRole('button', { name: 'Effacer définitivement mon compte' }).click()
    await page.waitForURL(`${suite.app.url}/`)
    await page.getByText('Votre compte a été effacé.').waitFor()
    expect(suite.app.ctx.db.select().from(users).where(eq(users.id, member.id)).get()).toBeUndefined()
    // Logged out: the account pages ask to log in again.
    await page.goto(`${suite.app.url}/mon-compte/donnees`)
    await page.waitForURL(/\/connexion/)
    expect(errors).toEqual([])
  })
})
