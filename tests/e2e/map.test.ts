import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { profiles } from '../../db/schema'
import { syncMember } from '../../app/features/directory/directory.server'
import { createAccount } from '../factories'
import { launchBrowser, logIn, openPage } from '../support/browser'
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
  await opened.page.locator(`.map-pin[data-member-id="${someone.id}"]`).waitFor()
  return { ...opened, someone }
}

/** The outlines are drawn: many SVG paths in their own pane, under the markers. */
async function outlines(page: Page) {
  const paths = page.getByTestId('member-map').locator('.leaflet-basemap-pane path')
  await paths.first().waitFor({ state: 'attached' })
  return paths.count()
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
    const { page, errors, context } = await directoryMap(server, 1280)
    expect(await outlines(page)).toBeGreaterThan(200)
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
    // France is there under Lyon's pin: the pin's tip lies inside a drawn country.
    const pin = await page.locator('.map-pin').first().boundingBox()
    const onLand = await page.evaluate(
      ([x, y]) =>
        [...document.querySelectorAll<SVGPathElement>('.leaflet-basemap-pane path')].some((path) =>
          path.isPointInFill(new DOMPoint(x, y).matrixTransform(path.getScreenCTM()!.inverse())),
        ),
      [pin!.x + pin!.width / 2, pin!.y + pin!.height - 4] as const,
    )
    expect(onLand).toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })

  it('serves the outlines once, with a long cache', async () => {
    const response = await fetch(`${server.url}/carte/pays.json?v=2.0.2`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toContain('immutable')
    const topology = (await response.json()) as { type: string; objects: Record<string, unknown> }
    expect(topology.type).toBe('Topology')
    expect(Object.keys(topology.objects)).toContain('countries')
    const again = await fetch(`${server.url}/carte/pays.json?v=2.0.2`, { headers: { 'If-None-Match': response.headers.get('etag')! } })
    expect(again.status).toBe(304)
  })

  it('does the same on a phone', async () => {
    const { page, context } = await directoryMap(server, 360, { city: 'Bordeaux', latitude: 44.84, longitude: -0.58 })
    expect(await outlines(page)).toBeGreaterThan(200)
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
    const { page, context } = await directoryMap(server, 1280)
    expect(await outlines(page)).toBeGreaterThan(200)
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
