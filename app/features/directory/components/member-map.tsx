import { useEffect, useRef, useState } from 'react'
import type * as Leaflet from 'leaflet'
import type Supercluster from 'supercluster'
import mapCss from '~/shared/styles/map.css'
import { addBaseMap } from '~/shared/map/base-map'
import { loadLeafletStyles } from '~/shared/map/leaflet-styles'
import { whenNear } from '~/shared/map/when-near'
import type { MapTiles } from '~/shared/map/tiles'

/** The page adds these to its `links`: the container's size from the first paint. Leaflet's CSS comes with Leaflet. */
export const mapStylesheets = [mapCss]

export interface MapPoint {
  id: string
  lat: number
  lng: number
}
export interface MapBox {
  north: number
  south: number
  east: number
  west: number
}
export interface MemberMapLabels {
  searchArea: string
  mapLabel: string
  cluster: (count: number) => string
  member: string
  tilesUnavailable: string
}
export interface MemberMapProps {
  /** `null` while they are being fetched: the map waits for them to choose its first view. */
  points: MapPoint[] | null
  /**
   * Clustered on the server instead (the directory): the endpoint with the search's filters
   * (`/api/annuaire/carte?…`); the map asks it for each view's clusters and pins. `points` is then unused.
   */
  clustersUrl?: string | null
  tiles: MapTiles
  selectedId?: string | null
  onSelect?: (id: string) => void
  onSearchArea?: (box: MapBox) => void
  labels: MemberMapLabels
  initialBox?: MapBox
}

type L = typeof Leaflet
/** The answer of a server-clustered view (see app/features/directory/map-clusters.server.ts). */
type RemoteView = {
  total: number
  bounds: [west: number, south: number, east: number, north: number] | null
  clusters?: [id: number, lat: number, lng: number, count: number, expansionZoom: number][]
  points?: [id: string, lat: number, lng: number][]
}
type Index = Supercluster<{ id: string }, Record<string, never>>

// Metropolitan France, when there is nothing better to show.
const FRANCE: MapBox = { north: 51.1, south: 41.3, east: 9.6, west: -5.2 }
const toBounds = (L: L, b: MapBox) => L.latLngBounds([b.south, b.west], [b.north, b.east])
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

/** Leaflet + supercluster, driven imperatively; React only owns the surrounding container. */
function createEngine(
  L: L,
  SC: typeof Supercluster,
  el: HTMLElement,
  props: () => MemberMapProps,
  events: { moved: () => void; tilesFailed: () => void },
  extent: MapBox | null,
) {
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches
  const map = L.map(el, { zoomAnimation: !reduced, fadeAnimation: !reduced, markerZoomAnimation: !reduced, worldCopyJump: true })
  const { tiles } = props()
  let removed = false
  const offline = () => {
    events.tilesFailed()
    addBaseMap(L, map, () => !removed).catch(() => {}) // without the outlines too, the markers still show on the plain background
  }
  if (tiles.url) {
    // Unreachable tiles (no network, a blocked host): the first error before any tile arrived switches to the
    // outlines for good; later errors are single missing tiles and leave the tiles alone.
    let loaded = false
    const tileLayer = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 })
      .on('tileload', () => (loaded = true))
      .on('tileerror', () => {
        if (loaded || removed || !map.hasLayer(tileLayer)) return
        map.removeLayer(tileLayer) // no more requests, and its credit leaves the attribution
        offline()
      })
      .addTo(map)
  } else offline()
  const layer = L.layerGroup().addTo(map)
  const numbers = new Intl.NumberFormat(document.documentElement.lang || 'fr-FR')
  let index: Index | null = null
  let indexed: MapPoint[] | null = null
  // Markers currently on the map, keyed so a redraw keeps unchanged ones (and keyboard focus).
  let shown = new Map<string, Leaflet.Marker>()
  const pins = new Map<string, Leaflet.Marker>()

  const activate = (marker: Leaflet.Marker, action: () => void) =>
    marker.on('click', action).on('keypress', (e: Leaflet.LeafletKeyboardEvent) => {
      // Leaflet gives the icon role="button" but, being a div, Enter/Space do not click it.
      if (e.originalEvent.key === 'Enter' || e.originalEvent.key === ' ') {
        e.originalEvent.preventDefault()
        action()
      }
    })

  function makeCluster(lng: number, lat: number, clusterId: number, count: number, expansionZoom?: number) {
    const size = count < 10 ? 34 : count < 100 ? 40 : count < 1000 ? 48 : 56
    const label = props().labels.cluster(count)
    const icon = L.divIcon({ className: 'map-cluster', html: `<span aria-hidden="true">${numbers.format(count)}</span>`, iconSize: [size, size] })
    const marker = L.marker([lat, lng], { icon, title: label, keyboard: true })
    activate(marker, () => {
      const zoom = Math.min(expansionZoom ?? index?.getClusterExpansionZoom(clusterId) ?? map.getZoom() + 2, map.getMaxZoom())
      map.setView([lat, lng], zoom, { animate: !reduced })
    })
    layer.addLayer(marker)
    marker.getElement()?.setAttribute('aria-label', label)
    return marker
  }

  function makePin(lng: number, lat: number, id: string) {
    const { labels, selectedId } = props()
    const icon = L.divIcon({ className: 'map-pin', html: '', iconSize: [44, 44], iconAnchor: [22, 40] })
    const marker = L.marker([lat, lng], { icon, title: labels.member, keyboard: true, riseOnHover: true })
    activate(marker, () => props().onSelect?.(id))
    layer.addLayer(marker)
    marker.getElement()?.setAttribute('data-member-id', id)
    marker.getElement()?.setAttribute('aria-label', labels.member)
    pins.set(id, marker)
    highlight(marker, id === selectedId)
    return marker
  }

  // Toggled in place rather than redrawn, so a pin chosen with the keyboard keeps its focus.
  function highlight(marker: Leaflet.Marker, on: boolean) {
    const el = marker.getElement()
    el?.classList.toggle('map-pin--selected', on)
    el?.setAttribute('aria-pressed', String(on)) // not colour alone: also announced
    marker.setZIndexOffset(on ? 1000 : 0) // the selected pin stays above its neighbours
  }

  type Feature =
    { cluster: true; id: number; lat: number; lng: number; count: number; expansionZoom?: number } | { cluster: false; id: string; lat: number; lng: number }

  /** Shows these markers, keeping those already shown (and their keyboard focus). */
  function render(features: Feature[]) {
    const next = new Map<string, Leaflet.Marker>()
    for (const f of features) {
      const key = f.cluster ? `c${f.id}` : `m${f.id}`
      const existing = shown.get(key)
      if (existing) shown.delete(key)
      next.set(key, existing ?? (f.cluster ? makeCluster(f.lng, f.lat, f.id, f.count, f.expansionZoom) : makePin(f.lng, f.lat, f.id)))
    }
    for (const [key, marker] of shown) {
      layer.removeLayer(marker)
      if (key.startsWith('m')) pins.delete(key.slice(1))
    }
    shown = next
    // Tests and assistive tooling can read the zoom level off the container.
    map.getContainer().closest('.member-map')?.setAttribute('data-zoom', String(map.getZoom()))
  }

  // Server-side clusters: one request per view, the older one cancelled by a newer move.
  let remote: string | null = null
  let pending: AbortController | null = null
  function drawRemote() {
    if (!remote) return
    pending?.abort()
    const request = (pending = new AbortController())
    const b = map.getBounds()
    const bbox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)]
    const url = `${remote}${remote.includes('?') ? '&' : '?'}bbox=${bbox.map((n) => n.toFixed(4)).join(',')}&zoom=${Math.round(map.getZoom())}`
    fetch(url, { signal: request.signal, headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? (response.json() as Promise<RemoteView>) : null))
      .then((view) => {
        if (!view || request.signal.aborted || removed) return
        render([
          ...(view.clusters ?? []).map(([id, lat, lng, count, expansionZoom]): Feature => ({ cluster: true, id, lat, lng, count, expansionZoom })),
          ...(view.points ?? []).map(([id, lat, lng]): Feature => ({ cluster: false, id, lat, lng })),
        ])
      })
      .catch(() => {}) // offline or cancelled: the markers shown stay
  }

  function draw() {
    if (remote) return drawRemote()
    if (!index) return
    const b = map.getBounds()
    const features = index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], Math.round(map.getZoom()))
    render(
      features.map((f): Feature => {
        const [lng, lat] = f.geometry.coordinates as [number, number]
        const p = f.properties
        return 'cluster' in p && p.cluster
          ? { cluster: true, id: p.cluster_id, lat, lng, count: p.point_count }
          : { cluster: false, id: (p as { id: string }).id, lat, lng }
      }),
    )
  }

  /** The server clusters for these filters (a new search): a clean layer, then this view's markers. */
  function setRemote(url: string) {
    if (url === remote) return
    remote = url
    layer.clearLayers()
    shown = new Map()
    pins.clear()
    drawRemote()
  }

  function setData(points: MapPoint[]) {
    if (points === indexed) return
    indexed = points
    // extent 256 = Leaflet's tile size, so `radius` is in real screen pixels (the default 512 halves it and clusters overlap).
    index = new SC({ radius: 60, extent: 256, maxZoom: 16 }) as Index
    index.load(points.map((p) => ({ type: 'Feature', properties: { id: p.id }, geometry: { type: 'Point', coordinates: [p.lng, p.lat] } })))
    // Cluster ids are only meaningful within one index: start from a clean layer.
    layer.clearLayers()
    shown = new Map()
    pins.clear()
    draw()
  }

  // First view: the page's box, else the points (or the server's box of them), else France. Set before listening, so it does not count as a move.
  const { initialBox, clustersUrl } = props()
  const points = props().points ?? []
  // Without tiles a city's scale is a blank page: the outlines mean something at a region's.
  const maxZoom = tiles.url ? 13 : 6
  if (initialBox) map.fitBounds(toBounds(L, initialBox))
  else if (extent) map.fitBounds(toBounds(L, extent), { padding: [32, 32], maxZoom })
  else if (points.length && !clustersUrl) map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lng] as [number, number])), { padding: [32, 32], maxZoom })
  else map.fitBounds(toBounds(L, FRANCE))
  if (clustersUrl) setRemote(clustersUrl)
  else setData(points)
  map.on('moveend', () => {
    draw()
    events.moved()
  })
  // The container may change size (phone rotation, a list/map toggle): Leaflet must re-measure.
  const resize = new ResizeObserver(() => map.invalidateSize())
  resize.observe(el)

  return {
    setData,
    setRemote,
    highlight(selectedId: string | null | undefined) {
      for (const [id, marker] of pins) highlight(marker, id === selectedId)
    },
    bounds(): MapBox {
      const b = map.getBounds()
      return {
        north: clamp(b.getNorth(), -90, 90),
        south: clamp(b.getSouth(), -90, 90),
        east: clamp(b.getEast(), -180, 180),
        west: clamp(b.getWest(), -180, 180),
      }
    },
    destroy() {
      removed = true
      pending?.abort()
      resize.disconnect()
      map.remove()
    },
  }
}

/**
 * The box of a server-clustered map's members (its first view): `undefined` while it is asked,
 * `null` when there is none (no member placed, refused, offline).
 */
function useServerExtent(url: string | null | undefined): MapBox | null | undefined {
  const [extent, setExtent] = useState<{ url: string; box: MapBox | null }>()
  useEffect(() => {
    if (!url || extent) return // the first view only: a new search keeps the map where it is
    const request = new AbortController()
    const done = (box: MapBox | null) => setExtent({ url, box })
    fetch(url, { signal: request.signal, headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? (response.json() as Promise<RemoteView>) : null))
      .then((view) => {
        const b = view?.bounds
        done(b ? { west: b[0], south: b[1], east: b[2], north: b[3] } : null)
      })
      .catch(() => {
        if (!request.signal.aborted) done(null)
      })
    return () => request.abort()
  }, [url, extent])
  return url ? (extent ? extent.box : undefined) : null
}

export function MemberMap(props: MemberMapProps) {
  const { labels, points, selectedId, onSearchArea, clustersUrl } = props
  const extent = useServerExtent(clustersUrl)
  const mapEl = useRef<HTMLDivElement>(null)
  const latest = useRef(props)
  latest.current = props // Leaflet handlers read the current callbacks and labels, not those of the first render.
  const engine = useRef<ReturnType<typeof createEngine> | null>(null)
  const [ready, setReady] = useState(false)
  const [moved, setMoved] = useState(false)
  const [tilesFailed, setTilesFailed] = useState(false)

  const [libraries, setLibraries] = useState<{ L: L; SC: typeof Supercluster } | null>(null)
  useEffect(() => {
    let cancelled = false
    const stopWaiting = whenNear(mapEl.current!, () => {
      // Leaflet touches `window` when evaluated: load it in the browser only.
      void Promise.all([import('leaflet'), import('supercluster'), loadLeafletStyles()]).then(([leafletMod, scMod]) => {
        if (cancelled) return
        const L = ((leafletMod as { default?: L }).default ?? leafletMod) as L
        const SC = ((scMod as { default?: typeof Supercluster }).default ?? scMod) as typeof Supercluster
        setLibraries({ L, SC })
      })
    })
    return () => {
      cancelled = true
      stopWaiting()
    }
  }, [])

  // Built once Leaflet is here and the points too: the first view frames them, and the outlines are
  // fetched at the detail of that view (not at France's, then again at the world's).
  const pointsComing = clustersUrl ? extent === undefined : points === null
  useEffect(() => {
    if (!libraries || pointsComing || !mapEl.current) return
    const built = createEngine(
      libraries.L,
      libraries.SC,
      mapEl.current,
      () => latest.current,
      {
        moved: () => setMoved(true),
        tilesFailed: () => setTilesFailed(true),
      },
      extent ?? null,
    )
    engine.current = built
    setReady(true)
    return () => {
      built.destroy()
      engine.current = null
    }
    // `extent` is asked once: it changes with `pointsComing` only.
  }, [libraries, pointsComing, extent])

  useEffect(() => {
    if (clustersUrl) engine.current?.setRemote(clustersUrl)
    else if (points) engine.current?.setData(points)
  }, [points, clustersUrl])
  useEffect(() => engine.current?.highlight(selectedId), [selectedId])

  const noTiles = tilesFailed || !props.tiles.url
  return (
    <div
      role="region"
      aria-label={labels.mapLabel}
      data-testid="member-map"
      data-ready={ready ? 'true' : undefined}
      className={`member-map${noTiles ? ' member-map--no-tiles' : ''}`}
    >
      {noTiles ? (
        // Above the map, not in Leaflet's attribution (which lists only credits); known from the server when there is no tile URL.
        <p className="map-note" role={tilesFailed && props.tiles.url ? 'status' : undefined}>
          {labels.tilesUnavailable}
        </p>
      ) : null}
      <div className="member-map__stage">
        <div ref={mapEl} className="member-map__canvas" />
        {moved && onSearchArea ? (
          <button
            type="button"
            className="button button--primary button--small map-search-area"
            onClick={() => {
              if (engine.current) onSearchArea(engine.current.bounds())
              setMoved(false)
            }}
          >
            {labels.searchArea}
          </button>
        ) : null}
      </div>
    </div>
  )
}
