import type { GeoArea } from './types'

/** Mean Earth radius: haversine on a sphere, as Meilisearch's `_geoRadius` does. */
const EARTH_RADIUS_KM = 6371
const RAD = Math.PI / 180
/** Kilometres per degree of latitude (and of longitude at the equator). */
const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180

export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const h = Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lng2 - lng1) * RAD) / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

export const distanceKm = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => haversineKm(a.lat, a.lng, b.lat, b.lng)

/** The point on the unit sphere: with these, « within r km » is one dot product against cos(r / R). */
export function unitVector(lat: number, lng: number): [number, number, number] {
  const cosLat = Math.cos(lat * RAD)
  return [cosLat * Math.cos(lng * RAD), cosLat * Math.sin(lng * RAD), Math.sin(lat * RAD)]
}

/** The smallest dot product of unit vectors less than `radiusKm` apart (great circle, as haversine). */
export const minDotWithin = (radiusKm: number) => (radiusKm >= Math.PI * EARTH_RADIUS_KM ? -1 : Math.cos(radiusKm / EARTH_RADIUS_KM))

/** A point test for a geo area; it runs once per candidate, so cheap rejections come first. */
export function geoPredicate(area: GeoArea): (lat: number, lng: number) => boolean {
  if ('around' in area) {
    const { lat, lng, radiusKm } = area.around
    // Outside the latitude band, or (away from the poles) the longitude band, nothing is in range.
    const latBand = radiusKm / KM_PER_DEGREE + 1e-9
    const cosFarthest = Math.cos(Math.min(90, Math.abs(lat) + latBand) * RAD)
    const lngBand = cosFarthest > 0.01 ? latBand / cosFarthest : 360
    return (pLat, pLng) => {
      if (Math.abs(pLat - lat) > latBand) return false
      const dLng = Math.abs(pLng - lng)
      if (Math.min(dLng, 360 - dLng) > lngBand) return false
      return haversineKm(lat, lng, pLat, pLng) <= radiusKm
    }
  }
  const { north, south, east, west } = area.box
  // A box whose west edge is east of its east edge crosses the antimeridian.
  if (west <= east) return (pLat, pLng) => pLat <= north && pLat >= south && pLng >= west && pLng <= east
  return (pLat, pLng) => pLat <= north && pLat >= south && (pLng >= west || pLng <= east)
}
