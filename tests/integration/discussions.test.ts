import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Socket } from 'socket.io-client'
import { joinPromotionGroup } from '../../app/features/groups/groups.server'
import { createThread, postMessage } from '../../app/features/groups/discussions.server'
import { HttpClient } from '../support/http'
import { createAccount, groupOfTwo, TEST_PASSWORD } from '../factories'
import { memberSocket, nextEvent } from '../support/sockets'
import { startTestServer, type TestServer } from '../support/server'

let app: TestServer
const sockets: Socket[] = []
beforeAll(async () => {
  app = await startTestServer()
})
afterAll(async () => {
  sockets.forEach((s) => s.disconnect())
  await app?.close()
})

async function socketOf(email: string) {
  const socket = await memberSocket(app.url, email)
  sockets.push(socket)
  return socket
}

/** A public group with its chat thread, and two members in it. */
async function groupWithTwo() {
  const group = await groupOfTwo(app.ctx, `Groupe ${crypto.randomUUID().slice(0, 4)}`, 'Un groupe de test')
  return { ...group, threadId: group.chatId }
}

describe('groups and discussions over Socket.IO', () => {
  it('joins a member to their promotion group when the membership becomes active', async () => {
    const member = await createAccount(app.ctx, { membership: 'alumni', promotion: 2011 })
    const groupId = joinPromotionGroup(app.ctx, member.id)!
    const again = joinPromotionGroup(app.ctx, (await createAccount(app.ctx, { membership: 'alumni', promotion: 2011 })).id)
    expect(again).toBe(groupId)
  })

  it('lets a socket into a group room only when its member belongs to the group, at every join', async () => {
    const { threadId } = await groupWithTwo()
    const stranger = await createAccount(app.ctx, { membership: 'alumni' })
    const socket = await socketOf(stranger.email)
    expect(await socket.emitWithAck('thread:join', { threadId })).toEqual({ ok: false, error: 'forbidden' })
    expect(await socket.emitWithAck('message:send', { threadId, body: 'Je ne devrais pas pouvoir écrire ici.' })).toMatchObject({
      ok: false,
      error: 'forbidden',
    })
    expect(await socket.emitWithAck('thread:join', { threadId: 'x' })).toEqual({ ok: false, error: 'invalid' })
  })

  it('stores before broadcasting, acknowledges with the id, and delivers in order to every reader', async () => {
    const { owner, other, threadId } = await groupWithTwo()
    const writer = await socketOf(owner.email)
    const reader = await socketOf(other.email)
    expect(await writer.emitWithAck('thread:join', { threadId })).toMatchObject({ ok: true })
    expect(await reader.emitWithAck('thread:join', { threadId })).toMatchObject({ ok: true })

    const received: number[] = []
    const all = new Promise<void>((resolve) =>
      reader.on('message:new', (m: { id: number }) => {
        received.push(m.id)
        if (received.length === 5) resolve()
      }),
    )
    const acks: { ok: boolean; id: number }[] = []
    for (let i = 1; i <= 5; i++) acks.push(await writer.emitWithAck('message:send', { threadId, body: `Message ${i}` }))
    await all
    expect(acks.every((a) => a.ok)).toBe(true)
    expect(received).toEqual(acks.map((a) => a.id))
    const stored = app.ctx.database.sqlite.prepare('select id, body from messages where thread_id = ? order by id').all(threadId) as {
      id: number
      body: string
    }[]
    expect(stored.map((m) => m.id)).toEqual(acks.map((a) => a.id))
  })

  it('gives a reader who was away every message he missed, in order, none twice', async () => {
    const { owner, other, threadId } = await groupWithTwo()
    const writer = await socketOf(owner.email)
    const reader = await socketOf(other.email)
    await writer.emitWithAck('thread:join', { threadId })
    const joined = (await reader.emitWithAck('thread:join', { threadId })) as { messages: { id: number }[] }
    const first = (await writer.emitWithAck('message:send', { threadId, body: 'Avant la coupure' })) as { id: number }
    await nextEvent(reader, 'message:new')
    reader.disconnect()
    const missed: number[] = []
    for (let i = 0; i < 3; i++) missed.push(((await writer.emitWithAck('message:send', { threadId, body: `Pendant la coupure ${i}` })) as { id: number }).id)

    const back = await socketOf(other.email)
    await back.emitWithAck('thread:join', { threadId })
    const since = (await back.emitWithAck('thread:since', { threadId, afterId: first.id })) as { messages: { id: number; body: string }[] }
    expect(since.messages.map((m) => m.id)).toEqual(missed)
    expect(joined.messages).toEqual([])
  })

  it('answers a member who writes too fast with a clear error, and broadcasts nothing more', async () => {
    const { owner, threadId } = await groupWithTwo()
    const writer = await socketOf(owner.email)
    await writer.emitWithAck('thread:join', { threadId })
    const answers: { ok: boolean; error?: string }[] = []
    for (let i = 0; i < 12; i++) answers.push(await writer.emitWithAck('message:send', { threadId, body: `Rafale ${i}` }))
    expect(answers.slice(0, 10).every((a) => a.ok)).toBe(true)
    expect(answers.slice(10)).toEqual([
      expect.objectContaining({ ok: false, error: 'rateLimited' }),
      expect.objectContaining({ ok: false, error: 'rateLimited' }),
    ])
    const count = app.ctx.database.sqlite.prepare('select count(*) as n from messages where thread_id = ?').get(threadId) as { n: number }
    expect(count.n).toBe(10)
  })

  it('refuses an empty or too long message, and lets only the author edit, the author or a moderator delete', async () => {
    const { owner, other, threadId } = await groupWithTwo()
    const moderator = await socketOf(owner.email)
    const member = await socketOf(other.email)
    await moderator.emitWithAck('thread:join', { threadId })
    await member.emitWithAck('thread:join', { threadId })
    expect(await member.emitWithAck('message:send', { threadId, body: '   ' })).toMatchObject({ ok: false, error: 'empty' })
    expect(await member.emitWithAck('message:send', { threadId, body: 'x'.repeat(4001) })).toMatchObject({ ok: false, error: 'tooLong' })
    const sent = (await member.emitWithAck('message:send', { threadId, body: 'Premier jet' })) as { id: number }
    expect(await moderator.emitWithAck('message:edit', { messageId: sent.id, body: 'Réécrit' })).toMatchObject({ ok: false, error: 'forbidden' })
    const edited = nextEvent<{ id: number; body: string; editedAt: string }>(moderator, 'message:edited')
    expect(await member.emitWithAck('message:edit', { messageId: sent.id, body: 'Version corrigée' })).toEqual({ ok: true })
    expect(await edited).toMatchObject({ id: sent.id, body: 'Version corrigée' })
    const deleted = nextEvent<{ id: number; deleted: boolean; body: string }>(member, 'message:deleted')
    expect(await moderator.emitWithAck('message:delete', { messageId: sent.id })).toEqual({ ok: true })
    expect(await deleted).toMatchObject({ id: sent.id, deleted: true, body: '' })
  })

  it('shows who is typing and who is online in the group', async () => {
    const { owner, other, groupId, threadId } = await groupWithTwo()
    const a = await socketOf(owner.email)
    await a.emitWithAck('thread:join', { threadId })
    const b = await socketOf(other.email)
    const online = nextEvent<{ groupId: number; online: { userId: string }[] }>(a, 'presence')
    await b.emitWithAck('thread:join', { threadId })
    expect((await online).online.map((p) => p.userId).sort()).toEqual([owner.id, other.id].sort())
    const typing = nextEvent<{ userId: string }>(a, 'typing')
    b.emit('typing', { threadId })
    expect(await typing).toMatchObject({ userId: other.id })
    const left = nextEvent<{ groupId: number; online: { userId: string }[] }>(a, 'presence')
    b.disconnect()
    expect((await left).online.map((p) => p.userId)).toEqual([owner.id])
    expect(groupId).toBeGreaterThan(0)
  })

  it('opens forum threads to every member', async () => {
    const author = await createAccount(app.ctx, { membership: 'alumni' })
    const created = createThread(app.ctx, { id: author.id, isWebmaster: false }, { groupId: null, title: 'Bienvenue', body: 'Présentez-vous ici !' })
    expect(created.ok).toBe(true)
    const reader = await socketOf((await createAccount(app.ctx, { membership: 'student' })).email)
    const joined = (await reader.emitWithAck('thread:join', { threadId: created.ok ? created.threadId : 0 })) as { ok: boolean; messages: { body: string }[] }
    expect(joined.ok).toBe(true)
    expect(joined.messages.map((m) => m.body)).toEqual(['Présentez-vous ici !'])
  })

  it('notifies a mentioned member in the site, and by e-mail when away — once per thread per hour', async () => {
    const { owner, other, threadId } = await groupWithTwo()
    const mention = `Bonjour @${other.firstName} ${other.lastName}, tu viens dimanche ?`
    const outbox = () =>
      app.ctx.database.sqlite.prepare('select subject, text from outbox where "to" = ?').all(other.email) as { subject: string; text: string }[]
    expect(postMessage(app.ctx, { id: owner.id, isWebmaster: false }, { threadId, body: mention, baseUrl: app.url }).ok).toBe(true)
    await expect.poll(() => outbox().length).toBe(1)
    expect(outbox()[0].text).toContain('tu viens dimanche')
    const notes = app.ctx.database.sqlite.prepare("select count(*) as n from notifications where user_id = ? and kind = 'mention'").get(other.id) as {
      n: number
    }
    expect(notes.n).toBe(1)
    postMessage(app.ctx, { id: owner.id, isWebmaster: false }, { threadId, body: `${mention} (relance)`, baseUrl: app.url })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(outbox()).toHaveLength(1)
  })

  it('lets a member propose a group that a webmaster approves, and brings reports to webmasters', async () => {
    const member = await createAccount(app.ctx, { membership: 'alumni' })
    const browser = new HttpClient(app.url)
    await browser.login(member.email, TEST_PASSWORD)
    const proposed = await browser.post('/groupes?index', {
      intent: 'propose',
      name: 'Club de lecture',
      description: 'Un livre par mois, discuté ensemble.',
      kind: 'interest',
      visibility: 'private',
    })
    expect(proposed.status).toBe(302)
    const row = app.ctx.database.sqlite.prepare("select id, status from groups where name = 'Club de lecture'").get() as { id: number; status: string }
    expect(row.status).toBe('proposed')
    expect(await (await browser.get('/groupes')).text()).not.toContain('Club de lecture')
    expect((await browser.post('/admin/groupes', { intent: 'approve', id: String(row.id) })).status).toBe(403)

    const webmaster = await createAccount(app.ctx, { membership: 'alumni', role: 'webmaster' })
    const admin = new HttpClient(app.url)
    await admin.login(webmaster.email, TEST_PASSWORD)
    expect(await (await admin.get('/admin/groupes')).text()).toContain('Club de lecture')
    expect((await admin.post('/admin/groupes', { intent: 'approve', id: String(row.id) })).status).toBe(302)
    expect((app.ctx.database.sqlite.prepare('select status from groups where id = ?').get(row.id) as { status: string }).status).toBe('active')
    expect(app.ctx.database.sqlite.prepare('select role from group_members where group_id = ? and user_id = ?').get(row.id, member.id)).toEqual({
      role: 'moderator',
    })

    const thread = createThread(app.ctx, { id: webmaster.id, isWebmaster: true }, { groupId: null, title: 'Sujet signalé', body: 'Un message déplacé' })
    const messageId = (app.ctx.database.sqlite.prepare('select id from messages where thread_id = ?').get(thread.ok ? thread.threadId : 0) as { id: number }).id
    // Reported through moderation's one reporting system (`/signaler`).
    expect((await browser.post('/signaler', { cible: 'message', id: String(messageId), reason: 'harassment', text: 'Propos insultants' })).status).toBe(302)
    const page = await (await admin.get('/admin/groupes')).text()
    expect(page).toContain('Propos insultants')
    const reportId = (
      app.ctx.database.sqlite.prepare("select id from reports where target_kind = 'message' and target_id = ?").get(String(messageId)) as { id: number }
    ).id
    await admin.post('/admin/groupes', { intent: 'remove', id: String(reportId), messageId: String(messageId) })
    expect(
      (app.ctx.database.sqlite.prepare('select deleted_at from messages where id = ?').get(messageId) as { deleted_at: number | null }).deleted_at,
    ).not.toBeNull()
  })

  it('brings a report in a group to its moderators, who may remove the message', async () => {
    const { owner, other, groupId, threadId } = await groupWithTwo()
    const sent = postMessage(app.ctx, { id: owner.id, isWebmaster: false }, { threadId, body: 'Un message à signaler', baseUrl: app.url })
    const messageId = sent.ok ? sent.message.id : 0
    const member = new HttpClient(app.url)
    await member.login(other.email, TEST_PASSWORD)
    expect((await member.post('/signaler', { cible: 'message', id: String(messageId), reason: 'other', text: 'Hors sujet et agressif' })).status).toBe(302)
    const reportId = (
      app.ctx.database.sqlite.prepare("select id from reports where target_kind = 'message' and target_id = ?").get(String(messageId)) as { id: number }
    ).id
    expect((await member.post(`/groupes/${groupId}`, { intent: 'remove', id: String(reportId) })).status).toBe(403)

    const moderator = new HttpClient(app.url)
    await moderator.login(owner.email, TEST_PASSWORD)
    expect(await (await moderator.get(`/groupes/${groupId}`)).text()).toContain('Hors sujet et agressif')
    expect((await moderator.post(`/groupes/${groupId}`, { intent: 'remove', id: String(reportId) })).status).toBe(302)
    expect(
      (app.ctx.database.sqlite.prepare('select deleted_at from messages where id = ?').get(messageId) as { deleted_at: number | null }).deleted_at,
    ).not.toBeNull()
  })
})
