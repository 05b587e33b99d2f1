import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { eventActivity, eventInvitations, eventRegistrations, groupMembers, groups } from '../../db/schema'
import { loadViewer } from '../../app/features/accounts/accounts.server'
import { eventCounters, registerForEvent } from '../../app/features/events/event-registrations.server'
import { releaseExpiredHolds } from '../../app/features/events/event-tickets.server'
import { invitationToken, runInvitationSend, startInvitationSend } from '../../app/features/events/event-invitations.server'
import { createEvent, ticketTypesOf } from '../../app/features/events/events.server'
import { createAccount } from '../factories'
import { createTestEvent, sessionClient } from '../event-factories'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpServer } from '../support/smtp'
import { memberSocket } from '../support/sockets'

let app: TestServer
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let organizer: Awaited<ReturnType<typeof createAccount>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  app = await startTestServer({ SMTP_URL: smtp.url })
  organizer = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
})
afterAll(async () => {
  await app?.close()
  await smtp?.close()
})

const registrations = (eventId: number) => app.ctx.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId)).all()
const placesWith = (eventId: number, status: string) =>
  registrations(eventId)
    .filter((r) => r.status === status)
    .reduce((n, r) => n + r.places, 0)

async function members(count: number) {
  return Promise.all(Array.from({ length: count }, () => createAccount(app.ctx, { membership: 'alumni' })))
}

describe('capacity', () => {
  it('never exceeds the capacity under many concurrent registrations over HTTP, the rest waitlisted in order', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { capacity: 15, maxGuests: 2 })
    const people = await members(60)
    const clients = await Promise.all(people.map((p) => sessionClient(app.ctx, app.url, p.id)))
    // Some bring guests: a party of 3 must fit whole or wait.
    const responses = await Promise.all(
      clients.map((c, i) => c.post(`/evenements/${eventId}`, { intent: 'register', guests: String(i % 3 === 0 ? 2 : 0), showName: 'on' })),
    )
    expect(responses.every((r) => r.status === 302)).toBe(true)
    const confirmed = placesWith(eventId, 'confirmed')
    expect(confirmed).toBeLessThanOrEqual(15)
    // Filled as far as the parties allow (a party of 3 may leave up to 2 places to the waitlist order).
    expect(confirmed).toBeGreaterThanOrEqual(13)
    expect(registrations(eventId)).toHaveLength(60)
    const counters = eventCounters(app.ctx.db, eventId)
    expect(counters.confirmed).toBe(confirmed)
    expect(counters.waitlist).toBe(registrations(eventId).filter((r) => r.status === 'waitlisted').length)
    // The database says the same: one registration per person (unique index), one activity line each.
    const activity = app.ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(eventActivity)
      .where(eq(eventActivity.eventId, eventId))
      .get()!.n
    expect(activity).toBe(60)
  })

  it('never exceeds the capacity when several processes register at the same instant on one database file', { timeout: 30_000 }, async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { capacity: 50 })
    const people = await members(240)
    const startAt = Date.now() + 4000
    type Run = { outcomes: string[]; startedAt: number; endedAt: number }
    const runs = await Promise.all(
      [0, 1, 2, 3].map(
        (w) =>
          new Promise<Run>((resolve, reject) => {
            const ids = people.slice(w * 60, w * 60 + 60).map((p) => p.id)
            const child = spawn(
              process.execPath,
              ['--import', 'tsx', 'tests/support/register-worker.ts', app.ctx.config.DATABASE_PATH, String(eventId), ids.join(','), String(startAt)],
              { stdio: ['ignore', 'pipe', 'pipe'] },
            )
            let out = ''
            child.stdout.on('data', (chunk: Buffer) => (out += chunk))
            child.stderr.on('data', (chunk: Buffer) => (out += chunk))
            child.once('exit', (code) =>
              code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`worker ${w} exited ${code}: ${out}`)),
            )
          }),
      ),
    )
    // The workers really ran at the same time (else this would test nothing): some of them overlap.
    const overlapping = runs.some((a, i) => runs.some((b, j) => i !== j && a.startedAt < b.endedAt && b.startedAt < a.endedAt))
    expect(overlapping).toBe(true)
    const all = runs.flatMap((r) => r.outcomes)
    expect(all).toHaveLength(240)
    expect(all.filter((o) => o === 'confirmed')).toHaveLength(50)
    expect(all.filter((o) => o === 'waitlisted')).toHaveLength(190)
    expect(placesWith(eventId, 'confirmed')).toBe(50)
  })

  it('keeps one registration per person: a second request answers « already registered »', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const [member] = await members(1)
    const client = await sessionClient(app.ctx, app.url, member.id)
    await Promise.all([client.post(`/evenements/${eventId}`, { intent: 'register' }), client.post(`/evenements/${eventId}`, { intent: 'register' })])
    expect(registrations(eventId)).toHaveLength(1)
    expect(placesWith(eventId, 'confirmed')).toBe(1)
  })

  it('refuses more guests than allowed, members-only events to non-members, deactivated accounts, and closed registrations', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { maxGuests: 1, registrationDeadline: new Date(app.ctx.now().getTime() + 86400_000) })
    const [member] = await members(1)
    const outsider = await createAccount(app.ctx)
    const deactivated = await createAccount(app.ctx, { membership: 'alumni', status: 'deactivated' })
    expect(registerForEvent(app.ctx, { eventId, userId: deactivated.id, guests: 0 })).toEqual({ ok: false, error: 'inactiveAccount' })
    expect(registerForEvent(app.ctx, { eventId, userId: member.id, guests: 2 })).toEqual({ ok: false, error: 'tooManyGuests' })
    expect(registerForEvent(app.ctx, { eventId, userId: outsider.id, guests: 0 })).toEqual({ ok: false, error: 'membersOnly' })
    const realNow = app.ctx.now
    app.ctx.now = () => new Date(realNow().getTime() + 2 * 86400_000)
    try {
      expect(registerForEvent(app.ctx, { eventId, userId: member.id, guests: 0 })).toEqual({ ok: false, error: 'closed' })
    } finally {
      app.ctx.now = realNow
    }
    const client = await sessionClient(app.ctx, app.url, member.id)
    const response = await client.post(`/evenements/${eventId}`, { intent: 'register', guests: '5' })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Nombre d’invités non autorisé')
  })
})

describe('waitlist', () => {
  it('promotes the next person when a place frees, and mails them their ticket', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { capacity: 1 })
    const [first, second, third] = await members(3)
    for (const m of [first, second, third]) registerForEvent(app.ctx, { eventId, userId: m.id, guests: 0 })
    expect(registrations(eventId).map((r) => [r.userId, r.status])).toEqual(
      expect.arrayContaining([
        [first.id, 'confirmed'],
        [second.id, 'waitlisted'],
        [third.id, 'waitlisted'],
      ]),
    )
    const client = await sessionClient(app.ctx, app.url, first.id)
    expect((await client.post(`/evenements/${eventId}`, { intent: 'cancel' })).status).toBe(302)
    const byUser = new Map(registrations(eventId).map((r) => [r.userId, r.status]))
    expect(byUser.get(first.id)).toBe('cancelled')
    expect(byUser.get(second.id)).toBe('confirmed')
    expect(byUser.get(third.id)).toBe('waitlisted')
    const mail = await smtp.waitForMail((m) => m.to.includes(second.email) && m.subject.startsWith('Votre billet'))
    expect(mail.text).toContain('QR code')
    expect(mail.parsed.attachments.map((a) => a.contentType)).toEqual(expect.arrayContaining(['image/png', 'text/calendar']))
  })
})

describe('editing', () => {
  it('fills raised capacity from the waitlist and tells everyone of a new time', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { capacity: 1, title: 'Dîner de promo' })
    const [first, second] = await members(2)
    registerForEvent(app.ctx, { eventId, userId: first.id, guests: 0 })
    registerForEvent(app.ctx, { eventId, userId: second.id, guests: 0 })
    const desk = await sessionClient(app.ctx, app.url, organizer.id)
    const form = {
      title: 'Dîner de promo',
      description: 'Un dîner pour se retrouver entre anciens.',
      groupId: '',
      audience: 'members',
      venue: 'Brasserie Georges',
      address: '30 cours de Verdun',
      city: 'Lyon',
      startsAt: '2031-03-05T20:00',
      endsAt: '2031-03-05T23:00',
      capacity: '2',
      maxGuests: '0',
    }
    // Below the places taken: refused next to the field.
    const tooSmall = await desk.post(`/evenements/${eventId}/modifier`, { ...form, capacity: '0' })
    expect(tooSmall.status).toBe(400)
    const response = await desk.post(`/evenements/${eventId}/modifier`, form)
    expect(response.status).toBe(302)
    expect(registrations(eventId).find((r) => r.userId === second.id)?.status).toBe('confirmed')
    await smtp.waitForMail((m) => m.to.includes(second.email) && m.subject.startsWith('Votre billet'))
    for (const person of [first, second]) {
      const mail = await smtp.waitForMail((m) => m.to.includes(person.email) && m.subject.startsWith('Changement pour un événement'))
      expect(mail.text).toContain('mercredi 5 mars 2031 à 20 h 00')
      expect(mail.text).toContain('Brasserie Georges, 30 cours de Verdun, Lyon')
    }
  })
})

describe('check-in', () => {
  it('lets a confirmed ticket in once and refuses it the second time, for organizers only', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const [member, stranger] = await members(2)
    const result = registerForEvent(app.ctx, { eventId, userId: member.id, guests: 0 })
    if (!result.ok) throw new Error('registration failed')
    const code = result.registration.ticketCode
    const desk = await sessionClient(app.ctx, app.url, organizer.id)
    // The desk types it loosely: lower case, with a dash, an O for a zero.
    const typed = `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase().replace(/0/g, 'o')
    const first = await desk.post(`/evenements/${eventId}/accueil`, { code: typed })
    expect(first.status).toBe(200)
    // Without JavaScript the answer is in the page itself, the verdict first, in large type for the desk.
    const page = await first.text()
    expect(page).toMatch(/data-verdict="valid">[\s\S]*?<p class="desk-verdict__title">Entrée validée<\/p><p class="desk-verdict__message">Bienvenue, [^<]+!/)
    expect(page.indexOf('data-testid="desk-verdict"')).toBeLessThan(page.indexOf('id="code"'))
    const second = await desk.post(`/evenements/${eventId}/accueil`, { code })
    expect(second.status).toBe(409)
    const again = await second.text()
    expect(again).toContain('data-verdict="already"')
    expect(again).toContain('Billet déjà utilisé')
    const unknown = await desk.post(`/evenements/${eventId}/accueil`, { code: 'ZZZZZ-ZZZZZ' })
    expect(unknown.status).toBe(404)
    expect(eventCounters(app.ctx.db, eventId).checkedIn).toBe(1)
    // Someone who does not organize the event gets neither the desk nor the dashboard.
    const other = await sessionClient(app.ctx, app.url, stranger.id)
    expect((await other.post(`/evenements/${eventId}/accueil`, { code })).status).toBe(403)
    expect((await other.get(`/evenements/${eventId}/gestion`)).status).toBe(403)
    expect((await other.get(`/evenements/${eventId}/participants.csv`)).status).toBe(403)
  })
})

describe('invitations', () => {
  it('mails a signed « Participer » link whose « Je participe » button registers its invitee once, without a session', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { title: 'Gala des 50 ans' })
    const promotion = 1987
    const invitees = await Promise.all([1, 2].map(() => createAccount(app.ctx, { membership: 'alumni', promotion })))
    const viewer = loadViewer(app.ctx, organizer.id)!
    const started = startInvitationSend(app.ctx, viewer, eventId, { kind: 'promotions', promotions: [promotion] })
    if (!started.ok) throw new Error(started.error)
    expect(started.total).toBe(2)
    const done = await runInvitationSend(app.ctx, started.sendId, app.url)
    expect(done).toMatchObject({ total: 2, sent: 2, failed: 0, status: 'done' })

    const mail = await smtp.waitForMail((m) => m.to.includes(invitees[0].email) && m.subject.includes('Invitation'))
    // Every practical detail is in the mail: organizer, place, times, price.
    expect(mail.text).toContain(`${organizer.firstName} ${organizer.lastName}`)
    expect(mail.text).toContain('3 place des Terreaux')
    expect(mail.text).toMatch(/Quand\s:\s.+ → /)
    expect(mail.text).toContain('Gratuit')
    expect(mail.text).toContain('/evenements/invitations/desabonnement/')
    expect(mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n\s+/g, ' ')).toMatch(
      /^List-Unsubscribe: <http:\/\/\S+\/evenements\/invitations\/desabonnement\/\S+>$/,
    )
    const link = /Participer\s:\s(\S+)/.exec(mail.text)?.[1]
    expect(link).toBeDefined()
    const path = new URL(link!).pathname

    // Following the link shows the event and a button; only the button's POST registers.
    const opened = await fetch(new URL(path, app.url), { redirect: 'manual' })
    expect(opened.status).toBe(200)
    expect(await opened.text()).toContain('Je participe</button>')
    expect(registrations(eventId)).toHaveLength(0)
    const accept = () =>
      fetch(new URL(path, app.url), { method: 'POST', headers: { origin: app.url }, body: new URLSearchParams({ intent: 'accept' }), redirect: 'manual' })
    const anonymous = await accept()
    expect(anonymous.status).toBe(200)
    expect(await anonymous.text()).toContain('Vous êtes inscrit')
    expect(registrations(eventId).find((r) => r.userId === invitees[0].id)).toMatchObject({ status: 'confirmed', source: 'invitation' })

    // Used once: a second click registers nothing and says so, and so does the link.
    const again = await accept()
    expect(again.status).toBe(410)
    expect((await fetch(new URL(path, app.url), { redirect: 'manual' })).status).toBe(410)
    // A forged signature, or another invitation's id with this signature, is refused.
    const token = path.split('/').pop()!
    const [id, signature] = token.split('.')
    const forged = await fetch(new URL(`/evenements/participer/${id}.${signature.slice(0, -2)}xx`, app.url), { redirect: 'manual' })
    expect(forged.status).toBe(404)
    const other = app.ctx.db
      .select()
      .from(eventInvitations)
      .where(and(eq(eventInvitations.eventId, eventId), eq(eventInvitations.userId, invitees[1].id)))
      .get()!
    const swapped = await fetch(new URL(`/evenements/participer/${other.id}.${signature}`, app.url), { redirect: 'manual' })
    expect(swapped.status).toBe(404)
    expect(registrations(eventId).some((r) => r.userId === invitees[1].id)).toBe(false)
    // The real link of the second invitee still works: it was never consumed by the forgeries.
    const real = await fetch(new URL(`/evenements/participer/${invitationToken(app.ctx.config.SESSION_SECRET, other)}`, app.url), { redirect: 'manual' })
    expect(real.status).toBe(200)
  })

  it('registers the invitee named by the link even when someone else is logged in, and undoes on request', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const [invitee, bystander] = await members(2)
    const viewer = loadViewer(app.ctx, organizer.id)!
    const groupId = app.ctx.db
      .insert(groups)
      .values({ name: 'Club test', description: 'Un groupe de test.', kind: 'interest', visibility: 'public', status: 'active', createdAt: new Date() })
      .returning({ id: groups.id })
      .get().id
    app.ctx.db.insert(groupMembers).values({ groupId, userId: invitee.id, status: 'active', joinedAt: new Date() }).run()
    const started = startInvitationSend(app.ctx, viewer, eventId, { kind: 'group', groupId })
    if (!started.ok) throw new Error(started.error)
    expect(started.total).toBe(1)
    await runInvitationSend(app.ctx, started.sendId, app.url)
    const invitation = app.ctx.db.select().from(eventInvitations).where(eq(eventInvitations.eventId, eventId)).get()!
    const path = `/evenements/participer/${invitationToken(app.ctx.config.SESSION_SECRET, invitation)}`
    const browser = await sessionClient(app.ctx, app.url, bystander.id)
    expect((await browser.get(path)).status).toBe(200)
    expect(registrations(eventId)).toHaveLength(0)
    expect((await browser.post(path, { intent: 'accept' })).status).toBe(200)
    expect(registrations(eventId).map((r) => r.userId)).toEqual([invitee.id])
    const undo = await browser.post(path, { intent: 'undo' })
    expect(undo.status).toBe(200)
    expect(registrations(eventId)[0].status).toBe('cancelled')
    // A second send skips who was already invited.
    expect(startInvitationSend(app.ctx, viewer, eventId, { kind: 'group', groupId })).toEqual({ ok: false, error: 'nobody' })
  })

  it('lets a group moderator invite their group but not the whole association', async () => {
    const [moderator] = await members(1)
    const groupId = app.ctx.db
      .insert(groups)
      .values({ name: 'Club voile', description: 'On navigue ensemble.', kind: 'interest', visibility: 'public', status: 'active', createdAt: new Date() })
      .returning({ id: groups.id })
      .get().id
    app.ctx.db.insert(groupMembers).values({ groupId, userId: moderator.id, role: 'moderator', status: 'active', joinedAt: new Date() }).run()
    const viewer = loadViewer(app.ctx, moderator.id)!
    const base = {
      title: 'Sortie en mer',
      description: 'Une journée sur le lac du Bourget.',
      audience: 'members' as const,
      online: false,
      venue: 'Port',
      address: 'Quai',
      city: 'Aix-les-Bains',
      onlineUrl: null,
      startsAt: new Date(Date.now() + 86400_000 * 10),
      endsAt: new Date(Date.now() + 86400_000 * 10 + 3600_000),
      timeZone: 'Europe/Paris',
      capacity: 10,
      registrationDeadline: null,
      cancellationDeadline: null,
      maxGuests: 0,
      ticketing: false,
      ticketTypes: [],
    }
    expect(createEvent(app.ctx, viewer, { ...base, groupId: null })).toEqual({ ok: false, field: 'groupId', error: 'notAllowed' })
    const created = createEvent(app.ctx, viewer, { ...base, groupId })
    if (!created.ok) throw new Error('group event refused')
    expect(startInvitationSend(app.ctx, viewer, created.eventId, { kind: 'members' })).toEqual({ ok: false, error: 'segmentNotAllowed' })
    const own = startInvitationSend(app.ctx, viewer, created.eventId, { kind: 'group', groupId })
    expect(own).toMatchObject({ ok: true, total: 1 })
  })
})

describe('live counters', () => {
  it('brings every watcher to the database counts after a burst, and feeds the organizer', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, { capacity: 10 })
    const people = await members(25)
    const watcher = await memberSocket(app.url, people[0].email)
    const manager = await memberSocket(app.url, organizer.email)
    const joined = await watcher.timeout(2000).emitWithAck('event:watch', { eventId })
    expect(joined).toMatchObject({ ok: true, counters: { confirmed: 0, capacity: 10 } })
    expect(await manager.timeout(2000).emitWithAck('event:manage', { eventId })).toMatchObject({ ok: true })
    // A member who does not organize it cannot join the organizers' feed.
    expect(await watcher.timeout(2000).emitWithAck('event:manage', { eventId })).toEqual({ ok: false, error: 'forbidden' })
    let latest = joined.counters
    watcher.on('event:counters', (c: typeof latest) => {
      if (c.version >= latest.version) latest = c
    })
    const feed: { kind: string }[] = []
    manager.on('event:feed', (batch: { activity: { kind: string }[] }) => feed.push(...batch.activity))
    const clients = await Promise.all(people.map((p) => sessionClient(app.ctx, app.url, p.id)))
    await Promise.all(clients.map((c) => c.post(`/evenements/${eventId}`, { intent: 'register' })))
    const truth = eventCounters(app.ctx.db, eventId)
    await expect
      .poll(() => latest, { timeout: 2000 })
      .toEqual(expect.objectContaining({ confirmed: truth.confirmed, waitlist: truth.waitlist, version: truth.version }))
    expect(truth).toMatchObject({ confirmed: 10, waitlist: 15 })
    await expect.poll(() => feed.length, { timeout: 2000 }).toBe(25)
    expect(feed.filter((f) => f.kind === 'registered')).toHaveLength(10)
    watcher.disconnect()
    manager.disconnect()
  })
})

describe('holds', () => {
  it('releases a place held too long for payment and gives it to the waitlist', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, {
      capacity: 1,
      ticketing: true,
      ticketTypes: [{ name: 'Membre', priceCents: 2500, quota: null, eligibility: 'anyone' }],
    })
    const typeId = ticketTypesOf(app.ctx.db, eventId)[0].id
    const [payer, waiting] = await members(2)
    const held = registerForEvent(app.ctx, { eventId, userId: payer.id, guests: 0, ticketTypeId: typeId })
    expect(held).toMatchObject({ ok: true, registration: { status: 'held', amountCents: 2500 } })
    expect(registerForEvent(app.ctx, { eventId, userId: waiting.id, guests: 0, ticketTypeId: typeId })).toMatchObject({
      ok: true,
      registration: { status: 'waitlisted' },
    })
    const realNow = app.ctx.now
    app.ctx.now = () => new Date(realNow().getTime() + 16 * 60_000)
    try {
      const outcomes = releaseExpiredHolds(app.ctx, app.url)
      expect(outcomes).toHaveLength(1)
    } finally {
      app.ctx.now = realNow
    }
    const byUser = new Map(registrations(eventId).map((r) => [r.userId, r]))
    expect(byUser.get(payer.id)?.status).toBe('cancelled')
    // Promoted to a paid place: held for a day, for them to pay.
    expect(byUser.get(waiting.id)).toMatchObject({ status: 'held' })
    expect(byUser.get(waiting.id)!.holdExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000)
    const mail = await smtp.waitForMail((m) => m.to.includes(waiting.email) && m.subject.startsWith('Une place s’est libérée'))
    expect(mail.text).toContain('25,00')
  })
})
