import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import sharp from 'sharp'
import { profiles } from '../../db/schema'
import { setAccountStatus } from '../../app/features/accounts/accounts.server'
import { createAccount, profileForm, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpServer } from '../support/smtp'

let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  app = await startTestServer({ SMTP_URL: smtp.url })
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

async function member(overrides: Record<string, string> = {}) {
  const account = await createAccount(app.ctx, { membership: 'alumni' })
  const browser = new HttpClient(app.url)
  await browser.login(account.email, TEST_PASSWORD)
  const saved = await browser.postMultipart('/mon-compte/profil', profileForm(overrides))
  expect(saved.status).toBe(302)
  return { account, browser }
}

async function search(browser: HttpClient, query: string) {
  const response = await browser.get(`/api/annuaire?${query}`)
  expect(response.status).toBe(200)
  return (await response.json()) as { total: number; hits: { id: string; city: string; highlights?: unknown }[] }
}

describe('access', () => {
  it('sends visitors to log in and shows non-members how to pay, on the page and the endpoint alike', async () => {
    for (const path of ['/annuaire', '/api/annuaire?q=a', '/api/membres/x', '/membres/x']) {
      const visitor = await new HttpClient(app.url).get(path)
      expect(visitor.status, path).toBe(302)
      expect(visitor.headers.get('location'), path).toMatch(/^\/connexion\?redirectTo=/)
    }
    const registered = await createAccount(app.ctx)
    const browser = new HttpClient(app.url)
    await browser.login(registered.email, TEST_PASSWORD)
    for (const path of ['/annuaire', '/api/annuaire?q=a', '/membres/x']) expect((await browser.get(path)).status, path).toBe(403)
  })
})

describe('profiles in the index', () => {
  it('places the city from the gazetteer and finds the member by name, accents aside, within a second of the edit', async () => {
    const { account, browser } = await member({ city: 'Saint-Etienne' })
    const row = app.ctx.db.select().from(profiles).where(eq(profiles.userId, account.id)).get()!
    expect(row.city).toBe('Saint-Étienne')
    expect(row.latitude).toBeCloseTo(45.43, 1)
    expect(row.longitude).toBeCloseTo(4.39, 1)
    const found = await search(browser, `q=${encodeURIComponent(account.lastName.slice(0, 4).toLowerCase())}`)
    expect(found.hits.map((h) => h.id)).toContain(account.id)

    await browser.postMultipart('/mon-compte/profil', profileForm({ city: 'Grenoble' }))
    // Freshness of the index: from the moment the edit is saved (its answer) to the search finding it.
    const started = Date.now()
    const moved = await search(browser, `ville=Grenoble&q=${encodeURIComponent(account.lastName)}`)
    expect(moved.hits.map((h) => h.id)).toContain(account.id)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('refuses an unknown city next to the field', async () => {
    const { browser } = await member()
    const response = await browser.postMultipart('/mon-compte/profil', profileForm({ city: 'Zzyzxville-sur-Rien' }))
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Ville introuvable')
  })

  it('takes out a member who leaves the directory or is deactivated, at once', async () => {
    const { account, browser } = await member({ company: 'Sortante SARL' })
    const other = await member()
    expect((await search(other.browser, 'entreprise=Sortante%20SARL')).total).toBe(1)
    // An unticked checkbox is simply not sent.
    const { inDirectory: _ticked, ...leaving } = profileForm({ company: 'Sortante SARL' })
    expect((await browser.postMultipart('/mon-compte/profil', leaving)).status).toBe(302)
    expect((await search(other.browser, 'entreprise=Sortante%20SARL')).total).toBe(0)
    expect((await other.browser.get(`/membres/${account.id}`)).status).toBe(404)

    const second = await member({ company: 'Désactivée SA' })
    expect((await search(other.browser, `entreprise=${encodeURIComponent('Désactivée SA')}`)).total).toBe(1)
    setAccountStatus(app.ctx, { userId: second.account.id, status: 'deactivated' })
    await expect.poll(async () => (await search(other.browser, `entreprise=${encodeURIComponent('Désactivée SA')}`)).total, { timeout: 1000 }).toBe(0)
  })

  it('never shows a contact detail hidden from members', async () => {
    const { account } = await member()
    const viewer = await member()
    const html = await (await viewer.browser.get(`/membres/${account.id}`)).text()
    expect(html).toContain('pro@exemple.fr')
    expect(html).not.toContain('06 12 34 56 78')
  })

  it('resizes an uploaded photo on the server and serves it to members only', async () => {
    const { account, browser } = await member()
    const big = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#1f4fa3' } })
      .jpeg()
      .toBuffer()
    const saved = await browser.postMultipart('/mon-compte/profil', profileForm(), { photo: { name: 'moi.jpg', type: 'image/jpeg', bytes: big } })
    expect(saved.status).toBe(302)
    const photo = await browser.get(`/membres/${account.id}/photo`)
    expect(photo.headers.get('content-type')).toBe('image/webp')
    const meta = await sharp(Buffer.from(await photo.arrayBuffer())).metadata()
    expect([meta.width, meta.height]).toEqual([400, 400])
    expect((await new HttpClient(app.url).get(`/membres/${account.id}/photo`)).status).toBe(302)

    const fake = await browser.postMultipart('/mon-compte/profil', profileForm(), {
      photo: { name: 'x.jpg', type: 'image/jpeg', bytes: new TextEncoder().encode('pas une image') },
    })
    expect(fake.status).toBe(400)
  })
})

describe('contact requests', () => {
  it('emails a consenting member the requester’s name, promotion and message; refuses the others; 10 a day at most', async () => {
    const target = await member({ contactConsent: 'on' })
    const shy = await member()
    const requester = await member({ promotion: '2004' })

    const page = await (await requester.browser.get(`/membres/${shy.account.id}`)).text()
    expect(page).not.toContain('Entrer en relation')
    const refused = await requester.browser.post(`/membres/${shy.account.id}`, { message: 'Bonjour, je voudrais vous parler de votre métier.' })
    expect(refused.status).toBe(403)

    const sent = await requester.browser.post(`/membres/${target.account.id}`, { message: 'Bonjour, je voudrais vous parler de votre métier.' })
    expect(sent.status).toBe(302)
    const mail = await smtp.waitForMail((m) => m.to.includes(target.account.email))
    expect(mail.text).toContain(`${requester.account.firstName} ${requester.account.lastName} (promotion 2004)`)
    expect(mail.text).toContain('Bonjour, je voudrais vous parler de votre métier.')
    expect(mail.parsed.replyTo?.value[0].address).toBe(requester.account.email)

    for (let i = 1; i < 10; i++)
      expect((await requester.browser.post(`/membres/${target.account.id}`, { message: `Message numéro ${i} pour tester la limite.` })).status).toBe(302)
    const limited = await requester.browser.post(`/membres/${target.account.id}`, { message: 'Un message de trop pour aujourd’hui.' })
    expect(limited.status).toBe(429)
    expect(await limited.text()).toContain('limite de 10 demandes par jour')
  })
})
