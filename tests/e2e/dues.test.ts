import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage } from '../support/browser'
import { browserSuite } from '../support/browser-suite'
import { files } from '../support/files'
import { extractPdfText } from '../support/pdf-text'
import { firstLink } from '../support/smtp'

// No Stripe key: the built-in demo checkout, which goes through the webhook's fulfilment code.
const suite = browserSuite()
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-files-'))

function fileOnDisk(name: string, bytes: Uint8Array) {
  const file = path.join(tmp, name)
  fs.writeFileSync(file, bytes)
  return file
}

async function fillDuesForm(page: Page, category: 'Diplômé' | 'Étudiant') {
  await page.getByLabel('Promotion').fill(category === 'Diplômé' ? '2012' : '2028')
  await page.getByLabel('Diplôme', { exact: true }).selectOption("Diplôme d'ingénieur — Informatique")
  await page.getByRole('radio', { name: new RegExp(`^${category}`) }).check()
}

describe('Cotiser in the suite.browser (demo checkout)', () => {
  it('a visitor creates an account, pays in demo mode, then opens the directory and downloads the receipt', async () => {
    const { page, errors } = await openPage(suite.browser)
    await page.goto(`${suite.app.url}/`)
    await hydrated(page)
    await page.getByRole('link', { name: 'Cotiser — une fois, pour la vie' }).click()
    await page.getByText('Mode démonstration — aucun paiement réel').waitFor()
    await page.getByLabel('Adresse e-mail').fill('jeanne.moreau@exemple.fr')
    await page.getByLabel('Mot de passe', { exact: true }).fill('ma cotisation à vie')
    await page.getByLabel('Nom d’état civil').fill('Moreau')
    await page.getByLabel('Prénom').fill('Jeanne')
    await fillDuesForm(page, 'Diplômé')
    await page.getByRole('button', { name: 'Payer 100,00 €' }).click()
    // The same answer for a new and a taken address: the link in the mail creates the account and
    // brings the visitor back, logged in, with the choices made.
    await page.getByRole('heading', { name: 'Vérifiez votre boîte mail' }).waitFor()
    const mail = await suite.smtp.waitForMail((m) => m.to.includes('jeanne.moreau@exemple.fr'))
    await page.goto(firstLink(mail, '/inscription/confirmer'))
    await page.getByRole('button', { name: 'Créer mon compte' }).click()
    await page.getByRole('heading', { name: 'Cotiser' }).first().waitFor()
    await hydrated(page)
    expect(await page.getByLabel('Promotion').inputValue()).toBe('2012')
    await page.getByRole('button', { name: 'Payer 100,00 €' }).click()

    await page.getByRole('heading', { name: 'Paiement de démonstration' }).waitFor()
    await page.getByRole('button', { name: 'Payer 100,00 € (démonstration)' }).click()
    await page.getByRole('heading', { name: 'Bienvenue parmi les membres !' }).waitFor()
    await page.getByRole('link', { name: 'Ouvrir l’annuaire' }).click()
    await page.waitForURL(`${suite.app.url}/annuaire`)
    await page.getByRole('heading', { name: 'Annuaire' }).waitFor()

    await page.goto(`${suite.app.url}/mon-compte/cotisation`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger le reçu n° \d{4}-\d{6}/ }).click()])
    const pdf = fs.readFileSync((await download.path())!)
    const text = extractPdfText(new Uint8Array(pdf)).replace(/\s+/g, ' ')
    expect(text).toContain('Jeanne MOREAU')
    expect(text).toContain('100,00 €')
    await suite.smtp.waitForMail((m) => m.to.includes('jeanne.moreau@exemple.fr') && m.subject.startsWith('Votre reçu'))
    expect(errors).toEqual([])
  })

  it('a student sends a proof, a webmaster rejects it (mail), the student sends another, the webmaster approves it', async () => {
    const student = await createAccount(suite.app.ctx)
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const { page } = await openPage(suite.browser)
    await logIn(page, suite.app.url, student.email)
    await page.goto(`${suite.app.url}/cotiser`)
    await hydrated(page)
    await fillDuesForm(page, 'Étudiant')
    await page.getByLabel('Fiche d’inscription de l’année en cours').setInputFiles(fileOnDisk('fiche-2026.pdf', files.pdf()))
    await page.getByRole('button', { name: 'Payer 20,00 €' }).click()
    await page.getByRole('button', { name: 'Payer 20,00 € (démonstration)' }).click()
    await page.getByRole('heading', { name: 'Bienvenue parmi les membres !' }).waitFor()

    const { page: admin } = await openPage(suite.browser)
    await logIn(admin, suite.app.url, webmaster.email)
    await admin.goto(`${suite.app.url}/admin/cotisations`)
    const card = admin.locator('li', { hasText: `${student.firstName} ${student.lastName}` })
    await card.getByText('Refuser…').click()
    await card.getByLabel('Motif du refus').fill('La fiche est illisible : scannez-la à nouveau.')
    await card.getByRole('button', { name: 'Refuser la fiche' }).click()
    await admin.getByText(`Fiche de ${student.firstName} ${student.lastName} refusée`).waitFor()
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(student.email) && m.subject.startsWith('Votre fiche'))
    expect(mail.text).toContain('La fiche est illisible')

    await page.goto(`${suite.app.url}/mon-compte/cotisation`)
    await page.getByText('Votre adhésion est suspendue').waitFor()
    await page.getByRole('link', { name: 'Envoyer une nouvelle fiche d’inscription' }).click()
    await page.getByLabel('Fiche d’inscription de l’année en cours').setInputFiles(fileOnDisk('fiche-nette.png', files.png()))
    await page.getByRole('button', { name: 'Envoyer la fiche' }).click()
    await page.getByText('Votre fiche d’inscription est envoyée').waitFor()

    await admin.goto(`${suite.app.url}/admin/cotisations`)
    await admin
      .locator('li', { hasText: `${student.firstName} ${student.lastName}` })
      .getByRole('button', { name: 'Accepter' })
      .click()
    await admin.getByText(`Fiche de ${student.firstName} ${student.lastName} acceptée`).waitFor()
    await page.goto(`${suite.app.url}/annuaire`)
    await page.getByRole('heading', { name: 'Annuaire' }).waitFor()
  })

  it('refuses a fake PDF next to the field, keeping what was typed', async () => {
    const account = await createAccount(suite.app.ctx)
    const { page } = await openPage(suite.browser)
    await logIn(page, suite.app.url, account.email)
    await page.goto(`${suite.app.url}/cotiser`)
    await hydrated(page)
    await fillDuesForm(page, 'Étudiant')
    await page.getByLabel('Fiche d’inscription de l’année en cours').setInputFiles(fileOnDisk('faux.pdf', files.text()))
    await page.getByRole('button', { name: 'Payer 20,00 €' }).click()
    await page.locator('.field__error', { hasText: 'Ce fichier n’est ni un PDF, ni une image JPEG ou PNG.' }).waitFor()
    expect(await page.getByLabel('Promotion').inputValue()).toBe('2028')
  })
})
