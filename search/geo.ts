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

/**
 * A box holding every point within `radiusKm` of a centre (the bounding box of a spherical cap;
 * `west > east` when it crosses the antimeridian), slightly widened against rounding. Near a pole
 * it spans every longitude. Null for a centre off the usual ranges (the caller then tests every point).
 */
export function boundingBox(lat: number, lng: number, radiusKm: number): { north: number; south: number; east: number; west: number } | null {
  if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && radiusKm >= 0)) return null
  const slack = 1e-3
  const angle = radiusKm / EARTH_RADIUS_KM // radians
  const north = lat + angle / RAD + slack
  const south = lat - angle / RAD - slack
  if (north >= 90 || south <= -90 || angle >= Math.PI / 2) return { north, south, east: 180, west: -180 }
  const spread = Math.asin(Math.min(1, Math.sin(angle) / Math.cos(lat * RAD))) / RAD + slack
  if (spread >= 180) return { north, south, east: 180, west: -180 }
  const wrap = (x: number) => (x > 180 ? x - 360 : x < -180 ? x + 360 : x) // |lng| ≤ 180 and spread ≤ 90 + slack
  return { north, south, east: wrap(lng + spread), west: wrap(lng - spread) }
}
