import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { elections, electionTrustees, users } from '../../db/schema'
import { trusteesOf } from '../../app/features/elections/ceremony.server'
import { ceremonyCheckAndShare, ceremonyFinalise, ceremonyPublish, partialDecrypt, type CeremonyContext } from '../../app/features/elections/crypto/threshold'
import { createAccount } from '../factories'
import { sessionClient } from '../event-factories'
import { careersTestApp } from '../support/careers'
import { closeVoting, insertSealedElection } from '../support/sealed-election'
import { decodeData } from '../support/single-fetch'
import { HttpClient } from '../support/http'
import { hydrated, launchBrowser, logIn, openPage, seriousViolations } from '../support/browser'

// The trustees' page /elections/:id/assesseur (#18) through real HTTP: 403 for anyone else, the
// three ceremony steps posted by three trustees (their browsers' crypto run in Node), refusals in
// French, and the tally's partial decryptions until the result is published.
const t = careersTestApp('10.18.9')
const DAY = 86_400_000
type Client = Awaited<ReturnType<typeof sessionClient>>

async function post(client: Client, id: string, form: Record<string, string>) {
  const response = await client.request(`/elections/${id}/assesseur.data`, { form })
  const decoded = (await decodeData(response)) as { data?: unknown } | unknown
  const data = (decoded && typeof decoded === 'object' && 'data' in decoded ? (decoded as { data: unknown }).data : decoded) as {
    ok?: boolean
    published?: boolean
    errors?: Record<string, string[]>
  }
  return { status: response.status, data }
}

async function draftWithTrustees(n = 3, threshold = 2) {
  const now = Date.now()
  const id = crypto.randomBytes(9).toString('base64url')
  t.app.ctx.db
    .insert(elections)
    .values({
      id,
      title: `Élection ${id}`,
      seats: 2,
      threshold,
      candidacyOpensAt: new Date(now - DAY),
      candidacyClosesAt: new Date(now + DAY),
      rollAt: new Date(now + 2 * DAY),
      votingOpensAt: new Date(now + 5 * DAY),
      votingClosesAt: new Date(now + 7 * DAY),
      createdAt: new Date(now - 2 * DAY),
      updatedAt: new Date(now - 2 * DAY),
    })
    .run()
  const clients: Client[] = []
  for (let i = 1; i <= n; i++) {
    const account = await createAccount(t.app.ctx, { membership: 'alumni', promotion: 2010 + i })
    clients.push(await sessionClient(t.app.ctx, t.app.url, account.id))
    t.app.ctx.db
      .insert(electionTrustees)
      .values({ electionId: id, position: i, userId: account.id, name: `Assesseur ${i}`, updatedAt: new Date(now) })
      .run()
  }
  const context: CeremonyContext = { electionId: id, trustees: clients.map((_, i) => `Assesseur ${i + 1}`), threshold }
  return { id, clients, context }
}

describe('the trustees’ page', () => {
  it('answers 403 to a member who is not a trustee, on GET and POST, and sends a visitor to the login', async () => {
    const { id, clients } = await draftWithTrustees()
    const stranger = await createAccount(t.app.ctx, { membership: 'alumni' })
    const browser = await sessionClient(t.app.ctx, t.app.url, stranger.id)
    const refused = await browser.request(`/elections/${id}/assesseur`)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('réservée aux assesseurs')
    expect((await post(browser, id, { intent: 'publish', message: '{"trustee":1}' })).status).toBe(403)
    const visitor = await new HttpClient(t.app.url, '10.18.9.250').request(`/elections/${id}/assesseur`)
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toContain('/connexion')
    const page = await clients[0]!.request(`/elections/${id}/assesseur`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Vous êtes assesseur')
    expect(html).toContain('Assesseur 2')
    expect(html).toContain('JavaScript')
  })

  it('runs a whole ceremony of three trustees through the action, refusing a forged message in French', async () => {
    const { id, clients, context } = await draftWithTrustees()
    const steps = clients.map((_, i) => ceremonyPublish(context, i + 1))
    const forged = { ...steps[0]!.message, commitments: [...steps[0]!.message.commitments].reverse() }
    const refused = await post(clients[0]!, id, { intent: 'publish', message: JSON.stringify(forged) })
    expect(refused.status).toBe(422)
    expect(refused.data.errors?.message?.[0]).toContain('ne passe pas la vérification')
    const garbage = await post(clients[0]!, id, { intent: 'publish', message: 'pas du json' })
    expect(garbage.status).toBe(400)
    expect(garbage.data.errors?.message?.[0]).toContain('illisible')
    const early = await post(clients[0]!, id, { intent: 'share', message: '{"trustee":1}' })
    expect(early.status).toBe(409)

    for (const [i, s] of steps.entries()) {
      const answer = await post(clients[i]!, id, { intent: 'publish', message: JSON.stringify(s.message) })
      expect(answer.status, JSON.stringify(answer.data)).toBe(200)
    }
    const commitments = trusteesOf(t.app.ctx.db, id).map((r) => JSON.parse(r.commitment!))
    for (const [i, s] of steps.entries()) {
      const shared = ceremonyCheckAndShare(s.state, commitments)
      if (!shared.ok) throw new Error(shared.failure)
      const answer = await post(clients[i]!, id, { intent: 'share', message: JSON.stringify(shared.message) })
      expect(answer.status, JSON.stringify(answer.data)).toBe(200)
    }
    const shares = trusteesOf(t.app.ctx.db, id).map((r) => JSON.parse(r.shares!))
    for (const [i, s] of steps.entries()) {
      const done = ceremonyFinalise(s.state, commitments, shares)
      if (!done.ok) throw new Error(done.failure)
      const answer = await post(clients[i]!, id, { intent: 'finalise', message: JSON.stringify(done.message) })
      expect(answer.status, JSON.stringify(answer.data)).toBe(200)
    }
    for (const row of trusteesOf(t.app.ctx.db, id)) expect(row.verificationKey).toBeTruthy()
    const again = await post(clients[1]!, id, { intent: 'finalise', message: '{"trustee":2}' })
    expect(again.status).toBe(409)
    const html = await (await clients[2]!.request(`/elections/${id}/assesseur`)).text()
    expect(html).toContain('les trois étapes faites')
  }, 30_000)

  it('at the tally, refuses a bad partial decryption and publishes after two good ones', async () => {
    const roll = []
    for (let i = 0; i < 5; i++) roll.push((await createAccount(t.app.ctx, { membership: 'alumni', promotion: 2000 + i })).id)
    const sealed = insertSealedElection(t.app.ctx, { roll, candidates: 2, seats: 1 })
    const trustees = await Promise.all(roll.slice(0, 3).map((u) => sessionClient(t.app.ctx, t.app.url, u)))
    closeVoting(t.app.ctx, sealed.id)
    // The loader closes the box: the encrypted tally is there, state tallying.
    const page = await trustees[0]!.request(`/elections/${sealed.id}/assesseur`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('pas encore déchiffré')
    const row = t.app.ctx.db.select().from(elections).where(eq(elections.id, sealed.id)).get()!
    expect(row.state).toBe('tallying')
    const encrypted = JSON.parse(row.encryptedTally!)

    const garbage = await post(trustees[0]!, sealed.id, { intent: 'decrypt', partial: '{"trustee":1}' })
    expect(garbage.status).toBe(400)
    expect(garbage.data.errors?.partial?.[0]).toContain('illisible')
    const other = partialDecrypt(sealed.fingerprint, sealed.keyFiles[1]!, encrypted)
    const wrong = await post(trustees[0]!, sealed.id, { intent: 'decrypt', partial: JSON.stringify(other) })
    expect(wrong.status).toBe(400)
    expect(wrong.data.errors?.partial?.[0]).toContain('autre assesseur')
    const forged = { ...other, trustee: 1 }
    const badProof = await post(trustees[0]!, sealed.id, { intent: 'decrypt', partial: JSON.stringify(forged) })
    expect(badProof.status).toBe(422)
    expect(badProof.data.errors?.partial?.[0]).toContain('ne correspond pas')

    const first = await post(trustees[0]!, sealed.id, {
      intent: 'decrypt',
      partial: JSON.stringify(partialDecrypt(sealed.fingerprint, sealed.keyFiles[0]!, encrypted)),
    })
    expect(first.status, JSON.stringify(first.data)).toBe(200)
    expect(first.data.published).toBe(false)
    const twice = await post(trustees[0]!, sealed.id, {
      intent: 'decrypt',
      partial: JSON.stringify(partialDecrypt(sealed.fingerprint, sealed.keyFiles[0]!, encrypted)),
    })
    expect(twice.status).toBe(409)
    const second = await post(trustees[2]!, sealed.id, {
      intent: 'decrypt',
      partial: JSON.stringify(partialDecrypt(sealed.fingerprint, sealed.keyFiles[2]!, encrypted)),
    })
    expect(second.status, JSON.stringify(second.data)).toBe(200)
    expect(second.data.published).toBe(true)
    expect(t.app.ctx.db.select().from(elections).where(eq(elections.id, sealed.id)).get()!.state).toBe('published')
    const done = await (await trustees[1]!.request(`/elections/${sealed.id}/assesseur`)).text()
    expect(done).toContain(`/elections/${sealed.id}/resultats`)
    const stored = t.app.ctx.db
      .select()
      .from(electionTrustees)
      .where(and(eq(electionTrustees.electionId, sealed.id), eq(electionTrustees.position, 2)))
      .get()!
    expect(stored.partialDecryption).toBeNull()
  }, 40_000)

  it('in Chromium, two trustees load their key files at the tally (read in the page, never uploaded) and the result is published', async () => {
    const roll: { id: string; email: string }[] = []
    for (let i = 0; i < 4; i++) roll.push(await createAccount(t.app.ctx, { membership: 'alumni', promotion: 2000 + i }))
    const sealed = insertSealedElection(t.app.ctx, { roll: roll.map((r) => r.id), candidates: 2, seats: 1 })
    closeVoting(t.app.ctx, sealed.id)
    const browser = await launchBrowser()
    try {
      for (const [k, position] of [1, 3].entries()) {
        const { page, context, errors } = await openPage(browser, { viewport: { width: 360, height: 800 } })
        const uploads: string[] = []
        page.on('request', (r) => {
          if (r.method() === 'POST') uploads.push(r.postData() ?? '')
        })
        await logIn(page, t.app.url, roll[position - 1]!.email)
        await page.goto(`${t.app.url}/elections/${sealed.id}/assesseur`)
        await hydrated(page)
        if (k === 0) {
          // A file that is not a key file is refused in the page.
          await page.getByLabel('Votre fichier de clé').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') })
          await page.getByText('pas un fichier de clé d’assesseur valable').waitFor()
          expect(await seriousViolations(page)).toEqual([])
        }
        const keyFile = JSON.stringify(sealed.keyFiles[position - 1])
        await page
          .getByLabel('Votre fichier de clé')
          .setInputFiles({ name: `assesseur-${position}-${sealed.id}.json`, mimeType: 'application/json', buffer: Buffer.from(keyFile) })
        await page.getByText(k === 0 ? 'Votre déchiffrement est enregistré' : 'les résultats sont publiés').waitFor({ timeout: 15_000 })
        expect(uploads.some((u) => u.includes(sealed.keyFiles[position - 1]!.share))).toBe(false)
        expect(errors).toEqual([])
        await context.close()
      }
    } finally {
      await browser.close()
    }
    expect(t.app.ctx.db.select().from(elections).where(eq(elections.id, sealed.id)).get()!.state).toBe('published')
  }, 50_000)

  it('in Chromium, three trustees run the ceremony: the state in localStorage, the key file downloaded at step 3', async () => {
    const { id } = await draftWithTrustees()
    const accounts = t.app.ctx.db.select().from(electionTrustees).where(eq(electionTrustees.electionId, id)).all()
    const browser = await launchBrowser()
    try {
      const pages: (Awaited<ReturnType<typeof openPage>> & { position: number })[] = []
      for (const row of accounts.sort((a, b) => a.position - b.position)) {
        const opened = await openPage(browser, { acceptDownloads: true })
        const email = t.app.ctx.db.select({ email: users.email }).from(users).where(eq(users.id, row.userId!)).get()!.email
        await logIn(opened.page, t.app.url, email)
        await opened.page.goto(`${t.app.url}/elections/${id}/assesseur`)
        await hydrated(opened.page)
        pages.push({ ...opened, position: row.position })
      }
      const click = async (p: (typeof pages)[number], name: RegExp) => {
        await p.page.reload()
        await hydrated(p.page)
        await p.page.getByRole('button', { name }).click()
      }
      for (const p of pages) {
        await click(p, /Commencer l’étape 1/)
        await p.page.getByRole('heading', { name: /Étape 2 sur 3/ }).waitFor({ timeout: 15_000 })
        const key = `amicale-trustee:${id}:${p.position}`
        expect(await p.page.evaluate((k) => JSON.parse(window.localStorage.getItem(k) ?? 'null')?.format, key)).toBe('amicale-trustee-state/1')
      }
      for (const p of pages) {
        await click(p, /Vérifier et envoyer mes parts/)
        await p.page.getByRole('heading', { name: /Étape 3 sur 3/ }).waitFor({ timeout: 15_000 })
      }
      for (const p of pages) {
        const download = p.page.waitForEvent('download', { timeout: 15_000 })
        await click(p, /télécharger mon fichier de clé/)
        expect((await download).suggestedFilename()).toBe(`assesseur-${p.position}-${id}.json`)
        await p.page.getByRole('heading', { name: /Cérémonie terminée/ }).waitFor({ timeout: 15_000 })
        expect(p.errors).toEqual([])
      }
      await pages[0]!.page.reload()
      await pages[0]!.page.getByText('Tous les assesseurs ont terminé').waitFor()
      expect(await seriousViolations(pages[0]!.page)).toEqual([])
      // The key file kept, the secret is erased from the browser (after a confirmation).
      const first = pages[0]!.page
      await first.getByText('Effacer le secret de ce navigateur', { exact: true }).click()
      await first.getByRole('button', { name: 'Oui, effacer le secret de ce navigateur' }).click()
      await first.getByText('Le secret de la cérémonie est effacé de ce navigateur.').waitFor()
      expect(await first.evaluate((k) => window.localStorage.getItem(k), `amicale-trustee:${id}:1`)).toBeNull()
      expect(await first.getByRole('button', { name: 'Télécharger à nouveau mon fichier de clé' }).count()).toBe(0)
    } finally {
      await browser.close()
    }
    for (const row of trusteesOf(t.app.ctx.db, id)) expect(row.verificationKey).toBeTruthy()
  }, 55_000)
})
