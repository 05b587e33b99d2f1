import { useEffect, useRef, useState } from 'react'
import { addBaseMap, BASE_MAP_ATTRIBUTION } from '~/shared/map/base-map'
import type { MapTiles } from '~/shared/map/tiles'
import { loadLeafletStyles } from '~/shared/map/leaflet-styles'
import { whenNear } from '~/shared/map/when-near'

/**
 * Where the offer is: one point placed from the gazetteer, on a small static Leaflet map (no
 * controls, nothing focusable inside, so it is one image to assistive technology; the city is
 * written next to it anyway). Leaflet is imported in the effect only (no `window` on the server);
 * without tiles, or when they fail, the country outlines of the offline base map stand in. The
 * credit of what is drawn is a caption below.
 */
export function OfferMap({ lat, lng, label, tiles }: { lat: number; lng: number; label: string; tiles: MapTiles }) {
  const ref = useRef<HTMLDivElement>(null)
  const [offline, setOffline] = useState(!tiles.url)
  useEffect(() => {
    let map: import('leaflet').Map | null = null
    let cancelled = false
    const stopWaiting = whenNear(
      ref.current!,
      () =>
        void Promise.all([import('leaflet'), loadLeafletStyles()]).then(([mod]) => {
          const L = (mod as unknown as { default?: typeof import('leaflet') }).default ?? mod
          if (cancelled || !ref.current) return
          const view = L.map(ref.current, {
            zoomControl: false,
            attributionControl: false,
            dragging: false,
            touchZoom: false,
            doubleClickZoom: false,
            scrollWheelZoom: false,
            boxZoom: false,
            keyboard: false,
          }).setView([lat, lng], 10)
          map = view
          const outlines = () => {
            setOffline(true)
            // Country outlines say nothing at a city's scale: show the region around the point instead.
            view.setZoom(5, { animate: false })
            addBaseMap(L, view, () => !cancelled).catch(() => {})
          }
          if (tiles.url) {
            let loaded = false
            const layer = L.tileLayer(tiles.url, { maxZoom: 19 })
              .on('tileload', () => (loaded = true))
              .on('tileerror', () => {
                if (loaded || cancelled || !view.hasLayer(layer)) return
                view.removeLayer(layer)
                outlines()
              })
              .addTo(view)
          } else outlines()
          L.circleMarker([lat, lng], { radius: 9, color: '#173d80', weight: 3, fillColor: '#1f4fa3', fillOpacity: 0.9, interactive: false }).addTo(view)
        }),
    )
    return () => {
      cancelled = true
      stopWaiting()
      map?.remove()
    }
  }, [lat, lng, tiles.url])
  return (
    <figure className="offer-map-figure">
      <div ref={ref} className="offer-map" role="img" aria-label={label} data-testid="offer-map" />
      <figcaption className="muted">{offline ? BASE_MAP_ATTRIBUTION : tiles.attribution}</figcaption>
    </figure>
  )
}
