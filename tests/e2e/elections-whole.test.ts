import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PDFDocument } from 'pdf-lib'
import { electionCandidacies, elections, electionTrustees } from '../../db/schema'
import { findElection } from '../../app/features/elections/elections.server'
import { partialDecrypt } from '../../app/features/elections/crypto/threshold'
import { submitPartialDecryption } from '../../app/features/elections/tally.server'
import { createAccount } from '../factories'
import { sessionClient } from '../event-factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'
import { ceremonyThroughServer } from '../support/sealed-election'

// A whole election in Chromium (#18): a member applies, a webmaster validates and seals, a voter
// votes from the credential mail's link and gets the tracker by SMTP, a trustee decrypts in the
// browser from their key file and a second one joins, the results and the procès-verbal appear.
// The site's clock is moved forward between the stages; the trustees' ceremony is posted from Node
// through the server's checks (tests/integration/elections-trustee-page.test.ts covers its page).
const suite = browserSuite({ MAP_TILE_URL: '' })
const DAY = 86_400_000

describe('a whole election', () => {
  it('from a candidacy to the procès-verbal', { timeout: 120_000 }, async () => {
    const ctx = suite.app.ctx
    let offset = 0
    ctx.now = () => new Date(Date.now() + offset)
    const start = Date.now()
    const candidate = await createAccount(ctx, { membership: 'alumni', promotion: 2011 })
    const voter = await createAccount(ctx, { membership: 'alumni', promotion: 2016 })
    const trustees = await Promise.all([1, 2, 3].map(() => createAccount(ctx, { membership: 'alumni' })))
    const webmaster = await createAccount(ctx, { role: 'webmaster', membership: 'alumni' })
    const id = 'bureau-e2e'
    ctx.db
      .insert(elections)
      .values({
        id,
        title: 'Élection du bureau (essai)',
        seats: 1,
        threshold: 2,
        candidacyOpensAt: new Date(start - DAY),
        candidacyClosesAt: new Date(start + DAY),
        rollAt: new Date(start + DAY),
        votingOpensAt: new Date(start + 3 * DAY),
        votingClosesAt: new Date(start + 5 * DAY),
        createdAt: new Date(start - 2 * DAY),
        updatedAt: new Date(start - 2 * DAY),
      })
      .run()
    trustees.forEach((tr, i) =>
      ctx.db
        .insert(electionTrustees)
        .values({ electionId: id, position: i + 1, userId: tr.id, name: `${tr.firstName} ${tr.lastName}`, updatedAt: new Date(start) })
        .run(),
    )

    // 1. The candidate applies in the browser.
    const { page, errors } = await openPage(suite.browser, { viewport: { width: 360, height: 740 } })
    await logIn(page, suite.app.url, candidate.email)
    await page.goto(`${suite.app.url}/elections/${id}/candidature`)
    await hydrated(page)
    await page.getByLabel('Profession de foi').fill('Je me présente pour **rapprocher les promotions**.')
    await page.getByRole('button', { name: 'Déposer ma candidature' }).click()
    await page.getByText('Votre candidature est enregistrée').waitFor()
    const candidacy = ctx.db
      .select()
      .from(electionCandidacies)
      .all()
      .find((c) => c.electionId === id)!
    expect(candidacy.status).toBe('pending')

    // 2. A webmaster validates it; the window closes, the roll is frozen, the list published.
    const admin = await sessionClient(ctx, suite.app.url, webmaster.id)
    expect((await admin.post(`/admin/elections/${id}/candidatures`, { intent: 'validate', candidacyId: String(candidacy.id) })).status).toBe(302)
    offset = 2 * DAY
    expect((await admin.get(`/admin/elections/${id}/scellement`)).status).toBe(200)
    const keyFiles = ceremonyThroughServer(
      ctx,
      id,
      trustees.map((tr) => tr.id),
      2,
    )
    expect((await admin.post(`/admin/elections/${id}/scellement`, { intent: 'seal', confirm: 'yes' })).status).toBe(302)
    const sealed = findElection(ctx.db, id)!
    expect(sealed.state).toBe('sealed')

    // 3. Voting opens; the voter follows the credential mail's link.
    const credential = await suite.smtp.waitForMail((m) => m.to.includes(voter.email) && m.subject.startsWith('Votre code de vote'))
    const link = /(http:\/\/\S+\/voter#code=[A-Za-z0-9_-]+)/.exec(credential.text)![1]!
    offset = 3 * DAY + 60_000
    const voting = await openPage(suite.browser, { viewport: { width: 360, height: 740 } })
    await logIn(voting.page, suite.app.url, voter.email)
    await voting.page.goto(link)
    await hydrated(voting.page)
    await voting.page.getByLabel('Votre mot de passe').fill(voter.password)
    await voting.page.getByRole('button', { name: 'Confirmer mon identité' }).click()
    await voting.page.getByLabel(`${candidate.firstName} ${candidate.lastName}`).check()
    await voting.page.getByRole('button', { name: 'Chiffrer et déposer mon bulletin' }).click()
    await voting.page.getByRole('heading', { name: 'Votre bulletin est dans l’urne' }).waitFor({ timeout: 20_000 })
    const tracker = (await voting.page.locator('#vote-tracker').textContent())!.trim()
    const trackerMail = await suite.smtp.waitForMail((m) => m.to.includes(voter.email) && m.subject.startsWith('Votre bulletin est dans l’urne'))
    expect(trackerMail.text).toContain(tracker)

    // 4. The close; the first trustee decrypts in the browser with their key file, a second from Node.
    offset = 5 * DAY + 60_000
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-trustee-'))
    const keyPath = path.join(dir, `assesseur-1-${id}.json`)
    fs.writeFileSync(keyPath, JSON.stringify(keyFiles[0]))
    const trusteePage = await openPage(suite.browser, { viewport: { width: 1280, height: 800 } })
    await logIn(trusteePage.page, suite.app.url, trustees[0]!.email)
    await trusteePage.page.goto(`${suite.app.url}/elections/${id}/assesseur`)
    await hydrated(trusteePage.page)
    await trusteePage.page.getByLabel('Votre fichier de clé').setInputFiles(keyPath)
    await expect
      .poll(
        () =>
          ctx.db
            .select()
            .from(electionTrustees)
            .all()
            .find((r) => r.electionId === id && r.position === 1)?.partialDecryption ?? null,
        { timeout: 20_000 },
      )
      .not.toBeNull()
    expect(await seriousViolations(trusteePage.page)).toEqual([])
    fs.rmSync(dir, { recursive: true, force: true })
    const tallying = findElection(ctx.db, id)!
    const partial = partialDecrypt(tallying.fingerprint!, keyFiles[2]!, JSON.parse(tallying.encryptedTally!))
    expect(submitPartialDecryption(ctx, tallying, 3, JSON.stringify(partial))).toEqual({ ok: true, published: true })

    // 5. The results and the procès-verbal.
    await voting.page.goto(`${suite.app.url}/elections/${id}/resultats`)
    await voting.page.getByRole('heading', { level: 1, name: /Résultats/ }).waitFor()
    await voting.page.getByRole('row', { name: new RegExp(`${candidate.firstName} ${candidate.lastName} élu`) }).waitFor()
    expect(await seriousViolations(voting.page)).toEqual([])
    const pdf = await voting.page.request.get(`${suite.app.url}/elections/${id}/proces-verbal.pdf`)
    expect(pdf.status()).toBe(200)
    const doc = await PDFDocument.load(await pdf.body())
    expect(doc.getSubject()).toBe(sealed.fingerprint)
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([])
    expect(voting.errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([])
  })
})
