import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { profiles } from '../../db/schema'
import { syncMember } from '../../app/features/directory/directory.server'
import { createAccount } from '../factories'
import { createTestEvent } from '../event-factories'
import { hydrated, launchBrowser, logIn, openPage } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

// The offline base map: country outlines under the markers when there are no tiles, or when they fail.
let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

const LYON = { city: 'Lyon', latitude: 45.76, longitude: 4.83 }

/** A member placed alone on the map (each test its own city: two in one place would make a cluster, not a pin). */
async function directoryMap(server: TestServer, width: number, place = LYON) {
  const someone = await createAccount(server.ctx, { membership: 'alumni' })
  server.ctx.db.update(profiles).set(place).where(eq(profiles.userId, someone.id)).run()
  await syncMember(server.ctx, someone.id)
  const opened = await openPage(browser, { viewport: { width, height: 800 } })
  await logIn(opened.page, server.url, someone.email, { redirectTo: width < 768 ? '/annuaire?vue=carte' : '/annuaire' })
  const pin = `.map-pin[data-member-id="${someone.id}"]`
  await opened.page.locator(pin).waitFor()
  return { ...opened, someone, pin }
}

const LAND = [251, 250, 247] // the outlines' fill, #fbfaf7

/**
 * The outlines as drawn on the canvas of their pane, under the markers: the share of land pixels, and
 * whether the screen point (x, y) is land. Polled: Leaflet paints the canvas on the next frame.
 */
async function outlines(page: Page, at?: { x: number; y: number }) {
  return page.evaluate(
    ([land, at]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=member-map] .leaflet-basemap-pane canvas')
      if (!canvas) return { landShare: 0, landAt: false }
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
      const isLand = (i: number) =>
        data[i + 3] === 255 && Math.abs(data[i]! - land[0]!) + Math.abs(data[i + 1]! - land[1]!) + Math.abs(data[i + 2]! - land[2]!) < 6
      let count = 0
      for (let i = 0; i < data.length; i += 4) if (isLand(i)) count++
      const box = canvas.getBoundingClientRect()
      const pixel =
        at && Math.round(((at.y - box.top) * canvas.height) / box.height) * canvas.width + Math.round(((at.x - box.left) * canvas.width) / box.width)
      return { landShare: count / (data.length / 4), landAt: pixel !== undefined && isLand(pixel * 4) }
    },
    [LAND, at] as const,
  )
}

/** Where a pin's tip is on the screen (a cluster's: its centre). */
async function tipOf(page: Page, selector: string) {
  const marker = page.locator(selector).first()
  const box = (await marker.boundingBox())!
  const cluster = await marker.evaluate((el) => el.classList.contains('map-cluster'))
  return { x: box.x + box.width / 2, y: cluster ? box.y + box.height / 2 : box.y + box.height - 4 }
}

/**
 * Countries drawn at `detail` and the point `at` on land; unless the map is at a city's scale (tiles that
 * failed leave it there), land and sea or borders both in view.
 */
async function expectOutlines(page: Page, detail: '110m' | '50m', at: { x: number; y: number }, { cityScale = false } = {}) {
  await page.locator(`[data-testid=member-map] .leaflet-container[data-base-map="${detail}"]`).waitFor()
  await expect.poll(async () => (await outlines(page, at)).landAt, { timeout: 5000 }).toBe(true)
  const { landShare } = await outlines(page, at)
  expect(landShare).toBeGreaterThan(0.05)
  if (!cityScale) expect(landShare).toBeLessThan(0.995)
}

describe('the offline base map', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ MAP_TILE_URL: '' })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('draws country outlines when no tile server is set, credited in the attribution, the notice above the map', async () => {
    const { page, errors, context, pin } = await directoryMap(server, 1280)
    // France is there under Lyon's pin, at the detail of a region, with its borders or coasts in view.
    await expectOutlines(page, '50m', await tipOf(page, pin))
    // No tile is ever asked for.
    expect(await page.locator('.leaflet-tile').count()).toBe(0)
    const attribution = page.locator('.leaflet-control-attribution')
    await expect.poll(() => attribution.innerText()).toContain('Natural Earth')
    expect(await attribution.innerText()).not.toMatch(/hors ligne|Fond de carte|OpenStreetMap/)
    const note = page.getByTestId('member-map').locator('.map-note')
    expect(await note.innerText()).toContain('Fond de carte hors ligne')
    // The note sits above the map's canvas, not over it.
    const [noteBox, canvasBox] = await Promise.all([note.boundingBox(), page.locator('.member-map__canvas').boundingBox()])
    expect(noteBox!.y + noteBox!.height).toBeLessThanOrEqual(canvasBox!.y + 1)
    expect(errors).toEqual([])
    await context.close()
  })

  it('draws the coarse outlines for the world, the fine ones only once zoomed in', async () => {
    const { page, context, pin } = await directoryMap(server, 1280, { city: 'Toulouse', latitude: 43.6, longitude: 1.44 })
    const asked: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/carte/pays.json')) asked.push(new URL(request.url()).search)
    })
    await expectOutlines(page, '50m', await tipOf(page, pin))
    const zoomOut = page.getByRole('button', { name: 'Zoom out' })
    while (Number(await page.getByTestId('member-map').getAttribute('data-zoom')) >= 4) {
      const zoom = await page.getByTestId('member-map').getAttribute('data-zoom')
      await zoomOut.click()
      await expect.poll(() => page.getByTestId('member-map').getAttribute('data-zoom')).not.toBe(zoom)
    }
    // Toulouse and the others are one cluster by now, over France.
    await expectOutlines(page, '110m', await tipOf(page, '.map-cluster, .map-pin'))
    expect(asked).toEqual(['?v=2.0.2&echelle=110m'])
    await context.close()
  })

  it('leaves the map points out of the directory page: the map asks the server for each view’s clusters', async () => {
    const { page, context, someone } = await directoryMap(server, 1280, { city: 'Nantes', latitude: 47.2184, longitude: -1.5536 })
    // The list is in the page (it works without JavaScript), the member's card with its place...
    const first = await (await page.request.get(`${server.url}/annuaire?q=Nantes`)).text()
    expect(first).toContain('47.2184')
    // ...but not the map's points: a page of the list past the end shows no card, and carries nobody's place.
    const past = await (await page.request.get(`${server.url}/annuaire?q=Nantes&page=2`)).text()
    expect(past).not.toContain('47.2184')
    expect(past).not.toContain('-1.5536')
    const api = (await (await page.request.get(`${server.url}/api/annuaire?points=1`)).json()) as { points: [string, number, number][] }
    expect(api.points.find(([id]) => id === someone.id)?.slice(1)).toEqual([expect.closeTo(47.2184, 3), expect.closeTo(-1.5536, 3)])
    // The map in the browser asked for its view: a box and a zoom, and found the member's pin there.
    const views: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/annuaire/carte')) views.push(new URL(request.url()).search)
    })
    await page.getByRole('button', { name: 'Zoom in' }).click()
    await expect.poll(() => views.some((v) => /bbox=[-\d.,%C]+&zoom=\d+/.test(v))).toBe(true)
    const view = (await (await page.request.get(`${server.url}/api/annuaire/carte?q=Nantes&bbox=-5,45,3,49&zoom=12`)).json()) as {
      points: [string, number, number][]
    }
    expect(view.points.find(([id]) => id === someone.id)?.slice(1)).toEqual([expect.closeTo(47.2184, 3), expect.closeTo(-1.5536, 3)])
    await context.close()
  })

  it('serves the outlines once, with a long cache', async () => {
    for (const [query, countries] of [
      ['', 241],
      ['&echelle=110m', 177],
    ] as const) {
      const response = await fetch(`${server.url}/carte/pays.json?v=2.0.2${query}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toContain('immutable')
      const topology = (await response.json()) as { type: string; objects: Record<string, { geometries: unknown[] }> }
      expect(topology.type).toBe('Topology')
      expect(Object.keys(topology.objects)).toEqual(['countries'])
      expect(topology.objects.countries!.geometries).toHaveLength(countries)
      const again = await fetch(`${server.url}/carte/pays.json?v=2.0.2${query}`, { headers: { 'If-None-Match': response.headers.get('etag')! } })
      expect(again.status).toBe(304)
    }
    const unknown = await fetch(`${server.url}/carte/pays.json?v=2.0.2&echelle=1m`)
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('Échelle inconnue')
  })

  it('sends the outlines compressed, brotli when the browser takes it', async () => {
    // Precompressed off the main thread after the first request: poll until the brotli is ready.
    await expect
      .poll(async () => (await fetch(`${server.url}/carte/pays.json?v=2.0.2`, { headers: { 'Accept-Encoding': 'br' } })).headers.get('content-encoding'))
      .toBe('br')
    const gzipped = await fetch(`${server.url}/carte/pays.json?v=2.0.2&echelle=110m`, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(gzipped.headers.get('content-encoding')).toBe('gzip')
    expect(((await gzipped.json()) as { type: string }).type).toBe('Topology') // fetch undoes the encoding it was given
  })

  it('builds the event page’s map only when the reader scrolls to it, on a phone', async () => {
    const organizer = await createAccount(server.ctx, { role: 'webmaster', membership: 'alumni' })
    const eventId = createTestEvent(server.ctx, organizer.id, { description: 'Un long texte. '.repeat(200) })
    const reader = await createAccount(server.ctx, { membership: 'alumni' })
    const { page, context, errors } = await openPage(browser, { viewport: { width: 360, height: 740 } })
    const leaflet: string[] = []
    page.on('request', (request) => {
      if (/leaflet|pays\.json/.test(request.url())) leaflet.push(request.url())
    })
    await logIn(page, server.url, reader.email, { redirectTo: `/evenements/${eventId}` })
    await hydrated(page)
    await page.waitForTimeout(500)
    expect(leaflet.filter((url) => url.endsWith('.js') || url.includes('pays.json'))).toEqual([])
    await page.getByTestId('member-map').scrollIntoViewIfNeeded()
    await page.locator('[data-testid=member-map][data-ready]').waitFor()
    // One place, at a region's scale: the 1:50m outlines, Lyon on land.
    await expectOutlines(page, '50m', await tipOf(page, '.map-pin'))
    expect(errors).toEqual([])
    await context.close()
  })

  it('does the same on a phone', async () => {
    const { page, context, pin } = await directoryMap(server, 360, { city: 'Bordeaux', latitude: 44.84, longitude: -0.58 })
    await expectOutlines(page, '50m', await tipOf(page, pin))
    await page.getByText('Fond de carte hors ligne').waitFor()
    await context.close()
  })
})

describe('unreachable tiles', () => {
  let server: TestServer
  beforeAll(async () => {
    // A closed local port: every tile fails, as without network.
    server = await startTestServer({ MAP_TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png' })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('switch to the outlines and drop the tiles’ credit', async () => {
    const { page, context, pin } = await directoryMap(server, 1280, { city: 'Lille', latitude: 50.63, longitude: 3.06 })
    await expectOutlines(page, '50m', await tipOf(page, pin), { cityScale: true })
    await page.getByTestId('member-map').and(page.locator('.member-map--no-tiles')).waitFor()
    // The broken tile layer is gone (no more requests), and with it OpenStreetMap's credit.
    await expect.poll(() => page.locator('.leaflet-tile').count()).toBe(0)
    const attribution = await page.locator('.leaflet-control-attribution').innerText()
    expect(attribution).toContain('Natural Earth')
    expect(attribution).not.toMatch(/OpenStreetMap|hors ligne/)
    await page.getByRole('status').filter({ hasText: 'Fond de carte hors ligne' }).waitFor()
    await context.close()
  })
})
