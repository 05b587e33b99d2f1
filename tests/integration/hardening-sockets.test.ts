import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { io as connect, type Socket } from 'socket.io-client'
import { sessions, studentProofs, threads, users } from '../../db/schema'
import { createGroup, joinGroup } from '../../app/features/groups/groups.server'
import { reviewStudentProof } from '../../app/features/dues/membership.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { firstLink, startSmtpServer } from '../support/smtp'

let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let webmasterId: string
const opened: Socket[] = []

beforeAll(async () => {
  smtp = await startSmtpServer()
  app = await startTestServer({ SMTP_URL: smtp.url, TRUST_PROXY: 'true' })
  webmasterId = (await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })).id
})
afterAll(async () => {
  for (const socket of opened) socket.disconnect()
  await app?.close()
  await smtp?.close()
})

let ipCounter = 1
type Account = Awaited<ReturnType<typeof createAccount>>

/** One browser of `account`: its cookies, and a socket opened with them. */
async function device(account: Account, password = TEST_PASSWORD) {
  const browser = new HttpClient(app.url, `10.30.0.${ipCounter++}`)
  await browser.login(account.email, password)
  const socket = await openSocket(browser)
  return { browser, socket }
}

function openSocket(browser: HttpClient, session = browser.cookies.get('amicale_session')): Promise<Socket> {
  const socket = connect(app.url, {
    transports: ['websocket'],
    extraHeaders: { origin: app.url, cookie: `amicale_session=${session ?? ''}` },
    reconnection: false,
  })
  opened.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

/** A group with its live chat; `members` join it. */
function groupWith(...members: Account[]) {
  const groupId = createGroup(
    app.ctx,
    { id: webmasterId, isWebmaster: true },
    { name: `Groupe ${crypto.randomUUID().slice(0, 6)}`, description: 'Un groupe.', kind: 'interest', visibility: 'public' },
  )
  for (const m of members) joinGroup(app.ctx, m.id, groupId)
  return app.ctx.db.select({ id: threads.id }).from(threads).where(eq(threads.groupId, groupId)).get()!.id
}

const send = (socket: Socket, threadId: number) => socket.timeout(1500).emitWithAck('message:send', { threadId, body: `Bonjour ${crypto.randomUUID()}` })
const join = (socket: Socket, threadId: number) => socket.timeout(1500).emitWithAck('thread:join', { threadId })

/** Still connected and allowed: joins the group thread and posts in it. */
async function expectWorking(socket: Socket, threadId: number) {
  expect(socket.connected).toBe(true)
  expect(await join(socket, threadId)).toMatchObject({ ok: true })
  expect(await send(socket, threadId)).toMatchObject({ ok: true })
}

/** Neither posts nor joins: disconnected by the server, or refused (an error answer or no handler). */
async function expectRefused(socket: Socket, threadId: number) {
  // Dropped by the server (no reconnection): nothing it emits can reach a handler any more.
  if (socket.disconnected) return
  for (const attempt of [send(socket, threadId), join(socket, threadId)]) {
    const answer = await attempt.catch(() => 'no answer')
    if (answer !== 'no answer') expect(answer).toMatchObject({ ok: false })
  }
}

/** The reason the server gave for dropping the socket, or 'still connected' after 3 s. */
function disconnection(socket: Socket) {
  return new Promise<string>((resolve) => {
    if (socket.disconnected) return resolve('already')
    const timer = setTimeout(() => resolve('still connected'), 3000)
    socket.once('disconnect', (reason) => {
      clearTimeout(timer)
      resolve(reason)
    })
  })
}

describe('an open socket follows its session', () => {
  it('log-out drops the sockets of that session only', async () => {
    const [member, other] = [await createAccount(app.ctx, { membership: 'alumni' }), await createAccount(app.ctx, { membership: 'alumni' })]
    const threadId = groupWith(member, other)
    const laptop = await device(member)
    const phone = await device(member)
    const someoneElse = await device(other)
    await expectWorking(laptop.socket, threadId)

    const dropped = disconnection(laptop.socket)
    const oldCookie = laptop.browser.cookies.get('amicale_session')
    expect((await laptop.browser.post('/deconnexion', {})).status).toBe(302)
    expect(await dropped).toBe('io server disconnect')
    await expectRefused(laptop.socket, threadId)
    // The old cookie cannot open a new socket either.
    await expect(openSocket(laptop.browser, oldCookie)).rejects.toThrow('unauthorized')

    await expectWorking(phone.socket, threadId)
    await expectWorking(someoneElse.socket, threadId)
  })

  it('a password change drops the other sessions’ sockets and keeps the one that changed it', async () => {
    const [member, other] = [await createAccount(app.ctx, { membership: 'alumni' }), await createAccount(app.ctx, { membership: 'alumni' })]
    const threadId = groupWith(member, other)
    const laptop = await device(member)
    const phone = await device(member)
    const someoneElse = await device(other)

    const dropped = disconnection(phone.socket)
    const changed = await laptop.browser.post('/mon-compte', {
      intent: 'password',
      currentPassword: TEST_PASSWORD,
      newPassword: 'un tout nouveau mot de passe',
    })
    expect(changed.status).toBe(302)
    expect(await dropped).toBe('io server disconnect')
    await expectRefused(phone.socket, threadId)

    await expectWorking(laptop.socket, threadId)
    await expectWorking(someoneElse.socket, threadId)
  })

  it('a password reset drops every socket of the account', async () => {
    const [member, other] = [await createAccount(app.ctx, { membership: 'alumni' }), await createAccount(app.ctx, { membership: 'alumni' })]
    const threadId = groupWith(member, other)
    const laptop = await device(member)
    const phone = await device(member)
    const someoneElse = await device(other)

    await new HttpClient(app.url, `10.30.1.${ipCounter++}`).post('/mot-de-passe-oublie', { email: member.email })
    const mail = await smtp.waitForMail((m) => m.to.includes(member.email) && m.subject.startsWith('Réinitialisation'))
    const link = new URL(firstLink(mail, '/reinitialiser-mot-de-passe'))
    const drops = [disconnection(laptop.socket), disconnection(phone.socket)]
    const reset = await new HttpClient(app.url).post(`${link.pathname}${link.search}`, {
      token: link.searchParams.get('token')!,
      newPassword: 'un mot de passe tout neuf',
    })
    expect(reset.status).toBe(302)
    expect(await Promise.all(drops)).toEqual(['io server disconnect', 'io server disconnect'])
    for (const socket of [laptop.socket, phone.socket]) await expectRefused(socket, threadId)

    await expectWorking(someoneElse.socket, threadId)
  })

  it('a session deleted without any bus message (another process) is refused at the next event', async () => {
    const member = await createAccount(app.ctx, { membership: 'alumni' })
    const threadId = groupWith(member)
    const { socket } = await device(member)
    await expectWorking(socket, threadId)
    app.ctx.db.delete(sessions).where(eq(sessions.userId, member.id)).run()
    expect(await send(socket, threadId)).toEqual({ ok: false, error: 'unauthorized' })
    expect(await disconnection(socket)).not.toBe('still connected')
    await expectRefused(socket, threadId)
  })

  it('a session that expires, or ends unheard, drops a silent socket at the next sweep (every minute)', async () => {
    const [expiring, ended, staying] = await Promise.all([1, 2, 3].map(() => createAccount(app.ctx, { membership: 'alumni' })))
    const threadId = groupWith(expiring, ended, staying)
    const devices = await Promise.all([expiring, ended, staying].map((a) => device(a)))
    app.ctx.db
      .update(sessions)
      .set({ expiresAt: Math.floor(Date.now() / 1000) - 1 })
      .where(eq(sessions.userId, expiring.id))
      .run()
    app.ctx.db.delete(sessions).where(eq(sessions.userId, ended.id)).run()
    // Neither socket sends anything: only the sweep can notice.
    expect(app.sweepSockets()).toBe(2)
    expect(await disconnection(devices[0]!.socket)).not.toBe('still connected')
    expect(await disconnection(devices[1]!.socket)).not.toBe('still connected')
    await expectWorking(devices[2]!.socket, threadId)
  })
})

describe('an open socket follows the rights of its user', () => {
  it('a rejected student proof suspends the membership: the socket loses the discussions at once', async () => {
    const [student, other] = [await createAccount(app.ctx, { membership: 'student' }), await createAccount(app.ctx, { membership: 'alumni' })]
    const threadId = groupWith(student, other)
    const laptop = await device(student)
    const someoneElse = await device(other)
    await expectWorking(laptop.socket, threadId)

    const proofId = crypto.randomUUID()
    app.ctx.db
      .insert(studentProofs)
      .values({
        id: proofId,
        userId: student.id,
        storedName: 'absent.pdf',
        originalName: 'fiche.pdf',
        mimeType: 'application/pdf',
        size: 10,
        uploadedAt: new Date(),
      })
      .run()
    const dropped = disconnection(laptop.socket)
    expect(await reviewStudentProof(app.ctx, { actorId: webmasterId, proofId, decision: 'reject', reason: 'Illisible.', baseUrl: app.url })).toEqual({
      ok: true,
    })
    expect(await dropped).toBe('io server disconnect')
    await expectRefused(laptop.socket, threadId)

    // The session itself is still valid: a new socket opens, as a registered account without discussions.
    const again = await openSocket(laptop.browser)
    await expect(join(again, threadId)).rejects.toThrow()
    await expect(send(again, threadId)).rejects.toThrow()

    await expectWorking(someoneElse.socket, threadId)
  })

  it('a webmaster role withdrawn, even without a bus message, is refused at the next event', async () => {
    // A webmaster who never paid dues holds the discussions only through the role.
    const [webmaster, other] = [await createAccount(app.ctx, { role: 'webmaster' }), await createAccount(app.ctx, { membership: 'alumni' })]
    const threadId = groupWith(webmaster, other)
    const { socket } = await device(webmaster)
    const someoneElse = await device(other)
    await expectWorking(socket, threadId)

    app.ctx.db.update(users).set({ role: 'user' }).where(eq(users.id, webmaster.id)).run()
    expect(await send(socket, threadId)).toEqual({ ok: false, error: 'forbidden' })
    expect(await disconnection(socket)).not.toBe('still connected')
    await expectRefused(socket, threadId)

    await expectWorking(someoneElse.socket, threadId)
  })

  it('an organizer right withdrawn in /admin/comptes re-authorises the sockets without dropping a member’s', async () => {
    const admin = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
    const member = await createAccount(app.ctx, { membership: 'alumni' })
    const threadId = groupWith(member)
    const { socket } = await device(member)
    const adminBrowser = new HttpClient(app.url, `10.30.2.${ipCounter++}`)
    await adminBrowser.login(admin.email, TEST_PASSWORD)
    expect((await adminBrowser.post('/admin/comptes', { intent: 'grantOrganizer', userId: member.id })).status).toBe(302)
    expect((await adminBrowser.post('/admin/comptes', { intent: 'revokeOrganizer', userId: member.id })).status).toBe(302)
    // Still a member: the socket keeps its discussions.
    await expectWorking(socket, threadId)
  })
})
