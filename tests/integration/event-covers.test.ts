import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { events } from '../../db/schema'
import { createAccount } from '../factories'
import { createTestEvent, sessionClient } from '../event-factories'
import { files } from '../support/files'
import { startTestServer, type TestServer } from '../support/server'

let app: TestServer
let organizer: Awaited<ReturnType<typeof createAccount>>

beforeAll(async () => {
  app = await startTestServer()
  organizer = await createAccount(app.ctx, { role: 'webmaster', membership: 'alumni' })
})
afterAll(async () => {
  await app?.close()
})

/** The edit form as the page sends it, for an event created by `createTestEvent`. */
const eventForm = (overrides: Record<string, string> = {}) => ({
  title: 'Afterwork des anciens',
  description: 'Un verre entre anciens, pour se retrouver et accueillir les jeunes diplômés.',
  audience: 'members',
  venue: 'Le Comptoir',
  address: '3 place des Terreaux',
  city: 'Lyon',
  startsAt: '2031-06-12T19:00',
  endsAt: '2031-06-12T22:00',
  capacity: '20',
  maxGuests: '0',
  ...overrides,
})

const photo = (width = 900, height = 700) =>
  sharp({ create: { width, height, channels: 3, background: '#c0392b' } })
    .jpeg()
    .toBuffer()
const storedCover = (eventId: number) => app.ctx.db.select({ cover: events.coverImage }).from(events).where(eq(events.id, eventId)).get()?.cover ?? null
const coversDir = () => path.join(app.ctx.config.DATA_DIR, 'private', 'event-covers')

describe('event covers', () => {
  it('answers 404 for an unknown event, a malformed id and an event without a cover', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    for (const url of ['/evenements/999999/couverture', '/evenements/abc/couverture', `/evenements/${eventId}/couverture`]) {
      const response = await fetch(new URL(url, app.url))
      expect(response.status, url).toBe(404)
      expect(response.headers.get('content-type'), url).not.toContain('image/')
    }
  })

  it('stores an uploaded picture as 2:1 WebP in two sizes, served with a long cache at its version only', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const client = await sessionClient(app.ctx, app.url, organizer.id)
    const saved = await client.postMultipart(`/evenements/${eventId}/modifier`, eventForm(), {
      cover: { name: 'gala.jpg', type: 'image/jpeg', bytes: await photo() },
    })
    expect(saved.status).toBe(302)
    const stored = storedCover(eventId)
    expect(stored).toMatch(/^[0-9a-f-]{36}\.webp$/)
    const version = stored!.replace(/\.webp$/, '')

    const large = await fetch(new URL(`/evenements/${eventId}/couverture?v=${version}`, app.url))
    expect(large.status).toBe(200)
    expect(large.headers.get('content-type')).toBe('image/webp')
    expect(large.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(large.headers.get('x-content-type-options')).toBe('nosniff') // set for every answer by server/http.ts
    const meta = await sharp(Buffer.from(await large.arrayBuffer())).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 1200, 600])

    const small = await fetch(new URL(`/evenements/${eventId}/couverture?v=${version}&taille=petite`, app.url))
    const smallMeta = await sharp(Buffer.from(await small.arrayBuffer())).metadata()
    expect([smallMeta.format, smallMeta.width, smallMeta.height]).toEqual(['webp', 480, 240])

    // An old or missing version still gets the picture, but only briefly cached.
    const unversioned = await fetch(new URL(`/evenements/${eventId}/couverture?v=ancienne`, app.url))
    expect(unversioned.status).toBe(200)
    expect(unversioned.headers.get('cache-control')).toBe('public, max-age=300')

    // The event page and the list point at it, at its version.
    expect(await (await fetch(new URL(`/evenements/${eventId}`, app.url))).text()).toContain(`/evenements/${eventId}/couverture?v=${version}`)
    expect(await (await fetch(new URL('/evenements', app.url))).text()).toContain(`/evenements/${eventId}/couverture?v=${version}&amp;taille=petite`)
  })

  it('replaces the previous files on a new upload, and removes them with the box', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const client = await sessionClient(app.ctx, app.url, organizer.id)
    await client.postMultipart(`/evenements/${eventId}/modifier`, eventForm(), { cover: { name: 'a.jpg', type: 'image/jpeg', bytes: await photo() } })
    const first = storedCover(eventId)!
    await client.postMultipart(`/evenements/${eventId}/modifier`, eventForm(), { cover: { name: 'b.jpg', type: 'image/jpeg', bytes: await photo(1600, 900) } })
    const second = storedCover(eventId)!
    expect(second).not.toBe(first)
    const onDisk = fs.readdirSync(coversDir())
    expect(onDisk).not.toContain(first)
    expect(onDisk).toContain(second)

    // Saving without a file keeps the cover; the box removes it, files included.
    await client.postMultipart(`/evenements/${eventId}/modifier`, eventForm())
    expect(storedCover(eventId)).toBe(second)
    await client.postMultipart(`/evenements/${eventId}/modifier`, eventForm({ removeCover: 'on' }))
    expect(storedCover(eventId)).toBeNull()
    expect(fs.readdirSync(coversDir()).some((name) => name.startsWith(second.replace(/\.webp$/, '')))).toBe(false)
    expect((await fetch(new URL(`/evenements/${eventId}/couverture`, app.url))).status).toBe(404)
  })

  it('refuses a file that is no picture (a text file named .jpg), next to the field, and saves nothing', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const client = await sessionClient(app.ctx, app.url, organizer.id)
    const refused = await client.postMultipart(`/evenements/${eventId}/modifier`, eventForm({ title: 'Titre qui ne doit pas changer' }), {
      cover: { name: 'photo.jpg', type: 'image/jpeg', bytes: files.text() },
    })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Ce fichier n’est pas une image JPEG, PNG ou WebP lisible')
    expect(storedCover(eventId)).toBeNull()
    expect(app.ctx.db.select({ title: events.title }).from(events).where(eq(events.id, eventId)).get()?.title).not.toBe('Titre qui ne doit pas changer')
    // A JPEG header over garbage passes the first check, not sharp's.
    const broken = await client.postMultipart(`/evenements/${eventId}/modifier`, eventForm(), {
      cover: { name: 'x.jpg', type: 'image/jpeg', bytes: files.jpeg() },
    })
    expect(broken.status).toBe(400)
  })

  it('still takes the form urlencoded (no cover), as before covers existed', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id)
    const client = await sessionClient(app.ctx, app.url, organizer.id)
    const saved = await client.post(`/evenements/${eventId}/modifier`, eventForm({ title: 'Afterwork renommé' }))
    expect(saved.status).toBe(302)
    expect(app.ctx.db.select({ title: events.title }).from(events).where(eq(events.id, eventId)).get()?.title).toBe('Afterwork renommé')
  })

  it('describes the event to search engines and link previews in its own words', async () => {
    const eventId = createTestEvent(app.ctx, organizer.id, {
      audience: 'everyone',
      title: 'Gala des 50 ans',
      description: '**Soirée** de gala pour les 50 ans de l’école : dîner, orchestre et retrouvailles. ' + 'Venez nombreux ! '.repeat(20),
    })
    const html = await (await fetch(`${app.url}/evenements/${eventId}`)).text()
    const description = /<meta name="description" content="([^"]*)"/.exec(html)?.[1] ?? ''
    expect(description).toMatch(/^Soirée de gala pour les 50 ans de l’école : dîner, orchestre et retrouvailles\. Venez/)
    expect(description.length).toBeLessThanOrEqual(155)
    expect(description.endsWith('…')).toBe(true)
    expect(html).toContain('<meta property="og:title" content="Gala des 50 ans"/>')
    expect(html).toMatch(/<title>Gala des 50 ans — [^<]+<\/title>/)
  })
})
