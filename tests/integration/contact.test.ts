import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { contactMessages, outbox } from '../../db/schema'
import { createAccount, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { mailSuite } from '../support/mail-suite'

const ASSOCIATION = 'bureau@amicale-test.example'
const suite = mailSuite('10.16.0', { ASSOCIATION_EMAIL: ASSOCIATION })
const { client } = suite

const message = (overrides: Record<string, string> = {}) => ({
  name: 'Claire Dubois',
  email: 'claire.dubois@exemple.fr',
  subject: 'Mon compte est désactivé',
  message: 'Bonjour,\n\nje pense qu’il s’agit d’une erreur.\nPouvez-vous regarder ?\n\nClaire',
  website: '',
  ...overrides,
})

const rowsFrom = (email: string) => suite.app.ctx.db.select().from(contactMessages).where(eq(contactMessages.email, email)).all()

describe('the contact form', () => {
  it('mails the association with the sender as Reply-To, and keeps the message', async () => {
    const response = await client().post('/contact', message())
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Nous vous répondrons à claire.dubois@exemple.fr.')
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(ASSOCIATION))
    expect(mail.parsed.replyTo?.value[0].address).toBe('claire.dubois@exemple.fr')
    expect(mail.subject).toContain('Mon compte est désactivé')
    expect(mail.subject).toContain('Claire Dubois')
    expect(mail.text).toContain('Claire Dubois (claire.dubois@exemple.fr) a écrit à l’association')
    expect(mail.text).toContain('je pense qu’il s’agit d’une erreur.')
    expect(mail.text).toContain('Répondez simplement à cet e-mail')
    expect(mail.text).toContain('/admin/contact')
    expect(rowsFrom('claire.dubois@exemple.fr')).toEqual([
      expect.objectContaining({ name: 'Claire Dubois', subject: 'Mon compte est désactivé', userId: null, handledAt: null }),
    ])
  })

  it('answers a filled honeypot like a success but sends and keeps nothing', async () => {
    const response = await client().post('/contact', message({ email: 'robot@exemple.fr', website: 'https://spam.example' }))
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Message envoyé')
    expect(rowsFrom('robot@exemple.fr')).toEqual([])
    // Past the sender's next tick: a queued mail would be in the outbox by now.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(
      suite.app.ctx.db
        .select()
        .from(outbox)
        .all()
        .filter((m) => m.replyTo === 'robot@exemple.fr'),
    ).toEqual([])
    expect(suite.smtp.mails.some((m) => m.text.includes('robot@exemple.fr'))).toBe(false)
  })

  it('answers invalid fields next to each field, in French, keeping what was typed', async () => {
    const response = await client().post('/contact', message({ name: '', email: 'pas-une-adresse', subject: '', message: 'court' }))
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toMatch(/id="field-name-error"[^>]*>Ce champ est obligatoire\./)
    expect(html).toMatch(/id="field-email-error"[^>]*>Saisissez une adresse e-mail valide/)
    expect(html).toMatch(/id="field-subject-error"[^>]*>Ce champ est obligatoire\./)
    expect(html).toMatch(/id="field-message-error"[^>]*>Votre message est trop court \(10 caractères au moins\)\./)
    expect(html).toContain('value="pas-une-adresse"')
    const long = await client().post('/contact', message({ email: 'long@exemple.fr', subject: 'x'.repeat(151) }))
    expect(long.status).toBe(400)
    expect(await long.text()).toContain('150 caractères au plus')
    expect(rowsFrom('long@exemple.fr')).toEqual([])
  })

  it('throttles per address, whatever the IP', async () => {
    const email = 'insistant@exemple.fr'
    for (let i = 0; i < 3; i++) expect((await client().post('/contact', message({ email }))).status).toBe(200)
    const fourth = await client().post('/contact', message({ email: 'INSISTANT@exemple.fr' }))
    expect(fourth.status).toBe(429)
    expect(await fourth.text()).toMatch(/réessayez dans/i)
    expect(rowsFrom(email)).toHaveLength(3)
  })

  it('throttles per IP, whatever the address, and holds under a burst', async () => {
    const browser = new HttpClient(suite.app.url, '10.16.9.9')
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => browser.post('/contact', message({ email: `rafale${i}@exemple.fr` }))))
    expect(answers.filter((r) => r.status === 200)).toHaveLength(5)
    expect(answers.filter((r) => r.status === 429)).toHaveLength(3)
    expect(suite.app.ctx.db.select().from(contactMessages).where(eq(contactMessages.ip, '10.16.9.9')).all()).toHaveLength(5)
  })

  it('prefills the name and address of a logged-in member, and the subject from ?sujet=', async () => {
    const account = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const browser = client()
    await browser.login(account.email, TEST_PASSWORD)
    const html = await (await browser.get('/contact?sujet=Compte%20d%C3%A9sactiv%C3%A9')).text()
    expect(html).toContain(`value="${account.firstName} ${account.lastName}"`)
    expect(html).toContain(`value="${account.email}"`)
    expect(html).toContain('value="Compte désactivé"')
    expect(html).toMatch(/<input[^>]*name="website"[^>]*tabindex="-1"|<input[^>]*tabindex="-1"[^>]*name="website"/i)
    expect((await browser.post('/contact', message({ name: 'Moi', email: account.email }))).status).toBe(200)
    expect(rowsFrom(account.email)).toEqual([expect.objectContaining({ userId: account.id })])
  })

  it('lists the messages for webmasters, newest first, and marks them handled', async () => {
    const member = await createAccount(suite.app.ctx, { membership: 'alumni' })
    const memberBrowser = client()
    await memberBrowser.login(member.email, TEST_PASSWORD)
    expect((await memberBrowser.get('/admin/contact')).status).toBe(403)

    await client().post('/contact', message({ email: 'derniere@exemple.fr', subject: 'Le plus récent' }))
    const webmaster = await createAccount(suite.app.ctx, { role: 'webmaster', membership: 'alumni' })
    const browser = client()
    await browser.login(webmaster.email, TEST_PASSWORD)
    const html = await (await browser.get('/admin/contact')).text()
    expect(html.indexOf('Le plus récent')).toBeGreaterThan(-1)
    expect(html.indexOf('Le plus récent')).toBeLessThan(html.indexOf('Mon compte est désactivé'))

    const [row] = rowsFrom('derniere@exemple.fr')
    const marked = await browser.post('/admin/contact', { intent: 'handled', messageId: String(row.id), back: '/admin/contact?statut=a-traiter' })
    expect(marked.headers.get('location')).toBe('/admin/contact?statut=a-traiter')
    expect(rowsFrom('derniere@exemple.fr')[0].handledAt).toBeInstanceOf(Date)
    expect(await (await browser.get('/admin/contact?statut=a-traiter')).text()).not.toContain('Le plus récent')
    expect((await browser.post('/admin/contact', { intent: 'handled', messageId: 'abc' })).status).toBe(400)
  })
})
