import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { profiles, users } from '../../db/schema'
import { syncMember } from '../../app/features/directory/directory.server'
import { createAccount, TEST_PASSWORD } from '../factories'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'

// The directory's map clustered on the server: /api/annuaire/carte (issue #19).

let app: TestServer
let browser: HttpClient
const WORLD = 'bbox=-180,-85,180,85'

type View = {
  total: number
  bounds: [number, number, number, number] | null
  clusters?: [number, number, number, number, number][]
  points?: [string, number, number][]
}

async function placed(lastName: string, latitude: number, longitude: number, city: string) {
  const account = await createAccount(app.ctx, { membership: 'alumni' })
  app.ctx.db.update(users).set({ lastName }).where(eq(users.id, account.id)).run()
  app.ctx.db.update(profiles).set({ latitude, longitude, city }).where(eq(profiles.userId, account.id)).run()
  await syncMember(app.ctx, account.id)
  return account
}

async function view(query: string): Promise<View> {
  const response = await browser.get(`/api/annuaire/carte?${query}`)
  expect(response.status, query).toBe(200)
  return (await response.json()) as View
}

beforeAll(async () => {
  app = await startTestServer()
  // Thirty around Lyon, within a few kilometres, and one in Brest.
  for (let i = 0; i < 30; i++) await placed('Carto', 45.75 + (i % 6) * 0.01, 4.83 + Math.floor(i / 6) * 0.01, 'Lyon')
  await placed('Carto', 48.39, -4.49, 'Brest')
  const viewer = await createAccount(app.ctx, { membership: 'alumni' })
  browser = new HttpClient(app.url)
  await browser.login(viewer.email, TEST_PASSWORD)
})
afterAll(async () => {
  await app?.close()
})

describe('the map endpoint', () => {
  it('answers the count and the box of every placed match, for the first view', async () => {
    const first = await view('q=Carto')
    expect(first.total).toBe(31)
    expect(first.clusters).toBeUndefined()
    const [west, south, east, north] = first.bounds!
    expect(west).toBeCloseTo(-4.49, 2)
    expect(east).toBeCloseTo(4.87, 2)
    expect(south).toBeCloseTo(45.75, 2)
    expect(north).toBeCloseTo(48.39, 2)
  })

  it('clusters the thirty of Lyon at a country’s zoom, and opens them into pins as one zooms in', async () => {
    const country = await view(`q=Carto&${WORLD}&zoom=5`)
    expect(country.clusters).toHaveLength(1)
    const [, lat, lng, count, expansionZoom] = country.clusters![0]!
    expect(count).toBe(30)
    expect(lat).toBeCloseTo(45.775, 1)
    expect(lng).toBeCloseTo(4.85, 1)
    expect(expansionZoom).toBeGreaterThan(5)
    expect(country.points!.map(([, plat]) => plat)).toEqual([48.39])
    // At the street's zoom, every one is a pin; the box keeps only what is in it.
    const street = await view('q=Carto&bbox=4.7,45.7,5,45.9&zoom=16')
    expect(street.clusters).toEqual([])
    expect(street.points).toHaveLength(30)
    // What the clusters count is everybody: the sum at any zoom is the total.
    for (const zoom of [0, 3, 8, 11, 14]) {
      const v = await view(`q=Carto&${WORLD}&zoom=${zoom}`)
      expect(v.clusters!.reduce((sum, c) => sum + c[3], 0) + v.points!.length, `zoom ${zoom}`).toBe(31)
    }
  })

  it('follows the directory’s filters and sees a member added since (the index is rebuilt after a change)', async () => {
    expect((await view(`q=Carto&ville=Brest&${WORLD}&zoom=10`)).points).toHaveLength(1)
    const before = await view(`q=Carto&${WORLD}&zoom=2`)
    const newcomer = await placed('Carto', 43.6, 1.44, 'Toulouse')
    const after = await view(`q=Carto&${WORLD}&zoom=16`)
    expect(after.total).toBe(before.total + 1)
    expect(after.points!.some(([id]) => id === newcomer.id)).toBe(true)
  })

  it('stays small: a view of 31 members is a few hundred bytes, and the browser may keep it a minute', async () => {
    const response = await browser.get(`/api/annuaire/carte?q=Carto&${WORLD}&zoom=5`)
    expect(response.headers.get('cache-control')).toBe('private, max-age=60')
    expect((await response.text()).length).toBeLessThan(400)
  })

  it('refuses a malformed box or zoom with a French 400, and visitors or non-members as the directory does', async () => {
    for (const query of [
      `bbox=1,2,3&zoom=4`,
      `bbox=a,b,c,d&zoom=4`,
      `bbox=10,0,-10,5&zoom=4`,
      `bbox=0,0,1,95&zoom=4`,
      `${WORLD}&zoom=-1`,
      `${WORLD}&zoom=2.5`,
      `${WORLD}`,
    ]) {
      const response = await browser.get(`/api/annuaire/carte?${query}`)
      expect(response.status, query).toBe(400)
      expect(((await response.json()) as { error: string }).error, query).toMatch(/attendu/)
    }
    const visitor = await new HttpClient(app.url).get(`/api/annuaire/carte?${WORLD}&zoom=3`)
    expect(visitor.status).toBe(302)
    const registered = await createAccount(app.ctx)
    const other = new HttpClient(app.url)
    await other.login(registered.email, TEST_PASSWORD)
    expect((await other.get(`/api/annuaire/carte?${WORLD}&zoom=3`)).status).toBe(403)
  })
})
