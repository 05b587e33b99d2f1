import Supercluster from 'supercluster'
import { MAX_MAP_POINTS } from '../../../search'
import type { AppContext } from '~/context.server'
import { readDirectoryState, toSearchQuery } from '~/features/directory/query'
import { promotionRange } from '~/features/directory/schema'

/**
 * The directory's map, clustered on the server (issue #19): the members matching the filters are
 * indexed once per search (supercluster, kept a minute, and rebuilt after any change to the
 * search index), and each view gets the clusters and pins of its box at its zoom — a few KB whatever
 * the association's size, where sending every point cost 110 KB for the demo's 2,450 members and
 * would cost megabytes at 100,000.
 */

/** The map's zooms: supercluster's index stops here (pins beyond are never merged). */
export const MAX_CLUSTER_ZOOM = 16
const CACHE_MS = 60_000
const CACHE_ENTRIES = 32

type Index = { clusters: Supercluster<{ id: string }, Record<string, never>>; total: number; bounds: [number, number, number, number] | null; at: number }

/** Per process: the indexes of recent searches, by the search they answer and the engine's generation. */
const caches = new WeakMap<AppContext, Map<string, Index>>()

function cacheOf(ctx: AppContext) {
  let cache = caches.get(ctx)
  if (!cache) caches.set(ctx, (cache = new Map()))
  return cache
}

async function indexFor(ctx: AppContext, params: URLSearchParams): Promise<Index> {
  const state = readDirectoryState(params)
  const query = toSearchQuery(state, (city) => ctx.gazetteer.lookup(city), promotionRange(ctx.now()))
  // A member's entry changed since (a profile saved, dues paid, an account closed): a new index.
  const key = `${ctx.search.generation()}:${JSON.stringify({ ...query, page: 1, perPage: 1 })}`
  const cache = cacheOf(ctx)
  const cached = cache.get(key)
  if (cached && Date.now() - cached.at < CACHE_MS) return cached
  const result = await ctx.search.search({ ...query, page: 1, perPage: 1, facets: false, includePoints: true, pointsLimit: MAX_MAP_POINTS })
  const points = result.points ?? []
  // extent 256 = Leaflet's tile size, so that the radius is in screen pixels.
  const clusters = new Supercluster<{ id: string }, Record<string, never>>({ radius: 60, extent: 256, maxZoom: MAX_CLUSTER_ZOOM })
  clusters.load(points.map((p) => ({ type: 'Feature', properties: { id: p.id }, geometry: { type: 'Point', coordinates: [p.lng, p.lat] } })))
  let bounds: Index['bounds'] = null
  for (const p of points) {
    if (!bounds) bounds = [p.lng, p.lat, p.lng, p.lat]
    else bounds = [Math.min(bounds[0], p.lng), Math.min(bounds[1], p.lat), Math.max(bounds[2], p.lng), Math.max(bounds[3], p.lat)]
  }
  const index = { clusters, total: points.length, bounds, at: Date.now() }
  cache.delete(key)
  cache.set(key, index)
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!)
  return index
}

/** `west,south,east,north` in degrees, or null. */
export function parseBbox(text: string | null): [number, number, number, number] | null {
  const parts = (text ?? '').split(',').map(Number)
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null
  const [west, south, east, north] = parts as [number, number, number, number]
  if (south < -90 || north > 90 || south > north || west < -180 || east > 180 || west > east) return null
  return [west, south, east, north]
}

const round = (n: number) => Math.round(n * 1e5) / 1e5

export type MapView = {
  /** Members with a place on the map, for these filters. */
  total: number
  /** The box of all of them, `[west, south, east, north]`: the map's first view. */
  bounds: [number, number, number, number] | null
  /** In the asked box at the asked zoom: `[clusterId, lat, lng, count, expansionZoom]`. */
  clusters?: [number, number, number, number, number][]
  /** In the asked box: `[memberId, lat, lng]`. */
  points?: [string, number, number][]
}

/** The view for these filters; with `bbox` and `zoom`, the clusters and pins to draw there. */
export async function mapView(ctx: AppContext, params: URLSearchParams): Promise<MapView | { error: 'bbox' | 'zoom' }> {
  const index = await indexFor(ctx, params)
  const view: MapView = { total: index.total, bounds: index.bounds && (index.bounds.map(round) as MapView['bounds']) }
  if (!params.has('bbox') && !params.has('zoom')) return view
  const bbox = parseBbox(params.get('bbox'))
  if (!bbox) return { error: 'bbox' }
  const zoom = params.get('zoom') ? Number(params.get('zoom')) : NaN
  if (!Number.isInteger(zoom) || zoom < 0 || zoom > 22) return { error: 'zoom' }
  view.clusters = []
  view.points = []
  for (const feature of index.clusters.getClusters(bbox, Math.min(zoom, MAX_CLUSTER_ZOOM + 1))) {
    const [lng, lat] = feature.geometry.coordinates as [number, number]
    const p = feature.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; id?: string }
    if (p.cluster) view.clusters.push([p.cluster_id!, round(lat), round(lng), p.point_count!, index.clusters.getClusterExpansionZoom(p.cluster_id!)])
    else view.points.push([p.id!, round(lat), round(lng)])
  }
  return view
}
