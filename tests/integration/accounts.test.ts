import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { accountTokens, sessions, users } from '../../db/schema'
import { setAccountStatus } from '../../app/features/accounts/accounts.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { mailSuite } from '../support/mail-suite'
import { firstLink } from '../support/smtp'

const suite = mailSuite('10.0.0')
const { client } = suite

describe('sign-up', () => {
  it('creates the account from the link mailed to the address, opens a session and lands on the home page', async () => {
    const browser = client()
    const response = await browser.post('/inscription', {
      lastName: 'Lefèvre',
      firstName: 'Hélène',
      email: 'Helene.Lefevre@Exemple.fr',
      password: 'une phrase de passe solide',
    })
    // The same answer as for a taken address (tests/integration/hardening-accounts.test.ts).
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Vérifiez votre boîte mail')
    const mail = await suite.smtp.waitForMail((m) => m.to.includes('helene.lefevre@exemple.fr'))
    const link = new URL(firstLink(mail, '/inscription/confirmer'))
    const created = await browser.post(`${link.pathname}${link.search}`, { token: link.searchParams.get('token')! })
    expect(created.status).toBe(302)
    expect(created.headers.get('location')).toBe('/')
    const row = suite.app.ctx.db.select().from(users).where(eq(users.email, 'helene.lefevre@exemple.fr')).get()
    expect(row?.lastName).toBe('Lefèvre')
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/)
    const account = await browser.get('/mon-compte')
    expect(account.status).toBe(200)
    expect(await account.text()).toContain('helene.lefevre@exemple.fr')
  })

  it('refuses short and common passwords with French messages next to the field, keeping the input', async () => {
    const short = await client().post('/inscription', { lastName: 'Martin', firstName: 'Léa', email: 'lea@exemple.fr', password: 'court' })
    expect(short.status).toBe(400)
    const shortPage = await short.text()
    expect(shortPage).toContain('au moins 10 caractères')
    expect(shortPage).toContain('value="lea@exemple.fr"')
    const common = await client().post('/inscription', { lastName: 'Martin', firstName: 'Léa', email: 'lea@exemple.fr', password: 'azertyuiop' })
    expect(common.status).toBe(400)
    expect(await common.text()).toContain('trop courant')
    expect(suite.app.ctx.db.select().from(users).where(eq(users.email, 'lea@exemple.fr')).get()).toBeUndefined()
  })
})

describe('log-in', () => {
  it('honours a local redirectTo and ignores a foreign one', async () => {
    const account = await createAccount(suite.app.ctx)
    const local = await client().post('/connexion', { email: account.email, password: TEST_PASSWORD, redirectTo: '/mon-compte?onglet=1' })
    expect(local.headers.get('location')).toBe('/mon-compte?onglet=1')
    for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const response = await client().post('/connexion', { email: account.email, password: TEST_PASSWORD, redirectTo: evil })
      expect(response.headers.get('location')).toBe('/')
    }
  })

  it('sets an HttpOnly, SameSite=Lax session cookie (Secure only under https)', async () => {
    const account = await createAccount(suite.app.ctx)
    const response = await client().post('/connexion', { email: account.email, password: TEST_PASSWORD })
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('amicale_session='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).not.toMatch(/Secure/i)
    const overHttps = await new HttpClient(suite.app.url, '10.9.9.9').request('/connexion', {
      form: { email: account.email, password: TEST_PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
      // Behind the trusted proxy the site is https, so that is the origin its own pages send.
      origin: suite.app.url.replace('http:', 'https:'),
    })
    expect(overHttps.headers.getSetCookie().find((c) => c.startsWith('amicale_session='))).toMatch(/Secure/)
  })

  it('answers a wrong password and an unknown address identically', async () => {
    const account = await createAccount(suite.app.ctx)
    const wrong = await client().post('/connexion', { email: account.email, password: 'pas le bon mot de passe' })
    const unknown = await client().post('/connexion', { email: 'personne@exemple.fr', password: 'pas le bon mot de passe' })
    expect(wrong.status).toBe(unknown.status)
    const strip = (html: string, email: string) => html.replaceAll(email, 'EMAIL').replace(/nonce="[^"]+"/g, '')
    expect(strip(await wrong.text(), account.email)).toBe(strip(await unknown.text(), 'personne@exemple.fr'))
  })

  it('throttles per account after 5 failures, for known and unknown addresses alike, then lets the right password in once the window passes', async () => {
    const account = await createAccount(suite.app.ctx)
    for (const email of [account.email, 'inconnu@exemple.fr']) {
      for (let i = 0; i < 5; i++) {
        const response = await client().post('/connexion', { email, password: 'mauvais-mot-de-passe' })
        expect(response.status).toBe(400)
      }
      const blocked = await client().post('/connexion', { email, password: email === account.email ? TEST_PASSWORD : 'x' })
      expect(blocked.status).toBe(429)
      expect(await blocked.text()).toMatch(/Trop de tentatives\. Réessayez dans 15(&nbsp;|\s)?min/)
    }
    // Age the window: the account opens again.
    suite.app.ctx.database.sqlite.prepare(`update throttles set window_start = window_start - 16 * 60000 where key like 'login:account:%'`).run()
    const ok = await client().post('/connexion', { email: account.email, password: TEST_PASSWORD })
    expect(ok.status).toBe(302)
  })

  it('throttles per IP across many addresses', async () => {
    const attacker = client()
    let last: Response | undefined
    for (let i = 0; i < 31; i++) {
      last = await attacker.post('/connexion', { email: `cible${i}@exemple.fr`, password: 'mauvais-mot-de-passe' })
    }
    expect(last!.status).toBe(429)
    // Someone else, elsewhere, is not affected.
    const account = await createAccount(suite.app.ctx)
    expect((await client().post('/connexion', { email: account.email, password: TEST_PASSWORD })).status).toBe(302)
  })

  it('refuses a deactivated account, says so only to whoever knows the password, and ends its sessions', async () => {
    const account = await createAccount(suite.app.ctx)
    const browser = client()
    await browser.login(account.email, TEST_PASSWORD)
    setAccountStatus(suite.app.ctx, { userId: account.id, status: 'deactivated' })
    expect(suite.app.ctx.db.select().from(sessions).where(eq(sessions.userId, account.id)).all()).toHaveLength(0)
    expect((await browser.get('/mon-compte')).status).toBe(302)

    const refused = await client().post('/connexion', { email: account.email, password: TEST_PASSWORD })
    expect(refused.status).toBe(403)
    const text = await refused.text()
    expect(text).toContain('Ce compte est désactivé')
    expect(text).toContain(suite.app.ctx.config.ASSOCIATION_EMAIL)
    const wrong = await client().post('/connexion', { email: account.email, password: 'mauvais-mot-de-passe' })
    expect(await wrong.text()).not.toContain('désactivé')
  })
})

describe('password reset', () => {
  it('answers the same page whether or not the address exists', async () => {
    const account = await createAccount(suite.app.ctx)
    const known = await client().post('/mot-de-passe-oublie', { email: account.email })
    const unknown = await client().post('/mot-de-passe-oublie', { email: 'absent@exemple.fr' })
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    const clean = (html: string) => html.replace(/nonce="[^"]+"/g, '')
    expect(clean(await known.text())).toBe(clean(await unknown.text()))
    await suite.smtp.waitForMail((m) => m.to.includes(account.email))
    expect(suite.smtp.mailsTo('absent@exemple.fr')).toHaveLength(0)
  })

  it('sends a single-use link valid one hour, stored hashed; using it ends every session', async () => {
    const account = await createAccount(suite.app.ctx)
    const phone = client()
    const laptop = client()
    await phone.login(account.email, TEST_PASSWORD)
    await laptop.login(account.email, TEST_PASSWORD)

    await client().post('/mot-de-passe-oublie', { email: account.email })
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(account.email) && m.subject.includes('Réinitialisation'))
    expect(mail.html).toContain('Choisir un nouveau mot de passe')
    const link = firstLink(mail, '/reinitialiser-mot-de-passe?token=')
    const token = new URL(link).searchParams.get('token')!
    const stored = suite.app.ctx.db.select().from(accountTokens).where(eq(accountTokens.userId, account.id)).all()
    expect(stored).toHaveLength(1)
    expect(stored[0].tokenHash).not.toContain(token)
    expect(stored[0].expiresAt.getTime() - stored[0].createdAt.getTime()).toBe(60 * 60_000)

    const page = await client().get(new URL(link).pathname + new URL(link).search)
    expect(await page.text()).toContain('name="newPassword"')
    const done = await client().post('/reinitialiser-mot-de-passe', { token, newPassword: 'un tout nouveau secret' })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/connexion')

    expect(suite.app.ctx.db.select().from(sessions).where(eq(sessions.userId, account.id)).all()).toHaveLength(0)
    expect((await phone.get('/mon-compte')).status).toBe(302)
    expect((await laptop.get('/mon-compte')).status).toBe(302)

    const again = await client().post('/reinitialiser-mot-de-passe', { token, newPassword: 'encore un autre secret' })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('n’est plus valide')
    expect((await client().post('/connexion', { email: account.email, password: 'un tout nouveau secret' })).status).toBe(302)
  })

  it('refuses an expired link', async () => {
    const account = await createAccount(suite.app.ctx)
    await client().post('/mot-de-passe-oublie', { email: account.email })
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(account.email))
    const token = new URL(firstLink(mail, '/reinitialiser-mot-de-passe?token=')).searchParams.get('token')!
    suite.app.ctx.db
      .update(accountTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(accountTokens.userId, account.id))
      .run()
    const response = await client().post('/reinitialiser-mot-de-passe', { token, newPassword: 'un tout nouveau secret' })
    expect(response.status).toBe(400)
  })

  it('throttles reset requests per address, with the same answer for unknown addresses', async () => {
    const account = await createAccount(suite.app.ctx)
    for (const email of [account.email, 'fantome@exemple.fr']) {
      for (let i = 0; i < 3; i++) expect((await client().post('/mot-de-passe-oublie', { email })).status).toBe(200)
      const blocked = await client().post('/mot-de-passe-oublie', { email })
      expect(blocked.status).toBe(429)
      expect(await blocked.text()).toContain('Réessayez dans')
    }
  })
})

describe('account settings', () => {
  it('changes the password only with the current one, and ends the other sessions', async () => {
    const account = await createAccount(suite.app.ctx)
    const here = client()
    const elsewhere = client()
    await here.login(account.email, TEST_PASSWORD)
    await elsewhere.login(account.email, TEST_PASSWORD)

    const wrong = await here.post('/mon-compte', { intent: 'password', currentPassword: 'pas-le-bon-du-tout', newPassword: 'nouveau secret solide' })
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('Le mot de passe actuel est incorrect')

    const ok = await here.post('/mon-compte', { intent: 'password', currentPassword: TEST_PASSWORD, newPassword: 'nouveau secret solide' })
    expect(ok.status).toBe(302)
    expect((await here.get('/mon-compte')).status).toBe(200)
    expect((await elsewhere.get('/mon-compte')).status).toBe(302)
    await suite.smtp.waitForMail((m) => m.to.includes(account.email) && m.subject.includes('mot de passe a été changé'))
  })

  it('changes the email only after the link sent to the new address is followed, and tells the old one', async () => {
    const account = await createAccount(suite.app.ctx)
    const browser = client()
    await browser.login(account.email, TEST_PASSWORD)
    const wrong = await browser.post('/mon-compte', { intent: 'email', newEmail: 'nouvelle@exemple.fr', currentPassword: 'pas-le-bon-du-tout' })
    expect(wrong.status).toBe(400)

    const newEmail = `nouvelle.${account.id.slice(0, 6)}@exemple.fr`
    const requested = await browser.post('/mon-compte', { intent: 'email', newEmail, currentPassword: TEST_PASSWORD })
    expect(requested.status).toBe(302)
    expect(suite.app.ctx.db.select().from(users).where(eq(users.id, account.id)).get()?.email).toBe(account.email)

    const mail = await suite.smtp.waitForMail((m) => m.to.includes(newEmail))
    const link = new URL(firstLink(mail, '/confirmer-email?token='))
    // The link shows a button (mail scanners open links); the button confirms.
    expect((await browser.get(link.pathname + link.search)).status).toBe(200)
    expect(suite.app.ctx.db.select().from(users).where(eq(users.id, account.id)).get()?.email).toBe(account.email)
    const token = link.searchParams.get('token')!
    const confirmed = await browser.post(link.pathname + link.search, { token })
    expect(confirmed.status).toBe(302)
    expect(suite.app.ctx.db.select().from(users).where(eq(users.id, account.id)).get()?.email).toBe(newEmail)
    const told = await suite.smtp.waitForMail((m) => m.to.includes(account.email) && m.subject.includes('adresse e-mail'))
    expect(told.text).toContain(newEmail)
    expect((await browser.post(link.pathname + link.search, { token })).status).toBe(400)
  })
})

describe('guards and security', () => {
  it('refuses a cross-origin POST, and one with no origin at all', async () => {
    const account = await createAccount(suite.app.ctx)
    const browser = client()
    await browser.login(account.email, TEST_PASSWORD)
    const forged = await browser.post(
      '/mon-compte',
      { intent: 'password', currentPassword: TEST_PASSWORD, newPassword: 'pris par un pirate' },
      { origin: 'https://evil.example' },
    )
    expect(forged.status).toBe(403)
    const bare = await browser.post('/deconnexion', {}, { origin: null })
    expect(bare.status).toBe(403)
    expect((await browser.get('/mon-compte')).status).toBe(200)
    expect((await client().post('/connexion', { email: account.email, password: TEST_PASSWORD })).status).toBe(302)
  })

  it('sends a visitor from /annuaire to log in, and shows a registered non-member how to pay dues', async () => {
    const visitor = await client().get('/annuaire?promo=2012')
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toBe('/connexion?redirectTo=%2Fannuaire%3Fpromo%3D2012')

    const registered = await createAccount(suite.app.ctx)
    const browser = client()
    await browser.login(registered.email, TEST_PASSWORD)
    const page = await browser.get('/annuaire')
    expect(page.status).toBe(403)
    const html = await page.text()
    expect(html).toContain('réservé aux membres cotisants')
    expect(html).toContain('href="/cotiser"')

    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const memberBrowser = client()
    await memberBrowser.login(member.email, TEST_PASSWORD)
    expect((await memberBrowser.get('/annuaire')).status).toBe(200)
    expect((await memberBrowser.get('/admin/comptes')).status).toBe(403)
  })

  it('serves security headers, a 404 page, and /healthz', async () => {
    const home = await client().get('/')
    expect(home.status).toBe(200)
    const csp = home.headers.get('content-security-policy')!
    expect(csp).toContain("default-src 'self'")
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/)
    expect(home.headers.get('x-content-type-options')).toBe('nosniff')
    expect(home.headers.get('x-powered-by')).toBeNull()

    const missing = await client().get('/cette-page-n-existe-pas')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('Page introuvable')

    const health = await client().get('/healthz')
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok', mail: 'smtp' })
  })
})
