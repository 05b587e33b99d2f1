import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { users } from '../../db/schema'
import { createAccount, TEST_PASSWORD } from '../factories'
import { mailSuite } from '../support/mail-suite'
import { firstLink, type ReceivedMail } from '../support/smtp'

const suite = mailSuite('10.40.0')
const { client } = suite
const userByEmail = (email: string) => suite.app.ctx.db.select().from(users).where(eq(users.email, email)).get()
const fresh = (name: string) => `${name}.${crypto.randomUUID().slice(0, 8)}@exemple.fr`

/** The page as a visitor sees it, the typed address and the per-request nonces set aside. */
async function visible(response: Response, email: string) {
  const body = (await response.text())
    .replaceAll(email, 'EMAIL')
    .replace(/nonce="[^"]+"/g, 'nonce=""')
    .replace(/"nonce":"[^"]+"/g, '"nonce":""')
  return { status: response.status, location: response.headers.get('location'), cookies: response.headers.getSetCookie().map((c) => c.split('=')[0]), body }
}

const signUp = (email: string, password = 'une phrase de passe solide') =>
  client().post('/inscription', { lastName: 'Lefèvre', firstName: 'Hélène', email, password })

const mailTo = (email: string) => suite.smtp.waitForMail((m) => m.to.includes(email))

describe('sign-up tells no one whether an address has an account', () => {
  it('answers a new and a taken address with the same status, page and cookies', async () => {
    const taken = await createAccount(suite.app.ctx)
    const newcomer = fresh('nouvelle')
    const [forNew, forTaken] = await Promise.all([signUp(newcomer), signUp(taken.email)])
    const [a, b] = [await visible(forNew, newcomer), await visible(forTaken, taken.email)]
    expect(a).toEqual(b)
    expect(a.status).toBe(200)
    expect(a.body).toContain('Vérifiez votre boîte mail')
    expect(a.body).not.toContain('existe déjà')
    // Nothing is logged in and nothing is created before the mail is read.
    expect(a.cookies).not.toContain('amicale_session')
    expect(userByEmail(newcomer)).toBeUndefined()
    // The existing account is untouched (not its password, not its name).
    expect(userByEmail(taken.email)).toMatchObject({ firstName: taken.firstName, lastName: taken.lastName })
    expect((await client().post('/connexion', { email: taken.email, password: TEST_PASSWORD })).status).toBe(302)
  })

  it('sends the new address the link that creates the account and logs in, once', async () => {
    const email = fresh('helene')
    await signUp(email)
    const mail = await mailTo(email)
    expect(mail.subject).toMatch(/^Confirmez votre adresse pour créer votre compte/)
    const link = new URL(firstLink(mail, '/inscription/confirmer'))

    // Opening the link (a mail scanner does) creates nothing: a button does.
    const browser = client()
    const page = await browser.get(`${link.pathname}${link.search}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Créer mon compte')
    expect(userByEmail(email)).toBeUndefined()

    const token = link.searchParams.get('token')!
    const created = await browser.post(`${link.pathname}${link.search}`, { token })
    expect(created.status).toBe(302)
    expect(created.headers.get('location')).toBe('/')
    expect(userByEmail(email)).toMatchObject({ firstName: 'Hélène', lastName: 'Lefèvre' })
    expect(userByEmail(email)?.passwordHash).toMatch(/^\$argon2id\$/)
    const account = await browser.get('/mon-compte')
    expect(account.status).toBe(200)
    expect(await account.text()).toContain(email)

    // The same link again creates nothing and sends to the log-in page.
    const again = await client().post(`${link.pathname}${link.search}`, { token })
    expect(again.headers.get('location')).toBe('/connexion')
    expect(suite.app.ctx.db.select().from(users).where(eq(users.email, email)).all()).toHaveLength(1)
    // The password chosen at sign-up is the account's.
    expect((await client().post('/connexion', { email, password: 'une phrase de passe solide' })).status).toBe(302)
  })

  it('tells a taken address that someone tried to sign up, with the way to reset the password', async () => {
    const taken = await createAccount(suite.app.ctx)
    await signUp(taken.email)
    const mail: ReceivedMail = await mailTo(taken.email)
    expect(mail.subject).toMatch(/^Tentative d’inscription avec votre adresse/)
    expect(mail.text).toContain('qui en a déjà un')
    expect(firstLink(mail, '/mot-de-passe-oublie')).toBe(`${suite.app.url}/mot-de-passe-oublie`)
    expect(mail.text).not.toContain('/inscription/confirmer')
    expect(mail.html).toContain(`href="${suite.app.url}/mot-de-passe-oublie"`)
  })

  it('does not let the log-in page tell them apart either: the password typed at sign-up opens nothing', async () => {
    const taken = await createAccount(suite.app.ctx)
    const newcomer = fresh('sonde')
    await Promise.all([signUp(newcomer, 'sonde de mot de passe'), signUp(taken.email, 'sonde de mot de passe')])
    const [forNew, forTaken] = await Promise.all([
      client().post('/connexion', { email: newcomer, password: 'sonde de mot de passe' }),
      client().post('/connexion', { email: taken.email, password: 'sonde de mot de passe' }),
    ])
    expect(await visible(forNew, newcomer)).toEqual(await visible(forTaken, taken.email))
    expect(forNew.status).toBe(400)
  })

  it('refuses a forged or altered link', async () => {
    const email = fresh('forgee')
    await signUp(email)
    const token = new URL(firstLink(await mailTo(email), '/inscription/confirmer')).searchParams.get('token')!
    const altered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`
    for (const bad of ['', 'pas-un-jeton', altered]) {
      expect((await client().get(`/inscription/confirmer?token=${encodeURIComponent(bad)}`)).status).toBe(400)
      expect((await client().post('/inscription/confirmer', { token: bad })).status).toBe(400)
    }
    expect(userByEmail(email)).toBeUndefined()
  })

  it('keeps the form’s field errors and the throttle as they were', async () => {
    const short = await signUp(fresh('courte'), 'court')
    expect(short.status).toBe(400)
    expect(await short.text()).toContain('au moins 10 caractères')
    const attacker = client()
    const statuses: number[] = []
    for (let i = 0; i < 11; i++)
      statuses.push(
        (await attacker.post('/inscription', { lastName: 'Martin', firstName: 'Léa', email: fresh('lot'), password: 'une phrase de passe solide' })).status,
      )
    expect(statuses).toEqual([...Array(10).fill(200), 429])
  })
})

describe('Cotiser, for a visitor, is the same sign-up', () => {
  const duesForm = (email: string) => {
    const form = new FormData()
    const fields = {
      email,
      password: 'ma cotisation à vie',
      lastName: 'Moreau',
      firstName: 'Jeanne',
      promotion: '2012',
      diploma: "Diplôme d'ingénieur — Informatique",
      category: 'alumni',
    }
    for (const [k, v] of Object.entries(fields)) form.set(k, v)
    return form
  }

  it('answers a new and a taken address alike, and the link brings the new one back to the dues, logged in', async () => {
    const taken = await createAccount(suite.app.ctx)
    const newcomer = fresh('jeanne')
    const [forNew, forTaken] = await Promise.all([
      client().request('/cotiser', { multipart: duesForm(newcomer) }),
      client().request('/cotiser', { multipart: duesForm(taken.email) }),
    ])
    const [a, b] = [await visible(forNew, newcomer), await visible(forTaken, taken.email)]
    expect(a).toEqual(b)
    expect(a.status).toBe(200)
    expect(a.body).toContain('Vérifiez votre boîte mail')
    expect(userByEmail(newcomer)).toBeUndefined()

    expect((await mailTo(taken.email)).subject).toMatch(/^Tentative d’inscription/)
    const link = new URL(firstLink(await mailTo(newcomer), '/inscription/confirmer'))
    const browser = client()
    const created = await browser.post(`${link.pathname}${link.search}`, { token: link.searchParams.get('token')! })
    const next = created.headers.get('location')!
    expect(next).toMatch(/^\/cotiser\?/)
    expect(Object.fromEntries(new URL(next, suite.app.url).searchParams)).toEqual({
      promotion: '2012',
      diploma: "Diplôme d'ingénieur — Informatique",
      category: 'alumni',
    })
    const page = await (await browser.get(next)).text()
    expect(page).toContain('value="2012"')
    expect(page).toMatch(/value="alumni"[^>]*checked|checked[^>]*value="alumni"/)
    // Logged in: the form no longer asks for an e-mail and a password, and the checkout starts.
    expect(page).not.toContain('name="password"')
    const form = new FormData()
    for (const [k, v] of Object.entries({
      lastName: 'Moreau',
      firstName: 'Jeanne',
      promotion: '2012',
      diploma: "Diplôme d'ingénieur — Informatique",
      category: 'alumni',
    }))
      form.set(k, v)
    const checkout = await browser.request('/cotiser', { multipart: form })
    expect(checkout.status).toBe(302)
    expect(checkout.headers.get('location')).toMatch(/\/cotiser\/demo\//)
  })
})

describe('changing one’s e-mail tells no one whether an address has an account either', () => {
  it('answers a free and a taken address alike; the taken one’s owner is told, and nothing changes', async () => {
    const taken = await createAccount(suite.app.ctx)
    const mover = await createAccount(suite.app.ctx)
    const browser = client()
    await browser.login(mover.email, TEST_PASSWORD)
    const free = fresh('libre')
    const forFree = await browser.post('/mon-compte', { intent: 'email', newEmail: free, currentPassword: TEST_PASSWORD })
    const forTaken = await browser.post('/mon-compte', { intent: 'email', newEmail: taken.email, currentPassword: TEST_PASSWORD })
    expect(forTaken.status).toBe(forFree.status)
    expect(forTaken.headers.get('location')).toBe(forFree.headers.get('location'))
    expect((await mailTo(free)).subject).toMatch(/^Confirmez votre nouvelle adresse/)
    const told = await mailTo(taken.email)
    expect(told.subject).toMatch(/^Demande d’utiliser votre adresse/)
    expect(told.text).not.toContain('/confirmer-email')
    expect(userByEmail(taken.email)?.id).toBe(taken.id)
    expect(userByEmail(mover.email)?.id).toBe(mover.id)
  })
})
