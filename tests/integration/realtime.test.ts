import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io as connect, type Socket } from 'socket.io-client'
import { setAccountStatus } from '../../app/features/accounts/accounts.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'

let app: TestServer
const sockets: Socket[] = []

beforeAll(async () => {
  app = await startTestServer()
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await app?.close()
})

function open(headers: Record<string, string>): Socket {
  const socket = connect(app.url, { transports: ['websocket'], extraHeaders: headers, reconnection: false })
  sockets.push(socket)
  return socket
}

function connected(socket: Socket): Promise<'connected' | string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'))
    socket.once('connect_error', (error) => resolve(error.message))
  })
}

async function sessionCookie(email: string) {
  const browser = new HttpClient(app.url)
  await browser.login(email, TEST_PASSWORD)
  return `amicale_session=${browser.cookies.get('amicale_session')}`
}

describe('Socket.IO handshake', () => {
  it('lets a visitor without a session watch event counters, and nothing else', async () => {
    const socket = open({ origin: app.url })
    expect(await connected(socket)).toBe('connected')
    await expect(socket.timeout(500).emitWithAck('amicale:ping')).rejects.toThrow()
    await expect(socket.timeout(500).emitWithAck('thread:join', { threadId: 1 })).rejects.toThrow()
    expect(await socket.timeout(2000).emitWithAck('event:manage', { eventId: 1 })).toEqual({ ok: false, error: 'forbidden' })
    // An event that does not exist cannot be watched; the counters of one that does are public.
    expect(await socket.timeout(2000).emitWithAck('event:watch', { eventId: 999_999 })).toEqual({ ok: false, error: 'forbidden' })
    socket.disconnect()
  })

  it('refuses a socket with a forged session cookie', async () => {
    expect(await connected(open({ origin: app.url, cookie: 'amicale_session=forged' }))).toBe('unauthorized')
  })

  it('connects a registered account whose dues are not paid, without any discussion handler', async () => {
    const account = await createAccount(app.ctx)
    const socket = open({ origin: app.url, cookie: await sessionCookie(account.email) })
    // Event counters are for every account; groups and discussions stay closed to non-members.
    expect(await connected(socket)).toBe('connected')
    await expect(socket.timeout(500).emitWithAck('thread:join', { threadId: 1 })).rejects.toThrow()
    await expect(socket.timeout(500).emitWithAck('message:send', { threadId: 1, body: 'hello' })).rejects.toThrow()
    socket.disconnect()
  })

  it('answers the authenticated ping with the user of the session cookie', async () => {
    const account = await createAccount(app.ctx, { membership: 'alumni' })
    const socket = open({ origin: app.url, cookie: await sessionCookie(account.email) })
    expect(await connected(socket)).toBe('connected')
    const answer = await socket.timeout(2000).emitWithAck('amicale:ping')
    expect(answer).toMatchObject({ ok: true, userId: account.id })
  })

  it('refuses a handshake from another site even with a valid cookie', async () => {
    const account = await createAccount(app.ctx, { membership: 'alumni' })
    const socket = open({ origin: 'https://evil.example', cookie: await sessionCookie(account.email) })
    expect(await connected(socket)).not.toBe('connected')
  })

  it('disconnects a deactivated account at once', async () => {
    const account = await createAccount(app.ctx, { membership: 'alumni' })
    const cookie = await sessionCookie(account.email)
    const socket = open({ origin: app.url, cookie })
    expect(await connected(socket)).toBe('connected')
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve))
    setAccountStatus(app.ctx, { userId: account.id, status: 'deactivated' })
    expect(await disconnected).toBe('io server disconnect')
    const again = open({ origin: app.url, cookie })
    expect(await connected(again)).toBe('unauthorized')
  })
})
