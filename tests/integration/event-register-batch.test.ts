import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, inArray } from 'drizzle-orm'
import { io as connect, type Socket } from 'socket.io-client'
import { contentHolds, eventRegistrations, outbox } from '../../db/schema'
import { eventCounters } from '../../app/features/events/event-registrations.server'
import { registrationBatcher } from '../../app/features/events/registration-batcher.server'
import { createAccount } from '../factories'
import { createTestEvent, sessionClient } from '../event-factories'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpServer } from '../support/smtp'

// Registration in bursts (#19): the page's socket registers (`event:register` with its ack), and
// every registration — socket, form, invitation link — goes through one batcher that commits all
// those waiting in one IMMEDIATE transaction, in arrival order, each in its own savepoint.

let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let organizer: Awaited<ReturnType<typeof createAccount>>
const sockets: Socket[] = []

beforeAll(async () => {
  smtp = await startSmtpServer()
  app = await startTestServer({ SMTP_URL: smtp.url })
  organizer = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await app?.close()
  await smtp?.close()
})

/** A socket as the page opens it, for a session made directly (no argon2 per member). */
async function socketOf(userId: string | null): Promise<{ socket: Socket; sessionId: string | null }> {
  const sessionId = userId ? (await app.ctx.auth.createSession(userId, {})).id : null
  const socket = connect(app.url, {
    transports: ['websocket'],
    extraHeaders: { origin: app.url, ...(sessionId ? { cookie: `amicale_session=${sessionId}` } : {}) },
    reconnection: false,
    forceNew: true,
  })
  sockets.push(socket)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return { socket, sessionId }
}

const register = (socket: Socket, payload: unknown) => socket.timeout(5000).emitWithAck('event:register', payload)
const members = (count: number) => Promise.all(Array.from({ length: count }, () => createAccount(app.ctx, { membership: 'alumni' })))
const statuses = (eventId: number) =>
  app.ctx.db
    .select({ userId: eventRegistrations.userId, status: eventRegistrations.status })
    .from(eventRegistrations)
    .where(eq(eventRegistrations.eventId, eventId))
    .all()
/** Mails of a kind for these registrations: still to compose (the id in the params), or composed (the address). */
const queued = (kind: string, ids: string[], emails: string[]) =>
  app.ctx.db
    .select({ params: outbox.params, to: outbox.to })
    .from(outbox)
    .where(eq(outbox.kind, kind))
    .all()
    .filter((row) => ids.some((id) => row.params?.includes(id)) || emails.includes(row.to))

describe('event:register', () => {
  it('registers the member over the socket, answers the place, mails the ticket, and is idempotent', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { title: 'Soirée des promotions', capacity: 10, maxGuests: 1 })
    const [member] = await members(1)
    const { socket } = await socketOf(member!.id)
    const answer = await register(socket, { eventId, guests: 1, showName: false })
    expect(answer).toMatchObject({ ok: true, status: 'confirmed', already: false })
    expect(answer.registrationId).toMatch(/^[0-9a-f-]{36}$/)
    const row = app.ctx.db.select().from(eventRegistrations).where(eq(eventRegistrations.id, answer.registrationId)).get()!
    expect(row).toMatchObject({ userId: member!.id, places: 2, showName: false, status: 'confirmed' })
    const mail = await smtp.waitForMail((m) => m.to.includes(member!.email) && m.subject.startsWith('Votre billet'))
    expect(mail.text).toContain('Soirée des promotions')
    expect(await register(socket, { eventId, guests: 0 })).toMatchObject({
      ok: true,
      status: 'confirmed',
      already: true,
      registrationId: answer.registrationId,
    })
    expect(eventCounters(app.ctx.db, eventId)).toMatchObject({ confirmed: 2 })
  })

  it('refuses what the form would refuse, in the same words, and never registers a visitor or an ended session', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { capacity: 10, audience: 'members' })
    const [member] = await members(1)
    const { socket } = await socketOf(member!.id)
    for (const payload of [
      null,
      'x',
      {},
      { eventId },
      { eventId, guests: 'un' },
      { eventId, guests: 11 },
      { eventId, guests: 0, userId: organizer.id },
      { eventId: -1, guests: 0 },
    ])
      expect(await register(socket, payload), JSON.stringify(payload)).toEqual({ ok: false, error: 'invalid' })
    expect(await register(socket, { eventId: 999_999, guests: 0 })).toEqual({ ok: false, error: 'notFound' })
    expect(await register(socket, { eventId, guests: 3 })).toEqual({ ok: false, error: 'tooManyGuests' })

    const outsider = await createAccount(app.ctx)
    expect(await register((await socketOf(outsider.id)).socket, { eventId, guests: 0 })).toEqual({ ok: false, error: 'membersOnly' })
    expect(await register((await socketOf(null)).socket, { eventId, guests: 0 })).toEqual({ ok: false, error: 'unauthorized' })

    const [leaving] = await members(1)
    const ended = await socketOf(leaving!.id)
    await app.ctx.auth.invalidateSession(ended.sessionId!)
    const closed = new Promise((resolve) => ended.socket.once('disconnect', resolve))
    expect(await register(ended.socket, { eventId, guests: 0 })).toEqual({ ok: false, error: 'unauthorized' })
    await closed
    expect(statuses(eventId).map((r) => r.userId)).not.toContain(leaving!.id)
    expect(statuses(eventId).map((r) => r.userId)).not.toContain(outsider.id)
  })
})

describe('an event held for review', () => {
  it('is neither watched nor registered for over the socket, but by its managers', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { capacity: 10 })
    app.ctx.db
      .insert(contentHolds)
      .values({ targetKind: 'event', targetId: String(eventId), heldAt: app.ctx.now() })
      .run()
    const [member] = await members(1)
    const { socket } = await socketOf(member!.id)
    expect(await socket.timeout(5000).emitWithAck('event:watch', { eventId })).toEqual({ ok: false, error: 'forbidden' })
    expect(await (await socketOf(null)).socket.timeout(5000).emitWithAck('event:watch', { eventId })).toEqual({ ok: false, error: 'forbidden' })
    expect(await register(socket, { eventId, guests: 0 })).toEqual({ ok: false, error: 'notFound' })
    const manager = (await socketOf(organizer.id)).socket
    expect(await manager.timeout(5000).emitWithAck('event:watch', { eventId })).toMatchObject({ ok: true })
    expect(await register(manager, { eventId, guests: 0 })).toMatchObject({ ok: true, status: 'confirmed' })
  })
})

describe('the batcher', () => {
  it('writes a burst from sockets and forms in few commits: exactly the places, the rest waitlisted, one mail each', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { capacity: 30 })
    const viaSocket = await members(120)
    const viaForm = await members(40)
    const opened = await Promise.all(viaSocket.map((m) => socketOf(m.id)))
    const forms = await Promise.all(viaForm.map((m) => sessionClient(app.ctx, app.url, m.id)))
    const before = { ...registrationBatcher(app.ctx).stats }
    const [answers, posted] = await Promise.all([
      Promise.all(opened.map(({ socket }) => register(socket, { eventId, guests: 0 }))),
      Promise.all(forms.map((c) => c.post(`/evenements/${eventId}`, { intent: 'register' }))),
    ])
    expect(answers.every((a) => a.ok)).toBe(true)
    expect(posted.every((r) => r.status === 302 || r.status === 303)).toBe(true)
    const rows = statuses(eventId)
    expect(rows).toHaveLength(160)
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(30)
    expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(130)
    expect(eventCounters(app.ctx.db, eventId)).toMatchObject({ confirmed: 30, waitlist: 130 })
    // Each socket's answer is what the database holds for it.
    const byUser = new Map(rows.map((r) => [r.userId, r.status]))
    answers.forEach((a, i) => expect(a.status).toBe(byUser.get(viaSocket[i]!.id)))
    // Group commit: 160 registrations in far fewer transactions.
    const stats = registrationBatcher(app.ctx).stats
    expect(stats.registrations - before.registrations).toBe(160)
    expect(stats.batches - before.batches).toBeLessThan(80)
    expect(stats.largest).toBeGreaterThan(1)
    // The mails were queued in the same commits, once each.
    const ids = rows.map(
      (r) =>
        app.ctx.db
          .select({ id: eventRegistrations.id })
          .from(eventRegistrations)
          .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.userId, r.userId)))
          .get()!.id,
    )
    const emails = [...viaSocket, ...viaForm].map((m) => m.email)
    expect(queued('events.confirmation', ids, emails)).toHaveLength(30)
    expect(queued('events.waitlisted', ids, emails)).toHaveLength(130)
  }, 60_000)

  it('serves first come, first served within a commit, and one failing registration leaves the others written', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { capacity: 4 })
    const people = await members(10)
    const batcher = registrationBatcher(app.ctx)
    const before = batcher.stats.batches
    // Queued in the same turn of the event loop: one commit, in this order.
    const results = await Promise.allSettled(
      people.map((p, i) =>
        batcher.register({ eventId, userId: p.id, guests: 0 }, () => {
          if (i === 2) throw new Error('a mail that could not be queued')
        }),
      ),
    )
    expect(batcher.stats.batches - before).toBe(1)
    expect(results[2]!.status).toBe('rejected')
    const outcome = results.map((r) => (r.status === 'fulfilled' && r.value.ok ? r.value.registration.status : 'failed'))
    expect(outcome).toEqual([
      'confirmed',
      'confirmed',
      'failed',
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ])
    const rows = statuses(eventId)
    expect(rows).toHaveLength(9)
    expect(rows.map((r) => r.userId)).not.toContain(people[2]!.id)
    expect(
      app.ctx.db
        .select()
        .from(eventRegistrations)
        .where(inArray(eventRegistrations.userId, [people[2]!.id]))
        .all(),
    ).toEqual([])
  })
})
