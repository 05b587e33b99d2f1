import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { payments, studentProofs } from '../../db/schema'
import { PROOFS_AREA } from '../../app/features/dues/membership.server'
import { privateDir } from '../../app/shared/uploads.server'
import { createAccount } from '../factories'
import { sessionClient } from '../event-factories'
import { files } from '../support/files'
import type { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpServer } from '../support/smtp'

let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  // No STRIPE_SECRET_KEY: the demo checkout, whose sessions are rows of our own.
  app = await startTestServer({ SMTP_URL: smtp.url })
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

const TOO_MANY = 'Vous avez déjà 5 fiches d’inscription en attente de vérification\u00a0: attendez la réponse d’un webmestre avant d’en envoyer une autre.'

const proofsOf = (userId: string) => app.ctx.db.select().from(studentProofs).where(eq(studentProofs.userId, userId)).all()
/** What is really on disk, whatever the database says. */
const filesOnDisk = () => {
  const dir = privateDir(app.ctx.config.DATA_DIR, PROOFS_AREA)
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []
}
const storedNames = () =>
  app.ctx.db
    .select({ name: studentProofs.storedName })
    .from(studentProofs)
    .all()
    .map((r) => r.name)
    .sort()

function sendProof(browser: HttpClient, name: string) {
  return browser.postMultipart('/mon-compte/justificatif', {}, { proof: { name, type: 'application/pdf', bytes: files.pdf() } })
}

/** One after the other, at distinct times, as people send them. */
async function sendProofs(browser: HttpClient, names: string[]) {
  for (const name of names) {
    expect((await sendProof(browser, name)).status).toBe(302)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** The message is the error of the file input itself (aria-describedby), not only somewhere on the page. */
function expectFileFieldError(html: string, message: string) {
  const input = /<input[^>]*type="file"[^>]*name="proof"[^>]*>/.exec(html)?.[0]
  expect(input).toBeDefined()
  expect(input).toContain('aria-invalid="true"')
  const ids = /aria-describedby="([^"]+)"/.exec(input!)![1].split(' ')
  const errorId = ids.find((id) => id.endsWith('-error'))
  expect(errorId).toBeDefined()
  const error = new RegExp(`<p class="field__error" id="${errorId}">([^<]*)</p>`).exec(html)
  expect(error?.[1]).toBe(message)
}

async function student() {
  const account = await createAccount(app.ctx, { membership: 'student' })
  return { account, browser: await sessionClient(app.ctx, app.url, account.id) }
}

describe('pending proofs per account', () => {
  it('accepts five, refuses the sixth next to the file input, in French, and writes nothing for it', async () => {
    const { account, browser } = await student()
    for (let i = 1; i <= 5; i++) expect((await sendProof(browser, `fiche-${i}.pdf`)).status).toBe(302)
    expect(proofsOf(account.id).filter((p) => p.status === 'pending')).toHaveLength(5)
    const before = { disk: filesOnDisk(), rows: proofsOf(account.id).length }

    const sixth = await sendProof(browser, 'fiche-6.pdf')
    expect(sixth.status).toBe(400)
    expectFileFieldError(await sixth.text(), TOO_MANY)
    expect(proofsOf(account.id)).toHaveLength(before.rows)
    expect(filesOnDisk()).toEqual(before.disk)
    expect(filesOnDisk()).toEqual(storedNames())
  })

  it('holds the limit when six uploads arrive at the same instant', async () => {
    const { account, browser } = await student()
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => sendProof(browser, `fiche-${i}.pdf`)))
    expect(answers.map((r) => r.status).sort()).toEqual([302, 302, 302, 302, 302, 400])
    expect(proofsOf(account.id)).toHaveLength(5)
    // The refused upload's file, already written when the count was taken again, is gone too.
    expect(filesOnDisk()).toEqual(storedNames())
  })

  it('applies the same limit to the proofs sent with a checkout, before any checkout is opened', async () => {
    const account = await createAccount(app.ctx)
    const browser = await sessionClient(app.ctx, app.url, account.id)
    const form = { lastName: 'Martin', firstName: 'Léa', promotion: '2028', diploma: "Diplôme d'ingénieur — Informatique", category: 'student' }
    const checkout = () => browser.postMultipart('/cotiser', form, { proof: { name: 'fiche.pdf', type: 'application/pdf', bytes: files.pdf() } })
    for (let i = 0; i < 5; i++) expect((await checkout()).status).toBe(302)
    const paymentsBefore = app.ctx.db.select().from(payments).where(eq(payments.userId, account.id)).all().length
    expect(paymentsBefore).toBe(5)

    const sixth = await checkout()
    expect(sixth.status).toBe(400)
    expectFileFieldError(await sixth.text(), TOO_MANY)
    expect(app.ctx.db.select().from(payments).where(eq(payments.userId, account.id)).all()).toHaveLength(paymentsBefore)
    expect(proofsOf(account.id)).toHaveLength(5)
    expect(filesOnDisk()).toEqual(storedNames())
  })
})

describe('one proof kept per membership', () => {
  it('deletes the older proofs, rows and files, once one is accepted, and keeps those sent after it', async () => {
    const { account, browser } = await student()
    await sendProofs(browser, ['a.pdf', 'b.pdf', 'c.pdf'])
    const byName = () => Object.fromEntries(proofsOf(account.id).map((p) => [p.originalName, p]))
    const { 'a.pdf': a, 'b.pdf': b, 'c.pdf': c } = byName()
    const webmaster = await sessionClient(app.ctx, app.url, (await createAccount(app.ctx, { role: 'webmaster' })).id)
    const review = (proofId: string, intent: 'approve' | 'reject') =>
      webmaster.post('/admin/cotisations', {
        intent,
        proofId,
        ...(intent === 'reject' ? { reason: 'La fiche est illisible, merci de la scanner à nouveau.' } : {}),
      })

    expect((await review(a.id, 'reject')).status).toBe(302)
    // A rejection deletes nothing: the student may still want to see why.
    expect(Object.keys(byName()).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf'])

    expect((await review(b.id, 'approve')).status).toBe(302)
    expect(byName()).toEqual({ 'b.pdf': expect.objectContaining({ status: 'approved' }), 'c.pdf': expect.objectContaining({ status: 'pending' }) })
    expect(filesOnDisk()).not.toContain(a.storedName)
    expect(filesOnDisk()).toEqual(expect.arrayContaining([b.storedName, c.storedName]))
    // The deleted proof is gone for its owner too.
    expect((await browser.get(`/justificatifs/${a.id}`)).status).toBe(404)

    expect((await review(c.id, 'approve')).status).toBe(302)
    expect(Object.keys(byName())).toEqual(['c.pdf'])
    expect(filesOnDisk()).not.toContain(b.storedName)
    expect(filesOnDisk()).toContain(c.storedName)
    expect(filesOnDisk()).toEqual(storedNames())
    expect((await browser.get(`/justificatifs/${c.id}`)).status).toBe(200)
  })

  it('lets a student send again once the queue is reviewed', async () => {
    const { account, browser } = await student()
    await sendProofs(
      browser,
      [1, 2, 3, 4, 5].map((i) => `fiche-${i}.pdf`),
    )
    expect((await sendProof(browser, 'fiche-6.pdf')).status).toBe(400)
    const latest = proofsOf(account.id).sort((x, y) => y.uploadedAt.getTime() - x.uploadedAt.getTime())[0]
    const webmaster = await sessionClient(app.ctx, app.url, (await createAccount(app.ctx, { role: 'webmaster' })).id)
    expect((await webmaster.post('/admin/cotisations', { intent: 'approve', proofId: latest.id })).status).toBe(302)
    expect(proofsOf(account.id)).toEqual([expect.objectContaining({ id: latest.id, status: 'approved' })])
    expect((await sendProof(browser, 'fiche-6.pdf')).status).toBe(302)
    expect(filesOnDisk()).toEqual(storedNames())
  })
})
