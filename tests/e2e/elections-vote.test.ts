import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { electionBallots } from '../../db/schema'
import { createAccount } from '../factories'
import { hydrated, logIn, openPage, seriousViolations } from '../support/browser'
import { browserSuite } from '../support/browser-suite'
import { insertSealedElection } from '../support/sealed-election'

// Voting in Chromium (#18): a voter opens the credential mail's link on a phone, the page reads
// the code from the fragment (and removes it from the address bar), the browser encrypts and
// signs the ballot, the tracker shows and arrives by SMTP, and the board finds it. Axe on each page.
const suite = browserSuite({ MAP_TILE_URL: '' })

const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

describe('voting in the browser', () => {
  it('a voter follows the credential link at 360 px, votes, sees the tracker, gets it by mail, finds it on the board', { timeout: 90_000 }, async () => {
    const ctx = suite.app.ctx
    const voter = await createAccount(ctx, { membership: 'alumni', promotion: 2014 })
    const others = await Promise.all([0, 1, 2, 3].map(() => createAccount(ctx, { membership: 'alumni', promotion: 2009 })))
    const sealed = insertSealedElection(ctx, {
      roll: [voter.id, ...others.map((o) => o.id)],
      candidates: 3,
      seats: 2,
      trustees: others.slice(0, 3).map((o) => o.id),
    })
    const secret = sealed.secrets.get(voter.id)!

    const { page, errors } = await openPage(suite.browser, { viewport: { width: 360, height: 740 } })
    const posted: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(request.postData() ?? '')
    })
    await logIn(page, suite.app.url, voter.email)
    // The link of the credential mail: the code in the fragment, which never reaches the server.
    await page.goto(`${suite.app.url}/elections/${sealed.id}/voter#code=${secret}`)
    await page.getByRole('heading', { level: 1, name: 'Voter' }).waitFor()
    await hydrated(page)
    expect(page.url()).not.toContain('#code')
    expect(page.url()).not.toContain(secret)
    expect(await seriousViolations(page)).toEqual([])
    expect(await overflow(page)).toBeLessThanOrEqual(0)
    await page.screenshot({ path: 'docs/screenshots/vote-identity-360.png', fullPage: true }).catch(() => undefined)

    // First the voter confirms it is them. A wrong password is said next to the field.
    await page.getByLabel('Votre mot de passe').fill('pas-le-bon-mot-de-passe')
    await page.getByRole('button', { name: 'Confirmer mon identité' }).click()
    await page.locator('.field__error', { hasText: 'Mot de passe incorrect.' }).waitFor()
    await page.getByLabel('Votre mot de passe').fill(voter.password)
    await page.getByRole('button', { name: 'Confirmer mon identité' }).click()
    await page.getByRole('heading', { name: '2. Votre bulletin' }).waitFor()
    await page.getByText(/Identité confirmée\s: vous pouvez déposer votre bulletin jusqu’à \d\d h \d\d\./u).waitFor()
    // Then the ballot: the voting code came from the link.
    await expect.poll(() => page.getByLabel('Code de vote').inputValue()).toBe(secret)
    expect(await seriousViolations(page)).toEqual([])
    expect(await overflow(page)).toBeLessThanOrEqual(0)

    await page.getByLabel(sealed.candidates[0]!.name).check()
    await page.getByLabel(sealed.candidates[2]!.name).check()
    await page.getByText('2 candidats choisis sur 2 au plus.').waitFor()
    await page.screenshot({ path: 'docs/screenshots/vote-ballot-360.png', fullPage: true }).catch(() => undefined)
    await page.getByRole('button', { name: 'Chiffrer et déposer mon bulletin' }).click()
    await page.getByRole('heading', { name: 'Votre bulletin est dans l’urne' }).waitFor({ timeout: 20_000 })
    const tracker = (await page.locator('#vote-tracker').textContent())!.trim()
    expect(tracker).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const box = ctx.db.select().from(electionBallots).where(eq(electionBallots.electionId, sealed.id)).all()
    expect(box.map((r) => r.tracker)).toEqual([tracker])
    expect(await seriousViolations(page)).toEqual([])
    expect(await overflow(page)).toBeLessThanOrEqual(0)
    // Only the ballot left the browser, never the voting code.
    expect(posted.length).toBeGreaterThanOrEqual(2)
    for (const body of posted) expect(body).not.toContain(secret)

    const mail = await suite.smtp.waitForMail((m) => m.to.includes(voter.email) && m.subject.startsWith('Votre bulletin est dans l’urne'))
    expect(mail.text).toContain(tracker)
    expect(mail.text).toContain(sealed.fingerprint)

    await page.getByRole('link', { name: 'Vérifier sur l’urne' }).click()
    await page.getByRole('heading', { level: 1, name: 'L’urne publique' }).waitFor()
    await page.locator('.alert--success', { hasText: `Votre bulletin ${tracker} est dans l’urne.` }).waitFor()
    expect(page.url()).not.toContain(tracker)
    await page.locator('.board-trackers code', { hasText: tracker }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    expect(await overflow(page)).toBeLessThanOrEqual(0)

    // Back on the voting page: it says a ballot exists and that a new one replaces it.
    await page.goto(`${suite.app.url}/elections/${sealed.id}/voter`)
    await page.getByText('Vous avez déjà voté.').waitFor()
    expect(errors).toEqual([])
  })

  it('a member who is not on the roll is told why, at 1280 px, axe-clean', { timeout: 60_000 }, async () => {
    const ctx = suite.app.ctx
    const onRoll = await Promise.all([0, 1, 2].map(() => createAccount(ctx, { membership: 'alumni' })))
    const sealed = insertSealedElection(ctx, { roll: onRoll.map((o) => o.id), candidates: 2, seats: 1 })
    const outsider = await createAccount(ctx, { membership: 'alumni' })
    const { page, errors } = await openPage(suite.browser, { viewport: { width: 1280, height: 800 } })
    await logIn(page, suite.app.url, outsider.email)
    await page.goto(`${suite.app.url}/elections/${sealed.id}/voter`)
    await page.getByText('Vous n’êtes pas sur la liste électorale').waitFor()
    await page.getByRole('link', { name: 'Voir la liste électorale' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await page.goto(`${suite.app.url}/elections/${sealed.id}/urne`)
    await page.getByText('Aucun bulletin dans l’urne pour le moment.').waitFor()
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
  })
})
