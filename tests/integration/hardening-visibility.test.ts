import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import sharp from 'sharp'
import type { Socket } from 'socket.io-client'
import { groupMembers, profiles, users } from '../../db/schema'
import { createGroup, joinGroup } from '../../app/features/groups/groups.server'
import { setEventOrganizer } from '../../app/features/events/events.server'
import { createAccount } from '../factories'
import { createTestEvent, sessionClient } from '../event-factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { dataUrl, decodeData } from '../support/single-fetch'
import { memberSocket } from '../support/sockets'

/**
 * Hidden means hidden: whoever may not see a profile, a private group's members or an organizer's
 * address gets a 404/403 or a page without the private string — in the HTML, in the loader data
 * Remix streams into the page, in the `.data` answers its client navigates with (single fetch),
 * in what a legacy `?_data` request still gets, in the `.ics`, and over the socket.
 */
let app: TestServer
const sockets: Socket[] = []

type Role = 'visitor' | 'registered' | 'member' | 'webmaster' | 'owner' | 'groupMember' | 'pending'
const clients = new Map<Role, HttpClient>()
let hidden: { id: string; email: string }
let listed: { id: string }
let groupId: number
let chatThreadId: number
let groupMember: { email: string }
let outsider: { email: string }
let organizerEmail: string
const events = { members: 0, everyone: 0 }

// Distinctive strings, so that their absence from a body means something.
const SECRET_MEMBER = 'Quenouillard'
const HIDDEN_BIO = 'Biographie-de-quelqu-un-parti-de-l-annuaire'

async function photoBytes() {
  return new Uint8Array(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#884422' } })
      .jpeg()
      .toBuffer(),
  )
}

async function withPhoto(id: string, inDirectory: boolean) {
  const browser = await sessionClient(app.ctx, app.url, id)
  const form = { promotion: '2012', diploma: app.ctx.config.DIPLOMAS[0], bio: HIDDEN_BIO, ...(inDirectory ? { inDirectory: 'on' } : {}) }
  const saved = await browser.postMultipart('/mon-compte/profil', form, { photo: { name: 'moi.jpg', type: 'image/jpeg', bytes: await photoBytes() } })
  expect(saved.status).toBe(302)
  return browser
}

beforeAll(async () => {
  app = await startTestServer()
  const ctx = app.ctx
  const registered = await createAccount(ctx)
  const member = await createAccount(ctx, { membership: 'alumni' })
  const webmaster = await createAccount(ctx, { membership: 'alumni', role: 'webmaster' })
  hidden = await createAccount(ctx, { membership: 'alumni' })
  listed = await createAccount(ctx, { membership: 'alumni' })
  clients.set('visitor', new HttpClient(app.url))
  clients.set('registered', await sessionClient(ctx, app.url, registered.id))
  clients.set('member', await sessionClient(ctx, app.url, member.id))
  clients.set('webmaster', await sessionClient(ctx, app.url, webmaster.id))
  clients.set('owner', await withPhoto(hidden.id, false))
  await withPhoto(listed.id, true)
  outsider = member

  // A private group: its moderator (the owner), one active member with a distinctive name, one pending request.
  const moderator = await createAccount(ctx, { membership: 'alumni' })
  const secret = await createAccount(ctx, { membership: 'alumni' })
  const pending = await createAccount(ctx, { membership: 'alumni' })
  ctx.db.update(users).set({ lastName: SECRET_MEMBER }).where(eq(users.id, secret.id)).run()
  groupId = createGroup(
    ctx,
    { id: moderator.id, isWebmaster: true },
    { name: 'Cercle discret', description: 'Un groupe privé de test', kind: 'interest', visibility: 'private' },
  )
  joinGroup(ctx, secret.id, groupId)
  ctx.db.update(groupMembers).set({ status: 'active' }).where(eq(groupMembers.userId, secret.id)).run()
  joinGroup(ctx, pending.id, groupId)
  groupMember = secret
  chatThreadId = (ctx.database.sqlite.prepare("select id from threads where group_id = ? and kind = 'chat'").get(groupId) as { id: number }).id
  clients.set('groupMember', await sessionClient(ctx, app.url, secret.id))
  clients.set('pending', await sessionClient(ctx, app.url, pending.id))

  // An organizer whose account address is their own, listed in the directory.
  const organizer = await createAccount(ctx, { membership: 'alumni', email: 'organisatrice.privee@exemple.fr' })
  organizerEmail = organizer.email
  setEventOrganizer(ctx, { userId: organizer.id, grantedBy: webmaster.id, allowed: true })
  events.members = createTestEvent(ctx, organizer.id, { audience: 'members' })
  events.everyone = createTestEvent(ctx, organizer.id, { audience: 'everyone' })
})

afterAll(async () => {
  for (const socket of sockets) socket.disconnect()
  await app?.close()
})

/** What a viewer gets: the status, and whether the private string is anywhere in the body. */
async function fetchAs(role: Role, path: string, secret?: string) {
  const response = await clients.get(role)!.get(path)
  const body = Buffer.from(await response.arrayBuffer()).toString('utf8')
  return { status: response.status, body, leaks: secret ? body.includes(secret) : undefined }
}

/**
 * The page's `.data` answer, as Remix's client reads it on a navigation: the route's own loader
 * data must be there (decoded), and the private string must be nowhere in the bytes unless shown.
 */
async function loaderDataAs(role: Role, path: string, routeId: string, secret: string) {
  const { status, body, leaks } = await fetchAs(role, dataUrl(path), secret)
  const decoded = (await decodeData(new Response(body))) as Record<string, { data?: unknown; error?: unknown }>
  expect(decoded[routeId], `${role} ${path}.data`).toHaveProperty('data')
  return { status, leaks, decodedLeaks: JSON.stringify(decoded[routeId]!.data).includes(secret) }
}

/** A `?_data` request (the format before single fetch) must give nothing private and no 5xx. */
async function legacyDataAs(role: Role, path: string, routeId: string, secret: string) {
  const { status, leaks } = await fetchAs(role, `${path}?_data=${encodeURIComponent(routeId)}`, secret)
  expect(status, `${role} ${path}?_data`).toBeLessThan(500)
  expect(leaks, `${role} ${path}?_data`).toBe(false)
}

describe('a profile that left the directory', () => {
  const cases: [Role, string, 'served' | 'refused'][] = [
    ['visitor', 'photo', 'refused'],
    ['registered', 'photo', 'refused'],
    ['member', 'photo', 'refused'],
    ['webmaster', 'photo', 'refused'],
    ['owner', 'photo', 'served'],
    ['member', 'page', 'refused'],
    ['webmaster', 'page', 'refused'],
    ['member', 'card', 'refused'],
  ]
  it.each(cases)('%s asking for its %s: %s', async (role, what, expected) => {
    const path = { photo: `/membres/${hidden.id}/photo`, page: `/membres/${hidden.id}`, card: `/api/membres/${hidden.id}` }[what]!
    const { status, leaks } = await fetchAs(role, path, what === 'photo' ? undefined : HIDDEN_BIO)
    if (expected === 'served') expect(status).toBe(200)
    else {
      expect([302, 403, 404], `${role} ${path}`).toContain(status)
      if (leaks !== undefined) expect(leaks).toBe(false)
    }
  })

  it('keeps the photo of a listed member for members only', async () => {
    expect((await fetchAs('member', `/membres/${listed.id}/photo`)).status).toBe(200)
    expect((await fetchAs('webmaster', `/membres/${listed.id}/photo`)).status).toBe(200)
    expect([403, 404]).toContain((await fetchAs('registered', `/membres/${listed.id}/photo`)).status)
    expect((await fetchAs('visitor', `/membres/${listed.id}/photo`)).status).toBe(302)
  })
})

describe("a private group's members", () => {
  const cases: [Role, boolean][] = [
    ['member', false],
    ['pending', false],
    ['groupMember', true],
    ['webmaster', true],
  ]
  it.each(cases)('%s on the group page and its loader data: names shown %s', async (role, shown) => {
    const path = `/groupes/${groupId}`
    const page = await fetchAs(role, path, SECRET_MEMBER)
    expect(page.status, path).toBe(200)
    expect(page.leaks, `${role} ${path}`).toBe(shown)
    const data = await loaderDataAs(role, path, 'routes/groupes.$groupId', SECRET_MEMBER)
    expect(data.status, `${path}.data`).toBe(200)
    expect([data.leaks, data.decodedLeaks], `${role} ${path}.data`).toEqual([shown, shown])
    await legacyDataAs(role, path, 'routes/groupes.$groupId', SECRET_MEMBER)
  })

  it('keeps an outsider out of its room, so no presence list reaches them', async () => {
    const socket = await memberSocket(app.url, outsider.email)
    sockets.push(socket)
    expect(await socket.emitWithAck('thread:join', { threadId: chatThreadId })).toEqual({ ok: false, error: 'forbidden' })
    const inside = await memberSocket(app.url, groupMember.email)
    sockets.push(inside)
    expect(await inside.emitWithAck('thread:join', { threadId: chatThreadId })).toMatchObject({ ok: true })
  })
})

describe("an organizer's address", () => {
  const cases: [Role, 'members' | 'everyone', boolean][] = [
    ['visitor', 'members', false],
    ['visitor', 'everyone', false],
    ['registered', 'members', false],
    ['registered', 'everyone', false],
    ['member', 'members', true],
    ['member', 'everyone', true],
  ]
  it.each(cases)('%s on a %s event, page, loader data and .ics: address shown %s', async (role, audience, shown) => {
    const id = events[audience]
    for (const path of [`/evenements/${id}`, `/evenements/${id}/calendrier.ics`]) {
      const { status, leaks } = await fetchAs(role, path, organizerEmail)
      expect(status, path).toBe(200)
      expect(leaks, `${role} ${path}`).toBe(shown)
    }
    const data = await loaderDataAs(role, `/evenements/${id}`, 'routes/evenements.$eventId', organizerEmail)
    expect(data.status).toBe(200)
    expect([data.leaks, data.decodedLeaks], `${role} /evenements/${id}.data`).toEqual([shown, shown])
    await legacyDataAs(role, `/evenements/${id}`, 'routes/evenements.$eventId', organizerEmail)
    // Whoever may not see it still has someone to write to: the association.
    if (!shown) expect((await fetchAs(role, `/evenements/${id}`, app.ctx.config.ASSOCIATION_EMAIL)).leaks).toBe(true)
  })

  it('is hidden from members too once the organizer leaves the directory', async () => {
    const organizer = app.ctx.db.select().from(users).where(eq(users.email, organizerEmail)).get()!
    app.ctx.db.update(profiles).set({ inDirectory: false }).where(eq(profiles.userId, organizer.id)).run()
    try {
      expect((await fetchAs('member', `/evenements/${events.members}`, organizerEmail)).leaks).toBe(false)
    } finally {
      app.ctx.db.update(profiles).set({ inDirectory: true }).where(eq(profiles.userId, organizer.id)).run()
    }
  })
})
