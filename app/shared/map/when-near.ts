/**
 * Runs `start` once `el` comes within a screen of the viewport. A map far down a phone page (the event page's)
 * costs nothing until the reader scrolls towards it: Leaflet (150 KB) and the outlines are a long main-thread
 * task that would otherwise land in the middle of the page's start. Returns the cancel.
 */
export function whenNear(el: Element, start: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    start()
    return () => {}
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return
      observer.disconnect()
      start()
    },
    { rootMargin: '100% 0px' },
  )
  observer.observe(el)
  return () => observer.disconnect()
}
