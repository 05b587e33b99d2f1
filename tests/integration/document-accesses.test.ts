import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { documentAccesses, jobApplications, outbox, outboxAttachments, payments, studentProofs } from '../../db/schema'
import { approveJobOffer, createJobOffer } from '../../app/features/careers/careers.server'
import { createAccount, jobOfferInput } from '../factories'
import { sessionClient } from '../event-factories'
import { files } from '../support/files'
import { startTestServer, type TestServer } from '../support/server'

// Issue #16: every time a webmaster opens someone else's proof, CV or receipt, it is logged (who,
// what, when); the person sees it in « Mes données », webmasters in /admin/rgpd/acces. No SMTP_URL
// here: mails stay in the queue with their attachments, as webmasters read them at /admin/emails.

let app: TestServer
beforeAll(async () => {
  app = await startTestServer()
})
afterAll(async () => {
  await app?.close()
})

const accessesOf = (userId: string) =>
  app.ctx.db
    .select({ actorId: documentAccesses.actorId, document: documentAccesses.document, documentId: documentAccesses.documentId })
    .from(documentAccesses)
    .where(eq(documentAccesses.subjectUserId, userId))
    .all()

async function person(options: Parameters<typeof createAccount>[1] = {}) {
  const account = await createAccount(app.ctx, options)
  return { account, browser: await sessionClient(app.ctx, app.url, account.id) }
}

describe('opening another person’s private document', () => {
  it('logs a webmaster’s opening of a proof, never the owner’s, and a refused one not at all', async () => {
    const student = await person({ membership: 'student' })
    const sent = await student.browser.postMultipart(
      '/mon-compte/justificatif',
      {},
      { proof: { name: 'fiche.pdf', type: 'application/pdf', bytes: files.pdf() } },
    )
    expect(sent.status).toBe(302)
    const proof = app.ctx.db.select().from(studentProofs).where(eq(studentProofs.userId, student.account.id)).get()!

    expect((await student.browser.get(`/justificatifs/${proof.id}`)).status).toBe(200)
    const stranger = await person({ membership: 'alumni' })
    expect((await stranger.browser.get(`/justificatifs/${proof.id}`)).status).toBe(404)
    expect(accessesOf(student.account.id)).toEqual([])

    const webmaster = await person({ role: 'webmaster', membership: 'alumni' })
    expect((await webmaster.browser.get(`/justificatifs/${proof.id}`)).status).toBe(200)
    expect(accessesOf(student.account.id)).toEqual([{ actorId: webmaster.account.id, document: 'proof', documentId: proof.id }])

    // The person reads it in « Mes données », by the webmaster's name.
    const mine = await (await student.browser.get('/mon-compte/donnees')).text()
    expect(mine).toContain(`${webmaster.account.firstName} ${webmaster.account.lastName} a ouvert votre justificatif d’inscription`)
  })

  it('logs a webmaster’s opening of a receipt, in the page and in the mail queue', async () => {
    const member = await person()
    const webmaster = await person({ role: 'webmaster', membership: 'alumni' })
    const recorded = await webmaster.browser.post('/admin/cotisations', {
      intent: 'offline',
      email: member.account.email,
      category: 'alumni',
      method: 'cheque',
      reference: 'Chèque n° 7654321',
    })
    expect(recorded.status).toBe(302)
    const payment = app.ctx.db.select().from(payments).where(eq(payments.userId, member.account.id)).get()!

    expect((await member.browser.get(`/recus/${payment.id}`)).status).toBe(200)
    expect(accessesOf(member.account.id)).toEqual([])
    expect((await webmaster.browser.get(`/recus/${payment.id}`)).status).toBe(200)
    expect(accessesOf(member.account.id)).toEqual([{ actorId: webmaster.account.id, document: 'receipt', documentId: payment.id }])

    // The receipt mail, composed by the sender with its PDF attached, read in the queue.
    const attachment = await eventually(() =>
      app.ctx.db
        .select({ id: outboxAttachments.id, mailId: outboxAttachments.mailId })
        .from(outboxAttachments)
        .innerJoin(outbox, eq(outbox.id, outboxAttachments.mailId))
        .where(and(eq(outbox.kind, 'dues.receipt'), eq(outbox.to, member.account.email)))
        .get(),
    )
    expect((await webmaster.browser.get(`/admin/emails/${attachment.mailId}/pieces/${attachment.id}`)).status).toBe(200)
    expect(accessesOf(member.account.id)).toEqual([
      { actorId: webmaster.account.id, document: 'receipt', documentId: payment.id },
      { actorId: webmaster.account.id, document: 'receipt', documentId: `mail:${attachment.mailId}:${attachment.id}` },
    ])
  })

  it('logs a webmaster’s opening of a CV sent with an application, read in the mail queue', async () => {
    const webmaster = await person({ role: 'webmaster', membership: 'alumni' })
    const recruiter = await createAccount(app.ctx, { membership: 'alumni' })
    const offer = createJobOffer(app.ctx, recruiter.id, jobOfferInput(app.ctx.now(), { title: 'Stage en acoustique' }))
    if (!offer.ok) throw new Error(offer.error)
    approveJobOffer(app.ctx, webmaster.account.id, offer.id)
    const applicant = await person({ membership: 'student' })
    const applied = await applicant.browser.postMultipart(
      `/carriere/offres/${offer.id}`,
      { message: 'Bonjour, votre stage m’intéresse.' },
      { cv: { name: 'cv.pdf', type: 'application/pdf', bytes: files.pdf() } },
    )
    expect(applied.status).toBe(302)
    const attachment = await eventually(() =>
      app.ctx.db
        .select({ id: outboxAttachments.id, mailId: outboxAttachments.mailId })
        .from(outboxAttachments)
        .innerJoin(outbox, eq(outbox.id, outboxAttachments.mailId))
        .where(and(eq(outbox.kind, 'careers.application'), eq(outbox.replyTo, applicant.account.email)))
        .get(),
    )
    // The applicant's own CV page is theirs only: nothing to log.
    const application = app.ctx.db.select().from(jobApplications).where(eq(jobApplications.userId, applicant.account.id)).get()!
    expect((await applicant.browser.get(`/carriere/candidatures/${application.id}/cv`)).status).toBe(200)
    expect(accessesOf(applicant.account.id)).toEqual([])

    expect((await webmaster.browser.get(`/admin/emails/${attachment.mailId}/pieces/${attachment.id}`)).status).toBe(200)
    expect(accessesOf(applicant.account.id)).toEqual([
      { actorId: webmaster.account.id, document: 'cv', documentId: `mail:${attachment.mailId}:${attachment.id}` },
    ])
    // The recruiter, who posted the offer, is not the CV's owner.
    expect(accessesOf(recruiter.id)).toEqual([])
  })
})

describe('the webmasters’ log, /admin/rgpd/acces', () => {
  it('lists who opened whose document, filters by kind, and is for webmasters only', async () => {
    const student = await person({ membership: 'student' })
    await student.browser.postMultipart('/mon-compte/justificatif', {}, { proof: { name: 'fiche.pdf', type: 'application/pdf', bytes: files.pdf() } })
    const proof = app.ctx.db.select().from(studentProofs).where(eq(studentProofs.userId, student.account.id)).get()!
    const webmaster = await person({ role: 'webmaster', membership: 'alumni' })
    await webmaster.browser.get(`/justificatifs/${proof.id}`)

    const log = await webmaster.browser.get('/admin/rgpd/acces')
    expect(log.status).toBe(200)
    const html = await log.text()
    const row = new RegExp(
      `<tr><td>[^<]+</td><td data-label="Ouvert par">${webmaster.account.firstName} ${webmaster.account.lastName}</td><td data-label="Document">Justificatif d’inscription</td><td data-label="Document de">${student.account.firstName} ${student.account.lastName}</td></tr>`,
    )
    expect(html).toMatch(row)
    expect(await (await webmaster.browser.get('/admin/rgpd/acces?document=proof')).text()).toMatch(row)
    expect(await (await webmaster.browser.get('/admin/rgpd/acces?document=cv')).text()).not.toMatch(row)
    // A kind that does not exist, a page out of range: the whole log, no error.
    expect((await webmaster.browser.get('/admin/rgpd/acces?document=%00&page=99999')).status).toBe(200)

    const member = await person({ membership: 'alumni' })
    expect((await member.browser.get('/admin/rgpd/acces')).status).toBe(403)
  })
})

async function eventually<T>(read: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = read()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error('not there in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
