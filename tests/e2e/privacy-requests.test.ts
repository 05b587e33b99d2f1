import fs from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import type { Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { dataExports, documentAccesses, privacyRequests } from '../../db/schema'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'

// /admin/rgpd in Chromium, on a phone: a request received by post recorded through the form,
// opened, and answered with « Préparer l'export »; the archive downloaded from the request's page.
const suite = browserSuite({ MAP_TILE_URL: '' })
const PHONE = { width: 360, height: 740 }

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

describe('privacy requests in the browser', () => {
  it('records a request at 360 px, opens it and prepares the export', { timeout: 60_000 }, async () => {
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const { page, errors } = await openPage(suite.browser, { viewport: PHONE, acceptDownloads: true })
    await logIn(page, suite.app.url, webmaster.email, { redirectTo: '/admin/rgpd' })
    await hydrated(page)
    await page.getByRole('heading', { name: 'Demandes sur les données personnelles' }).waitFor()
    await page.getByText('Aucune demande en cours.').first().waitFor()
    expect(await seriousViolations(page)).toEqual([])
    expect(await noOverflow(page)).toBeLessThanOrEqual(0)

    // A submit with nothing filled: the summary at the top, the messages next to the fields.
    const form = page.getByRole('region', { name: 'Enregistrer une demande' })
    await form.getByRole('button', { name: 'Enregistrer la demande' }).click()
    await form.getByText('Il y a un problème').waitFor()
    await form.locator('#field-kind-error').getByText('Choisissez le type de demande.').waitFor()
    await form.locator('#field-requesterName-error').getByText('Indiquez le nom du demandeur.').waitFor()

    await form.getByLabel('Accès', { exact: true }).check()
    await form.getByLabel('Nom du demandeur').fill(`${member.firstName} ${member.lastName}`)
    await form.getByLabel('Adresse e-mail du demandeur').fill(member.email)
    await form.getByLabel('Reçue par').selectOption('post')
    await form.getByLabel('Contenu de la demande').fill('Lettre recommandée : elle demande une copie de toutes ses données.')
    await form.getByRole('button', { name: 'Enregistrer la demande' }).click()
    await page.waitForURL(/\/admin\/rgpd\/\d+$/)
    await page
      .getByText(/Demande enregistrée/)
      .first()
      .waitFor()
    const id = Number(new URL(page.url()).pathname.split('/').pop())
    expect(suite.app.ctx.db.select().from(privacyRequests).where(eq(privacyRequests.id, id)).get()).toMatchObject({
      kind: 'access',
      userId: member.id,
      channel: 'post',
      recordedBy: webmaster.id,
    })

    // The list has it; the page opens from there.
    await page.getByRole('link', { name: /Toutes les demandes/ }).click()
    await page.getByRole('link', { name: `Demande d’accès de ${member.firstName} ${member.lastName}` }).click()
    await page.waitForURL(`${suite.app.url}/admin/rgpd/${id}`)
    await page.getByRole('heading', { name: `Demande d’accès de ${member.firstName} ${member.lastName}` }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    expect(await noOverflow(page)).toBeLessThanOrEqual(0)

    await page.getByRole('button', { name: /Préparer l.export/ }).click()
    await page
      .getByText(/L’archive est en préparation/)
      .first()
      .waitFor()
    // The page looks again by itself while the archive is being built.
    const link = page.getByRole('link', { name: /Télécharger l’archive/ })
    await link.waitFor({ timeout: 20_000 })
    const row = suite.app.ctx.db.select().from(dataExports).where(eq(dataExports.requestId, id)).get()!
    expect(row).toMatchObject({ userId: member.id, requestedBy: webmaster.id, status: 'ready' })

    const downloading = page.waitForEvent('download')
    await link.click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^mes-donnees-\d{4}-\d{2}-\d{2}\.zip$/)
    const zip = unzipSync(new Uint8Array(await fs.readFile((await download.path())!)))
    expect(strFromU8(zip['compte.json']!)).toContain(member.email)
    expect(suite.app.ctx.db.select().from(documentAccesses).where(eq(documentAccesses.documentId, row.id)).all()).toEqual([
      expect.objectContaining({ actorId: webmaster.id, subjectUserId: member.id, document: 'export' }),
    ])
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
  })
})
