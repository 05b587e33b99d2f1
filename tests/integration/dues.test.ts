import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { membershipAudit, memberships, payments, studentProofs, users } from '../../db/schema'
import { createAccount, TEST_PASSWORD } from '../factories'
import { files } from '../support/files'
import { HttpClient } from '../support/http'
import { extractPdfText } from '../support/pdf-text'
import { startTestServer, type TestServer } from '../support/server'
import { firstLink, startSmtpServer } from '../support/smtp'
import { startStripeStandIn } from '../support/stripe-standin'

const SECRET_KEY = 'sk_test_amicale'
const WEBHOOK_SECRET = 'whsec_amicale_test'

let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  stripe = await startStripeStandIn({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET })
  app = await startTestServer({
    SMTP_URL: smtp.url,
    STRIPE_SECRET_KEY: SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: stripe.url,
    TRUST_PROXY: 'true',
  })
})
afterAll(async () => {
  await app?.close()
  await stripe?.close()
  await smtp?.close()
})

let ip = 1
const duesForm = (overrides: Record<string, string> = {}) => ({
  lastName: 'Lefèvre',
  firstName: 'Hélène',
  promotion: '2012',
  diploma: "Diplôme d'ingénieur — Informatique",
  category: 'alumni',
  ...overrides,
})

async function loggedIn(options: Parameters<typeof createAccount>[1] = {}) {
  const account = await createAccount(app.ctx, options)
  const browser = new HttpClient(app.url, `10.1.0.${ip++}`)
  await browser.login(account.email, TEST_PASSWORD)
  return { account, browser }
}

async function startCheckout(browser: HttpClient, fields: Record<string, string> = {}, proof?: Uint8Array) {
  const response = await browser.postMultipart(
    '/cotiser',
    duesForm(fields),
    proof ? { proof: { name: 'fiche.pdf', type: 'application/pdf', bytes: proof } } : {},
  )
  const sessionId = response.headers.get('location')?.split('/').pop()
  return { response, sessionId }
}

function postWebhook(payload: string, signature: string) {
  return fetch(`${app.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload })
}

const paymentsOf = (userId: string) => app.ctx.db.select().from(payments).where(eq(payments.userId, userId)).all()
const membershipOf = (userId: string) => app.ctx.db.select().from(memberships).where(eq(memberships.userId, userId)).get()

describe('Stripe checkout', () => {
  it('opens a Checkout Session for the amount of the category, whatever the client sends', async () => {
    const { account, browser } = await loggedIn()
    const before = stripe.sessionCreations().length
    const { response, sessionId } = await startCheckout(browser, { amount: '1', amountCents: '1', unit_amount: '1', price: '0.01' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/)
    const sent = stripe.sessionCreations()[before]
    expect(sent.params.get('line_items[0][price_data][unit_amount]')).toBe('10000')
    expect(sent.params.get('line_items[0][price_data][currency]')).toBe('eur')
    expect(sent.params.get('mode')).toBe('payment')
    expect(sent.params.get('customer_email')).toBe(account.email)
    expect(sent.params.get('success_url')).toMatch(/\/cotiser\/retour\?session=\{CHECKOUT_SESSION_ID\}$/)
    const [row] = paymentsOf(account.id)
    expect(row).toMatchObject({ status: 'pending', amountCents: 10000, checkoutSessionId: sessionId, provider: 'stripe' })
    expect(sent.params.get('metadata[paymentId]')).toBe(row.id)
    expect(sent.idempotencyKey).toBe(`checkout-${row.id}`)

    const student = await loggedIn()
    const index = stripe.sessionCreations().length
    await startCheckout(student.browser, { category: 'student' }, files.pdf())
    expect(stripe.sessionCreations()[index].params.get('line_items[0][price_data][unit_amount]')).toBe('2000')
  })

  it('activates the membership only on a verified webhook, sends the receipt, and opens the directory', async () => {
    const { account, browser } = await loggedIn()
    const { sessionId } = await startCheckout(browser)
    expect((await browser.get('/annuaire')).status).toBe(403)
    expect(await (await browser.get(`/cotiser/retour?session=${sessionId}`)).text()).toContain('en cours de confirmation')

    const forged = stripe.signedEvent(sessionId!, { secret: 'whsec_someone_else' })
    expect((await postWebhook(forged.payload, forged.signature)).status).toBe(400)
    expect((await postWebhook(forged.payload, 'nonsense')).status).toBe(400)
    expect(membershipOf(account.id)).toBeUndefined()
    expect(paymentsOf(account.id)[0].status).toBe('pending')

    const event = stripe.signedEvent(sessionId!)
    const response = await postWebhook(event.payload, event.signature)
    expect(response.status).toBe(200)
    expect(membershipOf(account.id)).toMatchObject({ kind: 'alumni', status: 'active' })
    const [paid] = paymentsOf(account.id)
    expect(paid.status).toBe('paid')
    expect(paid.reference).toMatch(/^pi_/)
    expect(paid.receiptSeq).toBeGreaterThan(0)

    expect((await browser.get('/annuaire')).status).toBe(200)
    expect(await (await browser.get(`/cotiser/retour?session=${sessionId}`)).text()).toContain('Bienvenue parmi les membres')
    const mail = await smtp.waitForMail((m) => m.to.includes(account.email) && m.subject.startsWith('Votre reçu'))
    const pdf = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf')!
    const text = extractPdfText(new Uint8Array(pdf.content)).replace(/\s+/g, ' ')
    // The legal name typed in the dues form is the one on the receipt.
    expect(text).toContain('Hélène LEFÈVRE')
    expect(text).toContain('100,00 €')
  })

  it('ignores a replayed event and a second event for the same session', async () => {
    const { account, browser } = await loggedIn()
    const { sessionId } = await startCheckout(browser)
    const event = stripe.signedEvent(sessionId!, { eventId: 'evt_replayed_once' })
    expect(await (await postWebhook(event.payload, event.signature)).json()).toMatchObject({ result: 'activated' })
    expect(await (await postWebhook(event.payload, event.signature)).json()).toMatchObject({ result: 'replayed' })
    const other = stripe.signedEvent(sessionId!)
    expect(await (await postWebhook(other.payload, other.signature)).json()).toMatchObject({ result: 'alreadyProcessed' })
    expect(paymentsOf(account.id).filter((p) => p.status === 'paid')).toHaveLength(1)
    const activations = app.ctx.db
      .select()
      .from(membershipAudit)
      .where(eq(membershipAudit.userId, account.id))
      .all()
      .filter((a) => a.action === 'membership.activated')
    expect(activations).toHaveLength(1)
  })

  it('keeps a second paid session of the same member as a duplicate to refund, without a second membership or receipt', async () => {
    const { account, browser } = await loggedIn()
    const first = await startCheckout(browser)
    const second = await startCheckout(browser)
    expect(first.sessionId).not.toBe(second.sessionId)
    for (const { sessionId } of [first, second]) {
      const event = stripe.signedEvent(sessionId!)
      expect((await postWebhook(event.payload, event.signature)).status).toBe(200)
    }
    const rows = paymentsOf(account.id)
    expect(rows.map((p) => p.status).sort()).toEqual(['duplicate', 'paid'])
    expect(rows.filter((p) => p.receiptSeq !== null)).toHaveLength(1)
    const audit = app.ctx.db
      .select()
      .from(membershipAudit)
      .where(eq(membershipAudit.userId, account.id))
      .all()
      .map((a) => a.action)
    expect(audit).toContain('payment.duplicate')

    const webmaster = await loggedIn({ role: 'webmaster' })
    const page = await (await webmaster.browser.get('/admin/cotisations')).text()
    expect(page).toContain('Paiements en double à rembourser')
  })

  it('answers 200 to an event for an unknown session, and changes nothing', async () => {
    const before = app.ctx.db.select().from(memberships).all().length
    const event = stripe.signedEvent('cs_test_unknown')
    const response = await postWebhook(event.payload, event.signature)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ result: 'unknownSession' })
    expect(app.ctx.db.select().from(memberships).all()).toHaveLength(before)
  })

  it('says so when Stripe is unreachable, leaves no payment row, and lets the user retry', async () => {
    const { account, browser } = await loggedIn()
    stripe.setFailing(true)
    try {
      const { response } = await startCheckout(browser, { category: 'student', lastName: 'Pas-Enregistré' }, files.pdf())
      expect(response.status).toBe(503)
      expect(await response.text()).toContain('Le service de paiement ne répond pas')
      expect(paymentsOf(account.id)).toHaveLength(0)
      // Nothing half-saved: neither the proof nor the name typed in the form.
      expect(app.ctx.db.select().from(studentProofs).where(eq(studentProofs.userId, account.id)).all()).toHaveLength(0)
      expect(app.ctx.db.select().from(users).where(eq(users.id, account.id)).get()?.lastName).toBe(account.lastName)
    } finally {
      stripe.setFailing(false)
    }
    const retry = await startCheckout(browser)
    expect(retry.response.status).toBe(302)
    expect(paymentsOf(account.id)).toHaveLength(1)
  })

  it('refuses a second payment by a paid member before calling Stripe', async () => {
    const { account, browser } = await loggedIn({ membership: 'alumni' })
    const before = stripe.requests.length
    const { response } = await startCheckout(browser)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('déjà réglée')
    expect(stripe.requests).toHaveLength(before)
    expect(paymentsOf(account.id)).toHaveLength(0)
  })

  it('creates the account of a visitor through the link mailed to the address, then checks out', async () => {
    const visitor = new HttpClient(app.url, `10.1.1.${ip++}`)
    const { response: asked } = await startCheckout(visitor, { email: 'nouveau.membre@exemple.fr', password: 'une phrase de passe solide' })
    // The same answer as for a taken address (tests/integration/hardening-accounts.test.ts).
    expect(asked.status).toBe(200)
    expect(visitor.cookies.has('amicale_session')).toBe(false)
    const link = new URL(firstLink(await smtp.waitForMail((m) => m.to.includes('nouveau.membre@exemple.fr')), '/inscription/confirmer'))
    const created = await visitor.post(`${link.pathname}${link.search}`, { token: link.searchParams.get('token')! })
    expect(created.headers.get('location')).toMatch(/^\/cotiser\?/)
    expect(visitor.cookies.has('amicale_session')).toBe(true)
    const { response } = await startCheckout(visitor)
    expect(response.status).toBe(302)
    const user = app.ctx.db.select().from(users).where(eq(users.email, 'nouveau.membre@exemple.fr')).get()!
    expect(user.lastName).toBe('Lefèvre')
    expect(paymentsOf(user.id)).toHaveLength(1)
  })
})

describe('student proofs', () => {
  it('refuses a file that is not a PDF, JPEG or PNG by its content, and one over 5 MB, with the input kept', async () => {
    const { account, browser } = await loggedIn()
    const fake = await browser.postMultipart('/cotiser', duesForm({ category: 'student', lastName: 'Gardé' }), {
      proof: { name: 'fiche.pdf', type: 'application/pdf', bytes: files.text() },
    })
    expect(fake.status).toBe(400)
    const fakeHtml = await fake.text()
    expect(fakeHtml).toContain('Ce fichier n’est ni un PDF, ni une image JPEG ou PNG.')
    expect(fakeHtml).toContain('value="Gardé"')

    const big = await browser.postMultipart('/cotiser', duesForm({ category: 'student' }), {
      proof: { name: 'fiche.pdf', type: 'application/pdf', bytes: files.pdf(5 * 1024 * 1024 + 1) },
    })
    expect(big.status).toBe(400)
    expect(await big.text()).toContain('Ce fichier dépasse 5 Mo')

    const missing = await browser.postMultipart('/cotiser', duesForm({ category: 'student' }))
    expect(await missing.text()).toContain('Ajoutez votre fiche d’inscription')
    expect(paymentsOf(account.id)).toHaveLength(0)
    expect(app.ctx.db.select().from(studentProofs).where(eq(studentProofs.userId, account.id)).all()).toHaveLength(0)
  })

  it('lets only the owner and webmasters download a proof', async () => {
    const { account, browser } = await loggedIn()
    await startCheckout(browser, { category: 'student' }, files.png())
    const proof = app.ctx.db.select().from(studentProofs).where(eq(studentProofs.userId, account.id)).get()!
    expect(proof.mimeType).toBe('image/png')
    const own = await browser.get(`/justificatifs/${proof.id}`)
    expect(own.status).toBe(200)
    expect(own.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(new Uint8Array(await own.arrayBuffer()).slice(0, 4)).toEqual(files.png().slice(0, 4))
    const other = await loggedIn({ membership: 'alumni' })
    expect((await other.browser.get(`/justificatifs/${proof.id}`)).status).toBe(404)
    expect((await new HttpClient(app.url).get(`/justificatifs/${proof.id}`)).status).toBe(302)
    const webmaster = await loggedIn({ role: 'webmaster' })
    expect((await webmaster.browser.get(`/justificatifs/${proof.id}`)).status).toBe(200)
  })
})

describe('webmasters', () => {
  it('record an offline payment, which activates the membership and is in the audit log', async () => {
    const member = await createAccount(app.ctx)
    const webmaster = await loggedIn({ role: 'webmaster' })
    const refused = await webmaster.browser.post('/admin/cotisations', {
      intent: 'offline',
      email: member.email,
      category: 'alumni',
      method: 'cheque',
      reference: '',
    })
    expect(refused.status).toBe(400)
    expect(membershipOf(member.id)).toBeUndefined()

    const done = await webmaster.browser.post('/admin/cotisations', {
      intent: 'offline',
      email: member.email,
      category: 'alumni',
      method: 'cheque',
      reference: 'Chèque n° 1234567',
    })
    expect(done.status).toBe(302)
    expect(membershipOf(member.id)).toMatchObject({ kind: 'alumni', status: 'active' })
    expect(paymentsOf(member.id)[0]).toMatchObject({
      provider: 'offline',
      method: 'cheque',
      reference: 'Chèque n° 1234567',
      status: 'paid',
      recordedBy: webmaster.account.id,
      amountCents: 10000,
    })
    const audit = app.ctx.db.select().from(membershipAudit).where(eq(membershipAudit.userId, member.id)).all()
    expect(audit).toEqual([expect.objectContaining({ action: 'membership.activated', actorId: webmaster.account.id })])
    const page = await (await webmaster.browser.get('/admin/cotisations')).text()
    expect(page).toContain(`${member.email}\u00a0: adhésion activée (par ${webmaster.account.email})`)

    const again = await webmaster.browser.post('/admin/cotisations', {
      intent: 'offline',
      email: member.email,
      category: 'alumni',
      method: 'cheque',
      reference: 'Chèque n° 2',
    })
    expect(again.status).toBe(400)
    const member2 = await loggedIn({ membership: 'alumni' })
    expect(
      (await member2.browser.post('/admin/cotisations', { intent: 'offline', email: member.email, category: 'alumni', method: 'cheque', reference: 'x' }))
        .status,
    ).toBe(403)
  })

  it('reject a proof with a reason (mailed, membership suspended) and approve the next one', async () => {
    const { account, browser } = await loggedIn()
    const { sessionId } = await startCheckout(browser, { category: 'student', promotion: '2028' }, files.jpeg())
    const event = stripe.signedEvent(sessionId!)
    await postWebhook(event.payload, event.signature)
    expect(membershipOf(account.id)).toMatchObject({ kind: 'student', status: 'active' })

    const webmaster = await loggedIn({ role: 'webmaster' })
    const first = app.ctx.db.select().from(studentProofs).where(eq(studentProofs.userId, account.id)).get()!
    const short = await webmaster.browser.post('/admin/cotisations', { intent: 'reject', proofId: first.id, reason: 'flou' })
    expect(short.status).toBe(400)
    await webmaster.browser.post('/admin/cotisations', {
      intent: 'reject',
      proofId: first.id,
      reason: 'La fiche est illisible, merci de la scanner à nouveau.',
    })
    expect(membershipOf(account.id)?.status).toBe('suspended')
    const mail = await smtp.waitForMail((m) => m.to.includes(account.email) && m.subject.startsWith('Votre fiche'))
    expect(mail.text).toContain('La fiche est illisible')
    expect((await browser.get('/annuaire')).status).toBe(403)

    const resent = await browser.postMultipart('/mon-compte/justificatif', {}, { proof: { name: 'fiche2.pdf', type: 'application/pdf', bytes: files.pdf() } })
    expect(resent.status).toBe(302)
    expect(membershipOf(account.id)?.status).toBe('suspended')
    const second = app.ctx.db
      .select()
      .from(studentProofs)
      .where(eq(studentProofs.userId, account.id))
      .all()
      .find((p) => p.status === 'pending')!
    await webmaster.browser.post('/admin/cotisations', { intent: 'approve', proofId: second.id })
    expect(membershipOf(account.id)?.status).toBe('active')
    expect((await browser.get('/annuaire')).status).toBe(200)
  })
})
