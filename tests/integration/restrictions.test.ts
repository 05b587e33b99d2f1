import { afterAll, describe, expect, it } from 'vitest'
import type { Socket } from 'socket.io-client'
import { and, eq } from 'drizzle-orm'
import { eventInvitations, eventRegistrations, profiles, users } from '../../db/schema'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { invitationToken, runInvitationSend, startInvitationSend } from '../../app/features/events/event-invitations.server'
import { createTestEvent } from '../event-factories'
import { signUp } from '../../app/features/events/event-tickets.server'
import { fileReport } from '../../app/features/moderation/reports.server'
import { activeRestriction, liftRestrictions, restrictMember } from '../../app/features/moderation/restrictions.server'
import { createAccount, groupOfTwo } from '../factories'
import { memberSocket } from '../support/sockets'
import { mailSuite } from '../support/mail-suite'
import type { AppContext } from '../../app/context.server'

const suite = mailSuite('10.84.1')
const sockets: Socket[] = []
afterAll(() => sockets.forEach((s) => s.disconnect()))
const DAY = 86400_000

/** A member whose account is `days` old (30 or more: a paying member's report weighs 1). */
async function memberAged(ctx: AppContext, days: number, membership: 'alumni' | null = 'alumni') {
  const account = await createAccount(ctx, { membership })
  ctx.db
    .update(users)
    .set({ createdAt: new Date(ctx.now().getTime() - days * DAY) })
    .where(eq(users.id, account.id))
    .run()
  return account
}

/** A listed member who accepts contact requests: the one the reports are about. */
async function reportedMember(ctx: AppContext) {
  const member = await memberAged(ctx, 400)
  ctx.db.update(profiles).set({ inDirectory: true, contactConsent: true }).where(eq(profiles.userId, member.id)).run()
  return member
}

function report(ctx: AppContext, reporterId: string, memberId: string) {
  return fileReport(ctx, { reporterId, targetKind: 'member', targetId: memberId, reason: 'harassment', text: 'Des messages insistants et déplacés.' })
}

describe('the weighted threshold restricts a member until a webmaster decides', () => {
  it('two alumni and one new account (2.5) do not restrict; a third alumnus (3.5) does', async () => {
    const ctx = suite.app.ctx
    const member = await reportedMember(ctx)
    const [a, b] = [await memberAged(ctx, 100), await memberAged(ctx, 100)]
    const newcomer = await memberAged(ctx, 3)
    expect(report(ctx, a.id, member.id)).toMatchObject({ ok: true, restricted: false })
    expect(report(ctx, b.id, member.id)).toMatchObject({ ok: true, restricted: false })
    expect(report(ctx, newcomer.id, member.id)).toMatchObject({ ok: true, restricted: false })
    expect(activeRestriction(ctx, member.id)).toBeNull()
    const c = await memberAged(ctx, 100)
    expect(report(ctx, c.id, member.id)).toMatchObject({ ok: true, restricted: true })
    expect(activeRestriction(ctx, member.id)).toMatchObject({ source: 'threshold', endsAt: null })
  })

  it('three alumni restrict; the member is mailed why, without the reporters, and is never deactivated', async () => {
    const ctx = suite.app.ctx
    const member = await reportedMember(ctx)
    const reporters = [await memberAged(ctx, 60), await memberAged(ctx, 60), await memberAged(ctx, 60)]
    for (const r of reporters) report(ctx, r.id, member.id)
    expect(activeRestriction(ctx, member.id)).not.toBeNull()
    const mail = await suite.smtp.waitForMail((m) => m.to.includes(member.email) && m.subject.includes('restreint'))
    expect(mail.text).toContain('vous ne pouvez plus publier')
    for (const r of reporters) {
      expect(mail.text).not.toContain(r.lastName)
      expect(mail.text).not.toContain(r.email)
    }
    expect(ctx.db.select({ status: users.status }).from(users).where(eq(users.id, member.id)).get()?.status).toBe('active')
  })

  it('does not count reports older than 30 days, nor the same reporter twice, and weighs a new account 0.5', async () => {
    const ctx = suite.app.ctx
    const realNow = ctx.now
    const member = await reportedMember(ctx)
    const [a, b] = [await memberAged(ctx, 200), await memberAged(ctx, 200)]
    try {
      ctx.now = () => new Date(realNow().getTime() - 31 * DAY)
      expect(report(ctx, a.id, member.id)).toMatchObject({ ok: true })
    } finally {
      ctx.now = realNow
    }
    // a's report is 31 days old: b (1) + b again (refused) + a new member (0.5) = 1.5.
    expect(report(ctx, b.id, member.id)).toMatchObject({ ok: true, restricted: false })
    expect(report(ctx, b.id, member.id)).toMatchObject({ ok: false, error: 'duplicate' })
    const newcomer = await memberAged(ctx, 10)
    expect(report(ctx, newcomer.id, member.id)).toMatchObject({ ok: true, restricted: false })
    // An account without dues does not see the directory: the profile is « not found » to it.
    const unpaid = await memberAged(ctx, 200, null)
    expect(report(ctx, unpaid.id, member.id)).toMatchObject({ ok: false, error: 'notFound' })
    // With a's old report counted it would reach 3.5 here; without it, 2.5.
    const c = await memberAged(ctx, 200)
    expect(report(ctx, c.id, member.id)).toMatchObject({ ok: true, restricted: false })
    const d = await memberAged(ctx, 200)
    expect(report(ctx, d.id, member.id)).toMatchObject({ ok: true, restricted: true })
  })

  it('a restricted member cannot post (HTTP and socket), contact, or register; an ended restriction no longer holds', async () => {
    const ctx = suite.app.ctx
    const { other: member, chatId, groupId } = await groupOfTwo(ctx, `Restr ${crypto.randomUUID().slice(0, 4)}`, 'Un groupe de test')
    const target = await reportedMember(ctx)
    const browser = suite.client()
    await browser.login(member.email, member.password)
    const socket = await memberSocket(suite.app.url, member.email)
    sockets.push(socket)
    expect(await socket.emitWithAck('thread:join', { threadId: chatId })).toMatchObject({ ok: true })

    restrictMember(ctx, { userId: member.id, source: 'threshold' })
    const posted = await browser.post(`/groupes/${groupId}`, { intent: 'post', threadId: String(chatId), body: 'Bonjour à tous' })
    expect(posted.status).toBe(403)
    expect(await posted.text()).toContain('restreint')
    expect(await socket.emitWithAck('message:send', { threadId: chatId, body: 'Bonjour par socket' })).toMatchObject({ ok: false, error: 'restricted' })
    const thread = await browser.post('/discussions', { intent: 'thread', title: 'Un sujet', body: 'Un premier message' })
    expect(thread.status).toBe(403)
    const contact = await browser.post(`/membres/${target.id}`, { message: 'Bonjour, je voudrais vous parler de mon projet professionnel.' })
    expect(contact.status).toBe(403)
    expect(await contact.text()).toContain('Compte restreint en attente de vérification')
    const offer = await browser.post('/carriere/deposer', { title: 'Une offre' })
    expect(offer.status).toBe(403)
    const register = await browser.post('/evenements/1', { intent: 'register', guests: '0' })
    expect(register.status).toBe(403)
    // Nor by « Participer » in an invitation mail, which needs no session.
    const organizer = await createAccount(ctx, { membership: 'alumni', role: 'webmaster' })
    const eventId = createTestEvent(ctx, organizer.id)
    const started = startInvitationSend(ctx, loadViewer(ctx, organizer.id)!, eventId, { kind: 'group', groupId })
    if (!started.ok) throw new Error(started.error)
    await runInvitationSend(ctx, started.sendId, suite.app.url)
    const invitation = ctx.db
      .select()
      .from(eventInvitations)
      .where(and(eq(eventInvitations.eventId, eventId), eq(eventInvitations.userId, member.id)))
      .get()!
    const accepted = await fetch(new URL(`/evenements/participer/${invitationToken(ctx.config.SESSION_SECRET, invitation)}`, suite.app.url), {
      method: 'POST',
      headers: { origin: suite.app.url },
      body: new URLSearchParams({ intent: 'accept' }),
      redirect: 'manual',
    })
    expect(accepted.status).toBe(403)
    // The rule is signUp's, whichever way in: the socket's registration and the service itself refuse.
    expect(await socket.timeout(5000).emitWithAck('event:register', { eventId, guests: 0 })).toEqual({ ok: false, error: 'restricted' })
    expect(await signUp(ctx, { eventId, userId: member.id, guests: 0, ticketTypeId: null }, suite.app.url)).toEqual({ ok: false, error: 'restricted' })
    expect(ctx.db.select().from(eventRegistrations).where(eq(eventRegistrations.userId, member.id)).all()).toEqual([])
    const count = ctx.database.sqlite.prepare('select count(*) as n from messages where author_id = ?').get(member.id) as { n: number }
    expect(count.n).toBe(0)

    // Lifted by a webmaster: posting works again.
    expect(liftRestrictions(ctx, { userId: member.id })).toBe(1)
    expect(activeRestriction(ctx, member.id)).toBeNull()
    expect(await socket.emitWithAck('message:send', { threadId: chatId, body: 'Me revoilà' })).toMatchObject({ ok: true })

    // A restriction for N days ends by itself.
    const realNow = ctx.now
    restrictMember(ctx, { userId: member.id, source: 'decision', endsAt: new Date(realNow().getTime() + 2 * DAY) })
    expect(activeRestriction(ctx, member.id)?.endsAt).toBeInstanceOf(Date)
    try {
      ctx.now = () => new Date(realNow().getTime() + 3 * DAY)
      expect(activeRestriction(ctx, member.id)).toBeNull()
    } finally {
      ctx.now = realNow
    }
  })
})
