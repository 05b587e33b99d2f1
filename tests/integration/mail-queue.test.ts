import { afterAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import pino from 'pino'
import { openDatabase } from '../../db/client'
import { contactRequests, outbox, outboxAttachments, profiles } from '../../db/schema'
import { claimDueMails, createMailQueue, mailQueueStats, requeueCopy, WIPED_BODY, type MailMessage } from '../../app/shared/mail-queue.server'
import { runInvitationSend, startInvitationSend } from '../../app/features/events/event-invitations.server'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { createTransport, startMailSender } from '../../server/mail-sender'
import { createAccount, TEST_PASSWORD } from '../factories'
import { createTestEvent } from '../event-factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpServer } from '../support/smtp'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {})
})

async function smtpServer(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const smtp = await startSmtpServer(options)
  cleanup.push(smtp.close)
  return smtp
}
async function app(env: Record<string, string>) {
  const server = await startTestServer(env)
  cleanup.push(() => server.close())
  return server
}
const mailsOf = (server: TestServer, to: string) => server.ctx.db.select().from(outbox).where(eq(outbox.to, to)).all()
const mail = (to: string, subject: string): MailMessage => ({ to, subject, text: subject, html: `<p>${subject}</p>` })

describe('the mail queue with SMTP down, then back', () => {
  it('answers at once, keeps the mails, and sends them within seconds of the server answering again', async () => {
    const first = await smtpServer()
    const port = Number(new URL(first.url).port)
    await first.close()
    const server = await app({ SMTP_URL: `smtp://127.0.0.1:${port}` })
    const account = await createAccount(server.ctx, { membership: 'alumni' })

    // A reset asked while SMTP is down: the page says « envoyé » (and means it: the mail is kept).
    const reset = await new HttpClient(server.url).post('/mot-de-passe-oublie', { email: account.email })
    expect(reset.status).toBe(200)
    // A password change: done, and told so — not a 500.
    const browser = new HttpClient(server.url)
    await browser.login(account.email, TEST_PASSWORD)
    const changed = await browser.post('/mon-compte', { intent: 'password', currentPassword: TEST_PASSWORD, newPassword: 'un nouveau secret solide' })
    expect(changed.status).toBe(302)
    // A contact request: sent, and counted once.
    const target = await createAccount(server.ctx, { membership: 'alumni' })
    server.ctx.db.update(profiles).set({ contactConsent: true }).where(eq(profiles.userId, target.id)).run()
    const contact = await browser.post(`/membres/${target.id}`, { message: 'Bonjour, parlons de votre métier.' })
    expect(contact.status).toBe(302)
    expect(server.ctx.db.select().from(contactRequests).where(eq(contactRequests.toUserId, target.id)).all()).toHaveLength(1)

    // Kept, waiting for the server (the sender checks every 10 s whether it answers).
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(mailsOf(server, account.email).map((m) => m.status)).toEqual(['queued', 'queued'])
    expect(mailQueueStats(server.ctx.db).depth).toBe(3)

    const back = await smtpServer({ port })
    const since = Date.now()
    const resetMail = await back.waitForMail((m) => m.to.includes(account.email) && m.subject.includes('Réinitialisation'), 20_000)
    expect(Date.now() - since).toBeLessThan(15_000)
    expect(resetMail.text).toContain('/reinitialiser-mot-de-passe?token=')
    await back.waitForMail((m) => m.to.includes(target.email))
    await expect
      .poll(() => mailsOf(server, account.email).map((m) => [m.status, m.deliveredVia]))
      .toEqual([
        ['sent', 'smtp'],
        ['sent', 'smtp'],
      ])
  }, 40_000)
})

describe('refusals and retries', () => {
  it('marks a permanent refusal (5xx) failed with its reason, and « Renvoyer » queues a copy', async () => {
    const smtp = await smtpServer({ refuse: (address) => address.startsWith('inconnu') })
    const server = await app({ SMTP_URL: smtp.url })
    server.ctx.mail.enqueue(mail('inconnu@exemple.fr', 'Refusé'), { kind: 'test' })
    server.ctx.mail.enqueue(mail('connu@exemple.fr', 'Accepté'), { kind: 'test' })
    await smtp.waitForMail((m) => m.subject === 'Accepté')
    await expect.poll(() => mailsOf(server, 'inconnu@exemple.fr')[0]?.status).toBe('failed')
    const failed = mailsOf(server, 'inconnu@exemple.fr')[0]!
    expect(failed.attempts).toBe(1)
    expect(failed.lastError).toMatch(/^550 /)

    // The webmaster sees it with its reason, and sends it again (a new row; the history stays).
    const webmaster = await createAccount(server.ctx, { role: 'webmaster' })
    const admin = new HttpClient(server.url)
    await admin.login(webmaster.email, TEST_PASSWORD)
    const page = await (await admin.get('/admin/emails?statut=failed')).text()
    expect(page).toContain('inconnu@exemple.fr')
    expect(page).toContain('550')
    expect(page).not.toContain('connu@exemple.fr</')
    const resent = await admin.post('/admin/emails', { intent: 'resend', mailId: String(failed.id), back: '/admin/emails?statut=failed' })
    expect(resent.status).toBe(302)
    expect(resent.headers.get('location')).toBe('/admin/emails?statut=failed')
    await expect.poll(() => mailsOf(server, 'inconnu@exemple.fr').map((m) => m.status)).toEqual(['failed', 'failed'])
    // Hostile input: a 400, never a 500.
    expect((await admin.post('/admin/emails', { intent: 'resend', mailId: 'abc' })).status).toBe(400)
    expect((await admin.post('/admin/emails', { intent: 'resend', mailId: '999999', back: 'https://ailleurs.example/' })).headers.get('location')).toBe(
      '/admin/emails',
    )
    const member = await createAccount(server.ctx, { membership: 'alumni' })
    const nosy = new HttpClient(server.url)
    await nosy.login(member.email, TEST_PASSWORD)
    expect((await nosy.post('/admin/emails', { intent: 'resend', mailId: String(failed.id) })).status).toBe(403)
  })

  it('notices the SMTP server went away, waits for it, and sends what waited as soon as it answers', async () => {
    const server = await app({})
    const { db } = server.ctx
    await server.mailSender.stop()
    let up = true
    const sent: string[] = []
    const transport = {
      via: 'smtp' as const,
      send: async (message: MailMessage) => {
        if (!up) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' })
        sent.push(message.subject)
      },
      verify: async () => up,
      close() {},
    }
    const sender = startMailSender({ db, queue: server.ctx.mail, transport, from: 'x@y', templates: {}, logger: pino({ level: 'silent' }), probeMs: 200 })
    cleanup.push(() => sender.stop())
    await sender.runOnce()
    up = false
    const id = server.ctx.mail.enqueue(mail('attente@exemple.fr', 'Attente'), { kind: 'test' })!
    const row = () => db.select().from(outbox).where(eq(outbox.id, id)).get()!
    await expect.poll(() => row().attempts).toBe(1)
    expect(row()).toMatchObject({ status: 'queued', lastError: expect.stringContaining('ECONNREFUSED') })
    // Its own backoff says « in 30 s at most »…
    expect(row().nextAttemptAt.getTime() - Date.now()).toBeLessThanOrEqual(30_000)
    expect(row().nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(10_000)
    // …but it goes as soon as the server answers again.
    up = true
    const since = Date.now()
    await expect.poll(() => row().status).toBe('sent')
    expect(Date.now() - since).toBeLessThan(2000)
    expect(sent).toEqual(['Attente'])
  })

  it('retries with growing delays for three days, then gives up', async () => {
    const server = await app({})
    const { db } = server.ctx
    await server.mailSender.stop()
    const logger = pino({ level: 'silent' })
    let now = new Date('2026-12-01T10:00:00Z')
    const transport = {
      via: 'smtp' as const,
      send: () => Promise.reject(Object.assign(new Error('451 try later'), { responseCode: 451 })),
      verify: async () => true,
      close() {},
    }
    const sender = startMailSender({ db, queue: server.ctx.mail, transport, from: 'x@y', templates: {}, logger, now: () => now, pollMs: 60_000 })
    const queue = createMailQueue(db, 'smtp', () => now)
    const id = queue.enqueue(mail('patient@exemple.fr', 'Patience'), { kind: 'test' })!
    const row = () => db.select().from(outbox).where(eq(outbox.id, id)).get()!
    const delays: number[] = []
    while (row().status === 'queued') {
      await sender.runOnce()
      if (row().status !== 'queued') break
      delays.push((row().nextAttemptAt.getTime() - now.getTime()) / 1000)
      now = row().nextAttemptAt
    }
    await sender.stop()
    expect(row().status).toBe('failed')
    expect(row().lastError).toMatch(/^abandonné après 3 jours : 451/)
    expect(delays[0]).toBeLessThanOrEqual(30)
    expect(delays[1]).toBeGreaterThan(delays[0]!)
    expect(Math.max(...delays)).toBeLessThanOrEqual(3600)
    expect(Math.max(...delays)).toBeGreaterThan(2800)
    expect(now.getTime() - new Date('2026-12-01T10:00:00Z').getTime()).toBeGreaterThanOrEqual(3 * 24 * 3600_000)
  })
})

describe('crashes and concurrency', () => {
  it('sends a mail whose sender died between claim and send once the claim expires', async () => {
    const smtp = await smtpServer()
    const server = await app({ SMTP_URL: smtp.url })
    const { db } = server.ctx
    await server.mailSender.stop()
    const id = server.ctx.mail.enqueue(mail('orphelin@exemple.fr', 'Orphelin'), { kind: 'test' })!
    // A sender on another machine claims it, then dies before sending.
    expect(claimDueMails(db, 'autre-machine:123:abc', 10, new Date()).map((r) => r.id)).toEqual([id])
    const sender = startMailSender({
      db,
      queue: server.ctx.mail,
      transport: createTransport(smtp.url),
      from: 'x@y',
      templates: {},
      logger: pino({ level: 'silent' }),
    })
    cleanup.push(() => sender.stop())
    await sender.runOnce()
    expect(db.select().from(outbox).where(eq(outbox.id, id)).get()!.status).toBe('sending')
    // Its claim runs out (5 minutes): the mail is taken again.
    db.update(outbox)
      .set({ claimedUntil: new Date(Date.now() - 1) })
      .where(eq(outbox.id, id))
      .run()
    await sender.runOnce()
    await smtp.waitForMail((m) => m.subject === 'Orphelin')
    expect(db.select().from(outbox).where(eq(outbox.id, id)).get()).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('two senders on one database never send a mail twice', async () => {
    const smtp = await smtpServer()
    const server = await app({ SMTP_URL: smtp.url })
    await server.mailSender.stop()
    for (let i = 0; i < 120; i++) server.ctx.mail.enqueue(mail(`lot${i}@exemple.fr`, `Lot ${i}`), { kind: 'test' })
    // A second process: its own connection to the same file.
    const other = openDatabase(server.ctx.config.DATABASE_PATH)
    cleanup.push(async () => other.sqlite.close())
    const logger = pino({ level: 'silent' })
    const senders = [server.ctx.db, other.db].map((db) =>
      startMailSender({ db, queue: createMailQueue(db, 'smtp'), transport: createTransport(smtp.url), from: 'x@y', templates: {}, logger, batch: 5 }),
    )
    await expect.poll(() => smtp.mails.length, { timeout: 20_000 }).toBe(120)
    await Promise.all(senders.map((s) => s.stop()))
    const subjects = smtp.mails.map((m) => m.subject)
    expect(new Set(subjects).size).toBe(120)
    // Both took part, and between them sent each mail once.
    const sent = senders.map((s) => s.stats().sent)
    expect(sent.every((n) => n > 0)).toBe(true)
    expect(sent[0]! + sent[1]!).toBe(120)
    expect(mailQueueStats(server.ctx.db).depth).toBe(0)
  })

  it('a bulk send that crashes mid-way resumes: nobody skipped, nobody mailed twice', async () => {
    const smtp = await smtpServer()
    const server = await app({ SMTP_URL: smtp.url })
    const organizer = await createAccount(server.ctx, { role: 'webmaster' })
    const promotion = 1979
    const invitees = await Promise.all(Array.from({ length: 120 }, () => createAccount(server.ctx, { membership: 'alumni', promotion })))
    const eventId = createTestEvent(server.ctx, organizer.id, { title: 'Les 40 ans de la promo' })
    const started = startInvitationSend(server.ctx, loadViewer(server.ctx, organizer.id)!, eventId, { kind: 'promotions', promotions: [promotion] })
    if (!started.ok) throw new Error(started.error)
    // The process « dies » while writing the second batch: that batch's transaction never commits.
    const enqueue = server.ctx.mail.enqueue
    let count = 0
    server.ctx.mail.enqueue = (message, options) => {
      if (++count === 70) throw new Error('kill -9')
      return enqueue(message, options)
    }
    await expect(runInvitationSend(server.ctx, started.sendId, server.url)).rejects.toThrow('kill -9')
    server.ctx.mail.enqueue = enqueue
    expect(server.ctx.db.select().from(outbox).where(eq(outbox.kind, 'events.invitation')).all()).toHaveLength(50)
    // After the restart the job picks the send up (twice at once, as two processes would).
    const [a, b] = await Promise.all([runInvitationSend(server.ctx, started.sendId, server.url), runInvitationSend(server.ctx, started.sendId, server.url)])
    expect(a ?? b).toMatchObject({ total: 120, sent: 120, failed: 0 })
    await expect.poll(() => smtp.mails.length, { timeout: 20_000 }).toBe(120)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const recipients = smtp.mails.flatMap((m) => m.to)
    expect(new Set(recipients).size).toBe(120)
    expect(recipients.sort()).toEqual(invitees.map((i) => i.email).sort())
  }, 40_000)
})

describe('without SMTP_URL', () => {
  it('keeps every mail in the queue, attachments included, for webmasters to read', async () => {
    const server = await app({})
    const organizer = await createAccount(server.ctx, { role: 'webmaster' })
    const eventId = createTestEvent(server.ctx, organizer.id, { title: 'Visite du labo' })
    const member = await createAccount(server.ctx, { membership: 'alumni' })
    const browser = new HttpClient(server.url)
    await browser.login(member.email, TEST_PASSWORD)
    expect((await browser.post(`/evenements/${eventId}`, { intent: 'register' })).status).toBe(302)
    await expect.poll(() => mailsOf(server, member.email)[0]?.status).toBe('sent')
    const ticket = mailsOf(server, member.email)[0]!
    expect(ticket).toMatchObject({ kind: 'events.confirmation', deliveredVia: 'outbox', params: null })
    expect(ticket.text).toContain('Visite du labo')
    const files = server.ctx.db.select().from(outboxAttachments).where(eq(outboxAttachments.mailId, ticket.id)).all()
    expect(files.map((f) => f.filename).sort()).toEqual([expect.stringMatching(/^billet-.+\.png$/), 'evenement.ics'].sort())
    const png = files.find((f) => f.filename.endsWith('.png'))!
    expect(png.content.subarray(1, 4).toString()).toBe('PNG')

    const admin = new HttpClient(server.url)
    await admin.login(organizer.email, TEST_PASSWORD)
    const page = await (await admin.get(`/admin/emails?q=${encodeURIComponent(member.email)}`)).text()
    expect(page).toContain('Visite du labo')
    expect(page).toContain(`/admin/emails/${ticket.id}/pieces/${png.id}`)
    const download = await admin.get(`/admin/emails/${ticket.id}/pieces/${png.id}`)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/)
    expect(Buffer.from(await download.arrayBuffer()).equals(png.content)).toBe(true)
    // Another mail's id with this attachment, or a member: nothing.
    expect((await admin.get(`/admin/emails/${ticket.id + 1}/pieces/${png.id}`)).status).toBe(404)
    expect((await browser.get(`/admin/emails/${ticket.id}/pieces/${png.id}`)).status).toBe(403)
    expect(
      server.ctx.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.status, 'queued'), eq(outbox.to, member.email)))
        .all(),
    ).toHaveLength(0)
  })
})

describe('mails whose body must not outlive the sending', () => {
  it('delivers a *.secret.* mail whole, then keeps only its envelope; others stay readable and can be sent again', async () => {
    const smtp = await smtpServer()
    const server = await app({ SMTP_URL: smtp.url })
    const secretId = server.ctx.mail.enqueue(
      { to: 'voter@example.org', subject: 'Votre code de vote', text: 'Code : K7-secret-code', html: '<p>Code : K7-secret-code</p>' },
      { kind: 'elections.secret.credential' },
    )!
    const plainId = server.ctx.mail.enqueue(mail('voter@example.org', 'Une candidature validée'), { kind: 'elections.candidacy.validated' })!

    const received = await smtp.waitForMail((m) => m.subject === 'Votre code de vote')
    expect(received.text).toContain('K7-secret-code')
    await expect.poll(() => mailsOf(server, 'voter@example.org').every((m) => m.status === 'sent')).toBe(true)
    const rows = new Map(mailsOf(server, 'voter@example.org').map((m) => [m.id, m]))
    expect(rows.get(secretId)).toMatchObject({ text: WIPED_BODY, html: WIPED_BODY, params: null, headers: null, kind: 'elections.secret.credential' })
    expect(rows.get(secretId)!.text + rows.get(secretId)!.html).not.toContain('K7-secret-code')
    expect(rows.get(plainId)!.text).toBe('Une candidature validée')
    // « Renvoyer » at /admin/emails would send the placeholder: refused for a wiped mail.
    expect(requeueCopy(server.ctx.db, secretId, new Date())).toBeNull()
    expect(requeueCopy(server.ctx.db, plainId, new Date())).not.toBeNull()
  })
})
