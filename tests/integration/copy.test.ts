import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { users } from '../../db/schema'
import { createAccount, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpServer } from '../support/smtp'

// The copy as members receive it (#14): mails in the language they chose, French articles, French typography.
let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  app = await startTestServer({ SMTP_URL: smtp.url, TRUST_PROXY: 'true' })
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

let ip = 20
const client = () => new HttpClient(app.url, `10.0.1.${ip++}`)

describe('mails', () => {
  it('are written in the language the member last chose on the site, subject included', async () => {
    const account = await createAccount(app.ctx)
    const member = client()
    await member.login(account.email, TEST_PASSWORD)
    expect((await member.post('/langue', { locale: 'en', redirectTo: '/' })).status).toBe(302)
    expect(app.ctx.db.select({ locale: users.locale }).from(users).where(eq(users.id, account.id)).get()?.locale).toBe('en')

    await client().post('/mot-de-passe-oublie', { email: account.email })
    const mail = await smtp.waitForMail((m) => m.to.includes(account.email))
    expect(mail.subject).toMatch(/^Resetting your password — /)
    expect(mail.text).toContain(`Hello ${account.firstName},`)
    // English punctuation: no space before the colon of « Choose a new password: https://… ».
    expect(mail.text).toMatch(/Choose a new password: http/)
    expect(mail.text).not.toMatch(/ : /)
  })

  it('keep French typography and articles in French', async () => {
    const account = await createAccount(app.ctx)
    await client().post('/mot-de-passe-oublie', { email: account.email })
    const mail = await smtp.waitForMail((m) => m.to.includes(account.email))
    expect(mail.subject).toMatch(/^Réinitialisation de votre mot de passe — /)
    expect(mail.text).toMatch(/Choisir un nouveau mot de passe\u00a0: http/)
    expect(mail.text).toContain(`L’équipe de l’${app.ctx.config.ASSOCIATION_NAME}`)
  })
})

describe('pages', () => {
  it('name the school with its article, and print years without a thousands space', async () => {
    const html = await (await client().get('/')).text()
    expect(html).toContain('diplômés de l’École supérieure d’ingénieurs de Lyon')
    expect(html).not.toContain('diplômés de École')
    expect(html).not.toMatch(/1\s950|2\s0\d\d\b/)
  })
})
