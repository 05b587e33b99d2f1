import leafletCss from 'leaflet/dist/leaflet.css'

let loading: Promise<void> | null = null

/**
 * Leaflet's own stylesheet, added when a map is about to be built rather than linked by every page that
 * may show one: a render-blocking request less on the event page, the directory in list view and an
 * offer. It goes before the page's first stylesheet, so that ours (map.css) override it as when it was
 * linked first. Resolves when it applied (or failed: a map without it is misplaced, not broken).
 */
export function loadLeafletStyles(): Promise<void> {
  loading ??= new Promise<void>((resolve) => {
    if (document.querySelector(`link[rel="stylesheet"][href="${leafletCss}"]`)) return resolve()
    const link = document.createElement('link')
    link.rel = 'stylesheet'
    link.href = leafletCss
    link.onload = link.onerror = () => resolve()
    document.head.insertBefore(link, document.head.querySelector('link[rel="stylesheet"]'))
  })
  return loading
}
