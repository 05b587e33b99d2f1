import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGroup, joinGroup } from '../../app/features/groups/groups.server'
import type { MessageDto } from '../../app/features/groups/discussions.server'
import { createAccount } from '../factories'
import { createTestEvent, sessionClient } from '../event-factories'
import { startRedis, type TestRedis } from '../support/redis'
import { startTestServer, type TestServer } from '../support/server'
import { eventWhere, memberSocket } from '../support/sockets'

// Two app processes on one database and one Redis: A in this process, B spawned from server/index.ts.
// Socket.IO room emits must cross from one to the other through the Redis adapter.

interface Presence {
  groupId: number
  online: { userId: string; name: string }[]
}

let redis: TestRedis | undefined
let appA: TestServer | undefined
let child: ChildProcess | undefined
let childExit: Promise<unknown> | undefined
let childOutput = ''
const sockets: Socket[] = []

let threadId: number
let groupId: number
let onA: { socket: Socket; userId: string; presence: Presence[] }
let urlOfB: string
let onB: { socket: Socket; userId: string; presence: Presence[] }

/** server/index.ts as `npm start` runs it; resolves with its url once it logs that it listens. */
function spawnApp(env: Record<string, string>): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'info', MAP_TILE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  childExit = new Promise((resolve) => child!.once('exit', resolve))
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app B did not start within 20 s:\n${childOutput}`)), 20_000)
    child!.stdout!.on('data', (chunk: Buffer) => {
      childOutput += chunk
      const line = childOutput.split('\n').find((l) => l.includes('Amicale is listening'))
      if (line) {
        clearTimeout(timer)
        resolve(JSON.parse(line).url)
      }
    })
    child!.stderr!.on('data', (chunk: Buffer) => (childOutput += chunk))
    void childExit!.then((code) => {
      clearTimeout(timer)
      reject(new Error(`app B exited (${String(code)}) before listening:\n${childOutput}`))
    })
  })
}

/** Every `message:new` a socket gets, to check that nothing arrives twice. */
function recordMessages(socket: Socket) {
  const ids: number[] = []
  socket.on('message:new', (m: MessageDto) => ids.push(m.id))
  return ids
}

beforeAll(async () => {
  redis = await startRedis()
  // Same secret and same data directory: a session made on one process is valid on the other.
  const shared = { REDIS_URL: redis.url, SESSION_SECRET: crypto.randomBytes(32).toString('hex') }
  appA = await startTestServer(shared)
  const urlB = await spawnApp({ ...shared, DATABASE_PATH: appA.ctx.config.DATABASE_PATH, DATA_DIR: appA.ctx.config.DATA_DIR })
  urlOfB = urlB

  const owner = await createAccount(appA.ctx, { membership: 'alumni', role: 'webmaster' })
  const other = await createAccount(appA.ctx, { membership: 'alumni' })
  groupId = createGroup(
    appA.ctx,
    { id: owner.id, isWebmaster: true },
    { name: 'Groupe multi-processus', description: 'Deux processus, un Redis', kind: 'interest', visibility: 'public' },
  )
  joinGroup(appA.ctx, other.id, groupId)
  threadId = (appA.ctx.database.sqlite.prepare("select id from threads where group_id = ? and kind = 'chat'").get(groupId) as { id: number }).id

  const open = async (url: string, userId: string, email: string) => {
    const socket = await memberSocket(url, email)
    sockets.push(socket)
    const presence: Presence[] = []
    socket.on('presence', (p: Presence) => presence.push(p))
    return { socket, userId, presence }
  }
  onB = await open(urlB, other.id, other.email)
  onA = await open(appA.url, owner.id, owner.email)
  expect(await onB.socket.timeout(3000).emitWithAck('thread:join', { threadId })).toMatchObject({ ok: true })
  expect(await onA.socket.timeout(3000).emitWithAck('thread:join', { threadId })).toMatchObject({ ok: true })
})

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  // Let the presence announced on each disconnection finish before its Redis clients close.
  if (sockets.length > 0) await new Promise((resolve) => setTimeout(resolve, 200))
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM')
    const force = setTimeout(() => child?.kill('SIGKILL'), 5_000)
    await childExit
    clearTimeout(force)
  }
  await appA?.close()
  await redis?.stop()
})

describe('Socket.IO across two processes through Redis', () => {
  it('moves the event counters watched on process A when people register through process B', async () => {
    const organizer = await createAccount(appA!.ctx, { membership: 'alumni', role: 'webmaster' })
    const eventId = createTestEvent(appA!.ctx, organizer.id, { capacity: 3 })
    const joined = await onA.socket.timeout(3000).emitWithAck('event:watch', { eventId })
    expect(joined).toMatchObject({ ok: true, counters: { confirmed: 0 } })
    const people = await Promise.all([1, 2, 3, 4, 5].map(() => createAccount(appA!.ctx, { membership: 'alumni' })))
    const settled = eventWhere<{ eventId: number; confirmed: number; waitlist: number }>(
      onA.socket,
      'event:counters',
      (c) => c.eventId === eventId && c.confirmed === 3 && c.waitlist === 2,
      5000,
    )
    // Sessions live in the shared database: B validates them.
    const clients = await Promise.all(people.map((p) => sessionClient(appA!.ctx, urlOfB, p.id)))
    const answers = await Promise.all(clients.map((c) => c.post(`/evenements/${eventId}`, { intent: 'register' })))
    expect(answers.map((a) => a.status)).toEqual([302, 302, 302, 302, 302])
    expect(await settled).toMatchObject({ confirmed: 3, waitlist: 2 })
  })

  it('delivers a message sent on process A to a reader on process B, once', async () => {
    const seenOnB = recordMessages(onB.socket)
    const body = `De A vers B ${crypto.randomUUID()}`
    const arrival = eventWhere<MessageDto>(onB.socket, 'message:new', (m) => m.body === body)
    const ack = await onA.socket.timeout(3000).emitWithAck('message:send', { threadId, body })
    expect(ack).toMatchObject({ ok: true, id: expect.any(Number) })
    expect(await arrival).toMatchObject({ id: ack.id, threadId, groupId, body, author: { id: onA.userId } })
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(seenOnB.filter((id) => id === ack.id)).toHaveLength(1)
  })

  it('delivers a message sent on process B to a reader on process A, once', async () => {
    const seenOnA = recordMessages(onA.socket)
    const body = `De B vers A ${crypto.randomUUID()}`
    const arrival = eventWhere<MessageDto>(onA.socket, 'message:new', (m) => m.body === body)
    const ack = await onB.socket.timeout(3000).emitWithAck('message:send', { threadId, body })
    expect(ack).toMatchObject({ ok: true, id: expect.any(Number) })
    expect(await arrival).toMatchObject({ id: ack.id, threadId, groupId, body, author: { id: onB.userId } })
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(seenOnA.filter((id) => id === ack.id)).toHaveLength(1)
  })

  it('lists the members of both processes in the group presence, on both processes', async () => {
    const both = (p: Presence) => p.groupId === groupId && [onA.userId, onB.userId].every((id) => p.online.some((o) => o.userId === id))
    // A joined the thread last: the presence it triggered was gathered from both processes.
    const waitFor = async (side: typeof onA) => {
      const deadline = Date.now() + 3000
      while (!side.presence.some(both) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25))
      return side.presence.some(both)
    }
    expect(await waitFor(onA)).toBe(true)
    expect(await waitFor(onB)).toBe(true)
  })

  it('tells process B when the member on process A goes away', async () => {
    const onlyB = (p: Presence) => p.groupId === groupId && p.online.length === 1 && p.online[0].userId === onB.userId
    const update = eventWhere<Presence>(onB.socket, 'presence', onlyB)
    onA.socket.disconnect()
    expect(await update).toMatchObject({ groupId, online: [{ userId: onB.userId }] })
  })
})
