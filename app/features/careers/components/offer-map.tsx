import { useEffect, useRef } from 'react'

/**
 * Where the offer is: one point placed from the gazetteer, on a small static Leaflet map (no
 * controls, nothing focusable inside, so it is one image to assistive technology; the city is
 * written next to it anyway). Leaflet is imported in the effect only (no `window` on the server);
 * without tiles the point shows on a plain background. The tiles' attribution is a caption below.
 */
export function OfferMap({ lat, lng, label, tiles }: { lat: number; lng: number; label: string; tiles: { url: string; attribution: string } }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    let map: import('leaflet').Map | null = null
    let cancelled = false
    void import('leaflet').then((mod) => {
      const L = (mod as unknown as { default?: typeof import('leaflet') }).default ?? mod
      if (cancelled || !ref.current) return
      map = L.map(ref.current, {
        zoomControl: false,
        attributionControl: false,
        dragging: false,
        touchZoom: false,
        doubleClickZoom: false,
        scrollWheelZoom: false,
        boxZoom: false,
        keyboard: false,
      }).setView([lat, lng], 10)
      if (tiles.url) L.tileLayer(tiles.url, { maxZoom: 19 }).addTo(map)
      L.circleMarker([lat, lng], { radius: 9, color: '#173d80', weight: 3, fillColor: '#1f4fa3', fillOpacity: 0.9, interactive: false }).addTo(map)
    })
    return () => {
      cancelled = true
      map?.remove()
    }
  }, [lat, lng, tiles.url])
  return (
    <figure className="offer-map-figure">
      <div ref={ref} className="offer-map" role="img" aria-label={label} />
      {tiles.url ? <figcaption className="muted">{tiles.attribution}</figcaption> : null}
    </figure>
  )
}
