import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { users } from '../../db/schema'
import { createAccount, TEST_PASSWORD } from '../factories'
import { mailSuite } from '../support/mail-suite'

// The copy as members receive it (#14): mails in the language they chose, French articles, French typography.
const suite = mailSuite('10.0.1')
const { client } = suite

describe('mails', () => {
  it('are written in the language the member last chose on the site, subject included', async () => {
    const account = await createAccount(suite.app.ctx)
    const member = client()
    await member.login(account.email, TEST_PASSWORD)
    expect((await member.post('/langue', { locale: 'en', redirectTo: '/' })).status).toBe(302)
    expect(suite.app.ctx.db.select({ locale: users.locale }).from(users).where(eq(users.id, account.id)).get()?.locale).toBe('en')

    await client().post('/mot-de-passe-oublie', { email: account.email })
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(account.email))
    expect(mail.subject).toMatch(/^Resetting your password — /)
    expect(mail.text).toContain(`Hello ${account.firstName},`)
    // English punctuation: no space before the colon of « Choose a new password: https://… ».
    expect(mail.text).toMatch(/Choose a new password: http/)
    expect(mail.text).not.toMatch(/ : /)
  })

  it('keep French typography and articles in French', async () => {
    const account = await createAccount(suite.app.ctx)
    await client().post('/mot-de-passe-oublie', { email: account.email })
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(account.email))
    expect(mail.subject).toMatch(/^Réinitialisation de votre mot de passe — /)
    expect(mail.text).toMatch(/Choisir un nouveau mot de passe\u00a0: http/)
    expect(mail.text).toContain(`L’équipe de l’${suite.app.ctx.config.ASSOCIATION_NAME}`)
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
