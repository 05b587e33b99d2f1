import type * as Leaflet from 'leaflet'
import type { FeatureCollection, Geometry } from 'geojson'

/**
 * The offline base map: country outlines from Natural Earth (npm `world-atlas`), drawn by Leaflet
 * under the markers when there are no tiles (`MAP_TILE_URL` empty) or they do not load. The
 * TopoJSON is served by `/carte/pays.json` and fetched only by a map that needs it, never bundled.
 * Two levels of detail: the world and continents get the 1:110m outlines (108 KB, a tenth of the
 * points), a country or a region the 1:50m ones, fetched when the map is first zoomed that far.
 * They are drawn on one canvas, not as SVG: a few hundred thousand vertices as DOM paths cost a
 * phone's main thread about a second of style, layout and paint.
 * The version is in the URL, so the files are cached for a year; bump it with the dependency
 * (tests/unit/base-map.test.ts checks they agree).
 */
export const BASE_MAP_VERSION = '2.0.2'
export const BASE_MAP_DETAILS = ['110m', '50m'] as const
export type BaseMapDetail = (typeof BASE_MAP_DETAILS)[number]
/** The finest outlines' URL; `?echelle=110m` gives the coarse ones. */
export const BASE_MAP_URL = `/carte/pays.json?v=${BASE_MAP_VERSION}`
export const baseMapUrl = (detail: BaseMapDetail) => (detail === '50m' ? BASE_MAP_URL : `${BASE_MAP_URL}&echelle=${detail}`)
/** Zoom 4 shows about a quarter of Europe on a phone: from there on, 1:110m coastlines look like polygons. */
export const baseMapDetailAt = (zoom: number): BaseMapDetail => (zoom < 4 ? '110m' : '50m')
/** Natural Earth is in the public domain; the credit is a courtesy, and a proper name in every language. */
export const BASE_MAP_ATTRIBUTION = 'Natural Earth'
/** Leaflet pane of the outlines: above the (missing) tiles, under the markers and overlays. */
export const BASE_MAP_PANE = 'basemap'

const downloads = new Map<BaseMapDetail, Promise<FeatureCollection>>()

/** One download per page and level of detail, shared by every map on it; a failure is forgotten so a later map retries. */
export function loadCountries(detail: BaseMapDetail = '50m'): Promise<FeatureCollection> {
  let countries = downloads.get(detail)
  if (!countries) {
    countries = Promise.all([
      fetch(baseMapUrl(detail)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`base map: ${r.status}`)))),
      import('topojson-client'),
    ])
      .then(([topology, topojson]) => {
        const client = (topojson as { default?: typeof import('topojson-client') }).default ?? topojson
        const collection = client.feature(topology, topology.objects.countries) as unknown as FeatureCollection
        for (const country of collection.features) unwrapRings(country.geometry)
        return collection
      })
      .catch((error: unknown) => {
        downloads.delete(detail)
        throw error
      })
    downloads.set(detail, countries)
  }
  return countries
}

/**
 * Natural Earth cuts Russia, Fiji and Antarctica at the antimeridian for spherical drawing; on Leaflet's flat
 * plane a ring that jumps from 180° to -180° draws a line across the whole world. Each ring is made continuous
 * instead (longitudes past 180°), which Leaflet draws where it belongs.
 */
function unwrapRings(geometry: Geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : []
  for (const polygon of polygons)
    for (const ring of polygon) {
      let shift = 0
      for (let i = 1; i < ring.length; i++) {
        const step = ring[i]![0]! + shift - ring[i - 1]![0]!
        if (step > 180) shift -= 360
        else if (step < -180) shift += 360
        ring[i]![0]! += shift
      }
    }
}

/**
 * Adds the outlines to `map` in their own pane (calm land on the sea-blue container, hairline borders),
 * at the detail its zoom calls for, and follows the zoom. The Leaflet container says what it shows in
 * `data-base-map` (`110m`, `50m`): tests and tooling read it, the canvas has no DOM to inspect.
 * Resolves once the first outlines are drawn (rejects if they cannot be loaded; the map works without).
 */
export async function addBaseMap(L: typeof Leaflet, map: Leaflet.Map, alive: () => boolean): Promise<void> {
  if (!map.getPane(BASE_MAP_PANE)) {
    const pane = map.createPane(BASE_MAP_PANE)
    pane.style.zIndex = '250'
    pane.style.pointerEvents = 'none'
  }
  const renderer = L.canvas({ pane: BASE_MAP_PANE, padding: 0.2 })
  let shown: { detail: BaseMapDetail; layer: Leaflet.GeoJSON } | null = null
  let wanted: BaseMapDetail | null = null

  async function show(detail: BaseMapDetail) {
    wanted = detail
    const data = await loadCountries(detail)
    // The map may have been removed, or zoomed to the other detail, while the file was on its way.
    if (!alive() || wanted !== detail || shown?.detail === detail) return
    // Leaflet hands these options to every polygon it makes, the renderer included (its types do not say so).
    const options: Leaflet.GeoJSONOptions & Leaflet.PathOptions = {
      pane: BASE_MAP_PANE,
      renderer,
      interactive: false,
      attribution: BASE_MAP_ATTRIBUTION,
      style: { color: '#aab4c2', weight: 0.8, fillColor: '#fbfaf7', fillOpacity: 1 },
    }
    const layer = L.geoJSON(data, options).addTo(map)
    // The new outlines first, then the old ones go: no blank frame, and the credit stays.
    shown?.layer.remove()
    shown = { detail, layer }
    map.getContainer().setAttribute('data-base-map', detail)
  }

  map.on('zoomend', () => {
    const detail = baseMapDetailAt(map.getZoom())
    if (alive() && detail !== wanted) show(detail).catch(() => {}) // the coarser outlines stay if the finer cannot come
  })
  // A map whose view is not set yet has no zoom: wait for it, so the first outlines fetched are the right ones.
  await new Promise<void>((resolve) => map.whenReady(() => resolve()))
  await show(baseMapDetailAt(map.getZoom()))
}
