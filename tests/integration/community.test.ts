import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import type { Socket } from 'socket.io-client'
import { profiles } from '../../db/schema'
import { createThread, postMessage } from '../../app/features/groups/discussions.server'
import { forumThreads, markThreadRead, openThread } from '../../app/features/groups/forum.server'
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

const member = (a: { id: string }) => ({ id: a.id, role: 'member' as const })
/** A photo on file for the profile (the rule under test reads the column; the file is the directory's business). */
const givePhoto = (userId: string, inDirectory = true) =>
  app.ctx.db.update(profiles).set({ photo: 'photo.webp', inDirectory }).where(eq(profiles.userId, userId)).run()

async function sailingGroup() {
  const name = `Voile ${crypto.randomUUID().slice(0, 4)}`
  return { ...(await groupOfTwo(app.ctx, name, 'Les marins')), name }
}

describe('forum thread lists', () => {
  it('count replies and unread posts per reader, and name the last author with the avatar the reader may see', async () => {
    const author = await createAccount(app.ctx, { membership: 'alumni' })
    const replier = await createAccount(app.ctx, { membership: 'alumni' })
    const reader = await createAccount(app.ctx, { membership: 'alumni' })
    givePhoto(replier.id, false) // out of the directory: no photo for others
    const created = createThread(
      app.ctx,
      { id: author.id, isWebmaster: false },
      { groupId: null, title: 'Covoiturage pour le gala', body: 'Qui part de Lyon ?' },
    )
    if (!created.ok) throw new Error('not created')
    const { threadId } = created
    const find = (viewer: { id: string }) => forumThreads(app.ctx, member(viewer), null).find((t) => t.id === threadId)!

    expect(find(reader)).toMatchObject({ replies: 0, unread: 1, neverRead: true, lastAuthor: { id: author.id, photo: false } })
    const opened = openThread(app.ctx, member(reader), threadId)
    expect(opened.firstUnreadId).toBeNull() // never opened: read from its start, no divider
    expect(find(reader)).toMatchObject({ unread: 0, neverRead: false })

    for (const body of ['Moi, samedi matin.', 'Deux places libres.']) {
      postMessage(app.ctx, { id: replier.id, isWebmaster: false }, { threadId, body, baseUrl: app.url })
    }
    expect(find(reader)).toMatchObject({ replies: 2, unread: 2, lastAuthor: { id: replier.id, firstName: replier.firstName, photo: false } })
    // The replier sees their own photo, and their own posts are never « new » to them.
    expect(find(replier)).toMatchObject({ unread: 1, lastAuthor: { photo: true } })

    const again = openThread(app.ctx, member(reader), threadId)
    expect(again.messages.find((m) => m.id === again.firstUnreadId)?.body).toBe('Moi, samedi matin.')
    expect(find(reader).unread).toBe(0)

    givePhoto(replier.id, true)
    expect(find(reader).lastAuthor).toMatchObject({ photo: true })
  })

  it('keeps the place read over the socket, only for a thread the member may read', async () => {
    const { owner, other, groupId } = await sailingGroup()
    const created = createThread(app.ctx, { id: owner.id, isWebmaster: false }, { groupId, title: 'Sortie de printemps', body: 'Qui vient ?' })
    if (!created.ok) throw new Error('not created')
    const stranger = await createAccount(app.ctx, { membership: 'alumni' })
    const outsider = await memberSocket(app.url, stranger.email)
    sockets.push(outsider)
    expect(await outsider.emitWithAck('thread:read', { threadId: created.threadId, messageId: 999 })).toEqual({ ok: false, error: 'forbidden' })

    const socket = await memberSocket(app.url, other.email)
    sockets.push(socket)
    const joined = (await socket.emitWithAck('thread:join', { threadId: created.threadId })) as { messages: { id: number }[] }
    expect(await socket.emitWithAck('thread:read', { threadId: created.threadId, messageId: joined.messages.at(-1)!.id })).toEqual({ ok: true })
    expect(forumThreads(app.ctx, member(other), groupId)[0]).toMatchObject({ unread: 0, neverRead: false })
    markThreadRead(app.ctx, other.id, created.threadId, 1) // never goes back
    expect(forumThreads(app.ctx, member(other), groupId)[0]).toMatchObject({ unread: 0 })
  })
})

describe('messages carry their author’s face', () => {
  it('over the socket: names for the initials and the photo flag others may see', async () => {
    const { owner, other, chatId } = await sailingGroup()
    givePhoto(owner.id)
    const reader = await memberSocket(app.url, other.email)
    sockets.push(reader)
    await reader.emitWithAck('thread:join', { threadId: chatId })
    const received = nextEvent<{ author: Record<string, unknown>; mentions: { id: string }[] }>(reader, 'message:new')
    postMessage(app.ctx, { id: owner.id, isWebmaster: true }, { threadId: chatId, body: `Salut @${other.firstName} ${other.lastName} !`, baseUrl: app.url })
    const message = await received
    expect(message.author).toEqual({
      id: owner.id,
      name: `${owner.firstName} ${owner.lastName}`,
      firstName: owner.firstName,
      lastName: owner.lastName,
      photo: true,
      deactivated: false,
      former: false,
    })
    expect(message.mentions).toEqual([{ id: other.id, name: `${other.firstName} ${other.lastName}` }])
  })

  it('deletes without JavaScript through the same rule: the author or a moderator, nobody else', async () => {
    const { owner, other, groupId, chatId } = await sailingGroup()
    const sent = postMessage(app.ctx, { id: owner.id, isWebmaster: false }, { threadId: chatId, body: 'À supprimer', baseUrl: app.url })
    const id = String(sent.ok ? sent.message.id : 0)
    const member = new HttpClient(app.url)
    await member.login(other.email, TEST_PASSWORD)
    expect((await member.post(`/groupes/${groupId}`, { intent: 'delete', messageId: id })).status).toBe(403)
    const author = new HttpClient(app.url)
    await author.login(owner.email, TEST_PASSWORD)
    expect((await author.post(`/groupes/${groupId}`, { intent: 'delete', messageId: id })).status).toBe(302)
    expect((app.ctx.database.sqlite.prepare('select deleted_at from messages where id = ?').get(id) as { deleted_at: number | null }).deleted_at).not.toBeNull()
  })
})

describe('mention notifications', () => {
  it('name the group the member was mentioned in', async () => {
    const { owner, other, groupId, chatId, name } = await sailingGroup()
    const alice = { id: owner.id, isWebmaster: false }
    postMessage(app.ctx, alice, { threadId: chatId, body: `@${other.firstName} ${other.lastName} tu viens ?`, baseUrl: app.url })
    const thread = createThread(app.ctx, alice, { groupId, title: 'Régate d’automne', body: 'Inscriptions ouvertes.' })
    postMessage(app.ctx, alice, { threadId: thread.ok ? thread.threadId : 0, body: `Et toi @${other.firstName} ${other.lastName} ?`, baseUrl: app.url })
    const forum = createThread(app.ctx, alice, { groupId: null, title: 'Annuaire papier', body: 'Qui le veut encore ?' })
    postMessage(app.ctx, alice, { threadId: forum.ok ? forum.threadId : 0, body: `@${other.firstName} ${other.lastName}, ton avis ?`, baseUrl: app.url })

    const browser = new HttpClient(app.url)
    await browser.login(other.email, TEST_PASSWORD)
    const page = (await (await browser.get('/notifications')).text()).replace(/\u00a0/g, ' ')
    const who = `${owner.firstName} ${owner.lastName}`
    expect(page).toContain(`${who} vous a mentionné dans ${name}.`)
    expect(page).toContain(`${who} vous a mentionné dans ${name}, sujet « Régate d’automne ».`)
    expect(page).toContain(`${who} vous a mentionné dans « Annuaire papier ».`)
  })
})
