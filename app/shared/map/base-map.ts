import type * as Leaflet from 'leaflet'
import type { FeatureCollection, Geometry } from 'geojson'

/**
 * The offline base map: country outlines from Natural Earth (npm `world-atlas`, 1:50m), drawn by
 * Leaflet under the markers when there are no tiles (`MAP_TILE_URL` empty) or they do not load. The
 * TopoJSON is served by `/carte/pays.json` and fetched only by a map that needs it, never bundled.
 * The version is in the URL, so the file is cached for a year; bump it with the dependency
 * (tests/unit/base-map.test.ts checks they agree).
 */
export const BASE_MAP_VERSION = '2.0.2'
export const BASE_MAP_URL = `/carte/pays.json?v=${BASE_MAP_VERSION}`
/** Natural Earth is in the public domain; the credit is a courtesy, and a proper name in every language. */
export const BASE_MAP_ATTRIBUTION = 'Natural Earth'
/** Leaflet pane of the outlines: above the (missing) tiles, under the markers and overlays. */
export const BASE_MAP_PANE = 'basemap'

let countries: Promise<FeatureCollection> | null = null

/** One download per page, shared by every map on it; a failure is forgotten so a later map retries. */
export function loadCountries(): Promise<FeatureCollection> {
  countries ??= Promise.all([
    fetch(BASE_MAP_URL).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`base map: ${r.status}`)))),
    import('topojson-client'),
  ])
    .then(([topology, topojson]) => {
      const client = (topojson as { default?: typeof import('topojson-client') }).default ?? topojson
      const collection = client.feature(topology, topology.objects.countries) as unknown as FeatureCollection
      for (const country of collection.features) unwrapRings(country.geometry)
      return collection
    })
    .catch((error: unknown) => {
      countries = null
      throw error
    })
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

/** Adds the outlines to `map` in their own pane (calm land on the sea-blue container, hairline borders). */
export async function addBaseMap(L: typeof Leaflet, map: Leaflet.Map, alive: () => boolean): Promise<Leaflet.GeoJSON | null> {
  const data = await loadCountries()
  // The map may have been removed while the file was on its way.
  if (!alive()) return null
  if (!map.getPane(BASE_MAP_PANE)) {
    const pane = map.createPane(BASE_MAP_PANE)
    pane.style.zIndex = '250'
    pane.style.pointerEvents = 'none'
  }
  return L.geoJSON(data, {
    pane: BASE_MAP_PANE,
    interactive: false,
    attribution: BASE_MAP_ATTRIBUTION,
    style: { color: '#aab4c2', weight: 0.8, fillColor: '#fbfaf7', fillOpacity: 1 },
  }).addTo(map)
}
