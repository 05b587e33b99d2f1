import http from 'node:http'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { sessions } from '../../db/schema'
import { createAccount, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'

/** A GET as a browser sends it (or not) with Accept-Encoding, the body as it came over the wire. */
function rawGet(url: string, acceptEncoding?: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

// No SMTP_URL here: mail goes to the built-in outbox.
let app: TestServer
beforeAll(async () => {
  app = await startTestServer()
})
afterAll(async () => {
  await app?.close()
})

describe('the site', () => {
  it('speaks French by default and English after the switch', async () => {
    const browser = new HttpClient(app.url)
    const french = await (await browser.get('/connexion')).text()
    expect(french).toContain('<html lang="fr">')
    expect(french).toContain('Se connecter')
    const switched = await browser.post('/langue', { locale: 'en', redirectTo: '/connexion' })
    expect(switched.headers.get('location')).toBe('/connexion')
    const english = await (await browser.get('/connexion')).text()
    expect(english).toContain('<html lang="en">')
    expect(english).toContain('Log in')
    const evil = await browser.post('/langue', { locale: 'fr', redirectTo: 'https://evil.example' })
    expect(evil.headers.get('location')).toBe('/')
  })

  it('keeps mail in the outbox, shown to webmasters only at /admin/emails', async () => {
    const member = await createAccount(app.ctx, { membership: 'alumni' })
    await new HttpClient(app.url).post('/mot-de-passe-oublie', { email: member.email })
    await expect.poll(() => app.ctx.database.sqlite.prepare('select count(*) as n from outbox where "to" = ?').get(member.email)).toEqual({ n: 1 })

    const memberBrowser = new HttpClient(app.url)
    await memberBrowser.login(member.email, TEST_PASSWORD)
    expect((await memberBrowser.get('/admin/emails')).status).toBe(403)

    const webmaster = await createAccount(app.ctx, { role: 'webmaster' })
    const admin = new HttpClient(app.url)
    await admin.login(webmaster.email, TEST_PASSWORD)
    const page = await admin.get('/admin/emails')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(member.email)
    expect(html).toContain('Réinitialisation de votre mot de passe')
    expect(html).toMatch(/http:\/\/localhost:\d+\/reinitialiser-mot-de-passe\?token=/)
  })

  it('lets a webmaster deactivate an account from /admin/comptes, never their own', async () => {
    const webmaster = await createAccount(app.ctx, { role: 'webmaster' })
    const target = await createAccount(app.ctx, { membership: 'alumni' })
    const targetBrowser = new HttpClient(app.url)
    await targetBrowser.login(target.email, TEST_PASSWORD)
    const admin = new HttpClient(app.url)
    await admin.login(webmaster.email, TEST_PASSWORD)

    const list = await (await admin.get(`/admin/comptes?q=${encodeURIComponent(target.lastName)}`)).text()
    expect(list).toContain(target.email)
    // A deactivation is a decision: it needs its facts (the statement of reasons).
    const done = await admin.post('/admin/comptes', { intent: 'deactivate', userId: target.id, facts: 'Messages insultants répétés envers plusieurs membres.' })
    expect(done.status).toBe(302)
    expect((await targetBrowser.get('/mon-compte')).status).toBe(302)
    expect((await new HttpClient(app.url).post('/connexion', { email: target.email, password: TEST_PASSWORD })).status).toBe(403)

    await admin.post('/admin/comptes', { intent: 'deactivate', userId: webmaster.id })
    expect((await admin.get('/admin/comptes')).status).toBe(200)

    const member = new HttpClient(app.url)
    await member.login((await createAccount(app.ctx, { membership: 'alumni' })).email, TEST_PASSWORD)
    expect((await member.post('/admin/comptes', { intent: 'reactivate', userId: target.id })).status).toBe(403)
  })

  it('extends a session that is past half its life (sliding expiry)', async () => {
    const account = await createAccount(app.ctx)
    const browser = new HttpClient(app.url)
    await browser.login(account.email, TEST_PASSWORD)
    const soon = Math.floor(Date.now() / 1000) + 24 * 3600
    app.ctx.db.update(sessions).set({ expiresAt: soon }).where(eq(sessions.userId, account.id)).run()
    const response = await browser.get('/mon-compte')
    expect(response.status).toBe(200)
    expect(response.headers.getSetCookie().some((c) => c.startsWith('amicale_session='))).toBe(true)
    const row = app.ctx.db.select().from(sessions).where(eq(sessions.userId, account.id)).get()!
    expect(row.expiresAt).toBeGreaterThan(soon + 20 * 24 * 3600)
  })

  it('compresses pages and scripts for browsers that accept it, and caches hashed assets for a year', async () => {
    const page = await rawGet(`${app.url}/connexion`, 'gzip, deflate')
    expect(page.headers['content-encoding']).toBe('gzip')
    const html = zlib.gunzipSync(page.body).toString()
    expect(html).toContain('Se connecter')
    // Every page has the site's description (a page's own meta replaces the root's in Remix).
    expect(html).toMatch(/<meta name="description" content="[^"]{20,}"/)
    expect(page.body.length).toBeLessThan(html.length / 2)
    // Remix's route manifest (tens of KB); scripts under 1 KB are sent as they are.
    const script = /"(\/build\/manifest-[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const asset = await rawGet(`${app.url}${script}`, 'gzip')
    expect(asset.headers['content-encoding']).toBe('gzip')
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    // Without Accept-Encoding, the same page as it is.
    // Brotli where the browser offers it (all current ones do).
    expect((await rawGet(`${app.url}/connexion`, 'gzip, deflate, br')).headers['content-encoding']).toBe('br')
    const plain = await rawGet(`${app.url}/connexion`)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toContain('Se connecter')
  })

  it('shows a plain French error page, never a stack trace, when something breaks', async () => {
    app.ctx.database.sqlite.exec('alter table throttles rename to throttles_away')
    try {
      const response = await new HttpClient(app.url).post('/connexion', { email: 'a@exemple.fr', password: 'quelque-chose' })
      expect(response.status).toBe(500)
      const html = await response.text()
      expect(html).toContain('Une erreur est survenue')
      expect(html).not.toMatch(/SqliteError|no such table|at \w+ \(|\.ts:\d+/)
    } finally {
      app.ctx.database.sqlite.exec('alter table throttles_away rename to throttles')
    }
  })
})
