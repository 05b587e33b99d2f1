import { afterAll, describe, expect, it } from 'vitest'
import type { Socket } from 'socket.io-client'
import { eq } from 'drizzle-orm'
import { outbox, reports, users } from '../../db/schema'
import { postMessage } from '../../app/features/groups/discussions.server'
import { fileReport } from '../../app/features/moderation/reports.server'
import { isHeld } from '../../app/features/moderation/holds.server'
import { remindUnhandledReports } from '../../app/features/moderation/jobs.server'
import { createAccount, groupOfTwo } from '../factories'
import { memberSocket } from '../support/sockets'
import { mailSuite } from '../support/mail-suite'
import type { AppContext } from '../../app/context.server'

const suite = mailSuite('10.84.2')
const sockets: Socket[] = []
afterAll(() => sockets.forEach((s) => s.disconnect()))
const DAY = 86400_000

async function alumnus(ctx: AppContext, days = 100) {
  const account = await createAccount(ctx, { membership: 'alumni' })
  ctx.db
    .update(users)
    .set({ createdAt: new Date(ctx.now().getTime() - days * DAY) })
    .where(eq(users.id, account.id))
    .run()
  return account
}

const form = (memberId: string, extra: Record<string, string> = {}) => ({
  cible: 'member',
  id: memberId,
  reason: 'spam',
  text: 'Il envoie de la publicité à toute la promotion.',
  retour: `/membres/${memberId}`,
  ...extra,
})

describe('filing a report at /signaler', () => {
  it('shows the target, files the report with its snapshot and weight, confirms, and refuses a second open one', async () => {
    const ctx = suite.app.ctx
    const [reporter, member] = [await alumnus(ctx), await alumnus(ctx)]
    const browser = suite.client()
    await browser.login(reporter.email, reporter.password)
    const page = await browser.get(`/signaler?cible=member&id=${member.id}&retour=/membres/${member.id}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(`${member.firstName} ${member.lastName}`)
    expect(html).toContain('Harcèlement')
    expect(html).toContain('Manquement aux conditions d’utilisation')

    const sent = await browser.post('/signaler', form(member.id))
    expect(sent.status).toBe(302)
    expect(sent.headers.get('location')).toBe(`/membres/${member.id}`)
    const row = ctx.db.select().from(reports).where(eq(reports.reporterId, reporter.id)).get()!
    expect(row).toMatchObject({ targetKind: 'member', subjectUserId: member.id, reason: 'spam', weight: 1, status: 'open' })
    expect(JSON.parse(row.snapshot)).toMatchObject({ title: `${member.firstName} ${member.lastName}`, path: `/membres/${member.id}` })
    const confirmation = await suite.smtp.waitForMail((m) => m.to.includes(reporter.email) && m.subject.includes('signalement'))
    expect(confirmation.text).toContain(`${member.firstName} ${member.lastName}`)

    const again = await browser.post('/signaler', form(member.id))
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('Vous avez déjà signalé ce contenu ; nous vous tiendrons informé')
    expect(await (await browser.get(`/signaler?cible=member&id=${member.id}`)).text()).toContain('Vous avez déjà signalé')
  })

  it('answers errors next to the fields, refuses self-reports, and 404s unknown or unseen targets alike', async () => {
    const ctx = suite.app.ctx
    const reporter = await alumnus(ctx)
    const browser = suite.client()
    await browser.login(reporter.email, reporter.password)
    const member = await alumnus(ctx)
    const bad = await browser.post('/signaler', form(member.id, { reason: 'terms', clause: 'abc', text: 'court' }))
    expect(bad.status).toBe(400)
    const text = await bad.text()
    expect(text).toContain('Choisissez un article des conditions d’utilisation en vigueur.')
    expect(text).toContain('Décrivez ce qui s’est passé en au moins 10 caractères.')
    expect((await browser.post('/signaler', form(member.id, { reason: 'nope' }))).status).toBe(400)
    expect((await browser.post('/signaler', form(reporter.id))).status).toBe(403)
    expect((await browser.get('/signaler?cible=member&id=inconnu')).status).toBe(404)
    expect((await browser.get('/signaler?cible=offer&id=999999')).status).toBe(404)
    expect((await browser.get('/signaler?cible=chose&id=1')).status).toBe(404)
    const { chatId, owner } = await groupOfTwo(ctx, `Privé ${crypto.randomUUID().slice(0, 4)}`, 'Un groupe')
    ctx.database.sqlite.prepare("update groups set visibility = 'private' where id = (select group_id from threads where id = ?)").run(chatId)
    const hidden = postMessage(ctx, { id: owner.id, isWebmaster: true }, { threadId: chatId, body: 'Entre nous', baseUrl: suite.app.url })
    expect(hidden.ok).toBe(true)
    // A message of a group the reporter is not in: the same 404 as one that does not exist.
    expect((await browser.get(`/signaler?cible=message&id=${hidden.ok ? hidden.message.id : 0}`)).status).toBe(404)
    expect((await browser.get('/signaler?cible=message&id=99999999')).status).toBe(404)
    const anonymous = await suite.client().get(`/signaler?cible=member&id=${member.id}`)
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toContain('/connexion')
  })

  it('allows 10 reports a day per account, then answers 429 in French', async () => {
    const ctx = suite.app.ctx
    const reporter = await alumnus(ctx)
    const browser = suite.client()
    await browser.login(reporter.email, reporter.password)
    for (let i = 0; i < 10; i++) {
      const member = await alumnus(ctx)
      expect((await browser.post('/signaler', form(member.id))).status).toBe(302)
    }
    const eleventh = await browser.post('/signaler', form((await alumnus(ctx)).id))
    expect(eleventh.status).toBe(429)
    expect(await eleventh.text()).toContain('10 signalements en 24 heures')
  })
})

describe('content held pending review', () => {
  it('hides a message from others at weight 3, shows it to its author who may edit it once', async () => {
    const ctx = suite.app.ctx
    const { other: author, chatId, groupId } = await groupOfTwo(ctx, `Tenu ${crypto.randomUUID().slice(0, 4)}`, 'Un groupe')
    const sent = postMessage(ctx, { id: author.id, isWebmaster: false }, { threadId: chatId, body: 'Achetez mes montres de luxe', baseUrl: suite.app.url })
    if (!sent.ok) throw new Error('not posted')
    const messageId = String(sent.message.id)
    const reporters = [await alumnus(ctx), await alumnus(ctx), await alumnus(ctx, 5), await alumnus(ctx, 5)]
    for (const r of reporters)
      ctx.database.sqlite
        .prepare("insert into group_members (group_id, user_id, role, status, joined_at) values (?, ?, 'member', 'active', ?)")
        .run(groupId, r.id, Date.now())
    const file = (id: string) =>
      fileReport(ctx, { reporterId: id, targetKind: 'message', targetId: messageId, reason: 'spam', text: 'De la publicité dans le groupe.' })
    expect(file(reporters[0].id)).toMatchObject({ ok: true, held: false })
    expect(file(reporters[1].id)).toMatchObject({ ok: true, held: false })
    expect(file(reporters[2].id)).toMatchObject({ ok: true, held: false })
    expect(isHeld(ctx, 'message', messageId)).toBe(false)
    expect(file(reporters[3].id)).toMatchObject({ ok: true, held: true })
    expect(isHeld(ctx, 'message', messageId)).toBe(true)

    // A member of the group who is not one of its moderators (they see reported messages to remove them).
    const reader = suite.client()
    await reader.login(reporters[0].email, reporters[0].password)
    const seen = await (await reader.get(`/groupes/${groupId}`)).text()
    expect(seen).toContain('Message masqué en attente de vérification')
    expect(seen).not.toContain('Achetez mes montres de luxe')

    const writer = suite.client()
    await writer.login(author.email, author.password)
    const own = await (await writer.get(`/groupes/${groupId}`)).text()
    expect(own).toContain('Achetez mes montres de luxe')
    expect(own).toContain('Vous pouvez le modifier une fois')
    const held = await suite.smtp.waitForMail((m) => m.to.includes(author.email) && m.subject.includes('masquée'))
    expect(held.text).toContain('modifier une fois')

    const socket = await memberSocket(suite.app.url, author.email)
    sockets.push(socket)
    expect(await socket.emitWithAck('message:edit', { messageId: sent.message.id, body: 'Je retire ma proposition' })).toEqual({ ok: true })
    expect(await socket.emitWithAck('message:edit', { messageId: sent.message.id, body: 'Encore une fois' })).toMatchObject({
      ok: false,
      error: 'heldEditUsed',
    })
    expect(isHeld(ctx, 'message', messageId)).toBe(true)
    // The desk still reads the message as it was reported.
    const snapshot = ctx.db.select({ snapshot: reports.snapshot }).from(reports).where(eq(reports.targetId, messageId)).get()!
    expect(JSON.parse(snapshot.snapshot).text).toBe('Achetez mes montres de luxe')
  })
})

describe('the 48-hour reminder', () => {
  it('mails every webmaster one digest of reports unhandled for 48 hours, once', async () => {
    const ctx = suite.app.ctx
    const webmaster = await createAccount(ctx, { role: 'webmaster', membership: 'alumni' })
    const [reporter, member] = [await alumnus(ctx), await alumnus(ctx)]
    const realNow = ctx.now
    try {
      ctx.now = () => new Date(realNow().getTime() - 49 * 3600_000)
      expect(
        fileReport(ctx, { reporterId: reporter.id, targetKind: 'member', targetId: member.id, reason: 'other', text: 'Un comportement étrange.' }).ok,
      ).toBe(true)
    } finally {
      ctx.now = realNow
    }
    const first = remindUnhandledReports(ctx)
    expect(first.reports).toBeGreaterThanOrEqual(1)
    const digest = await suite.smtp.waitForMail((m) => m.to.includes(webmaster.email) && m.subject.includes('48 heures'))
    expect(digest.text).toContain('/admin/moderation')
    expect(remindUnhandledReports(ctx)).toEqual({ reports: 0, webmasters: 0 })
    const queued = ctx.db.select().from(outbox).where(eq(outbox.to, webmaster.email)).all()
    expect(queued.filter((m) => m.kind === 'moderation.reportReminder')).toHaveLength(1)
  })
})
