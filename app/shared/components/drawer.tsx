import { useLocation } from '@remix-run/react'
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react'

const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])'

/** Whatever is behind the drawer: out of reach of the keyboard and screen readers while it is open. */
function background(): Element[] {
  return [...document.querySelectorAll('.skip-link, #contenu, .footer')]
}

/**
 * The phone menu. Without JavaScript it is a `<details>` disclosure that opens and closes from
 * its button; once hydrated, the same markup behaves as a modal dialog: focus moves in and stays
 * there, Escape, the close button or the backdrop close it and give focus back to the button, the
 * page behind neither scrolls nor takes focus, and any navigation closes it.
 */
export function MenuDrawer({ label, closeLabel, children }: { label: string; closeLabel: string; children: ReactNode }) {
  const [enhanced, setEnhanced] = useState(false)
  const [open, setOpen] = useState(false)
  const panel = useRef<HTMLDivElement>(null)
  const toggle = useRef<HTMLElement>(null)
  const details = useRef<HTMLDetailsElement>(null)
  const titleId = useId()
  const location = useLocation()

  // A drawer opened before hydration (a quick tap, a keyboard) stays open as the script takes over.
  // A layout effect: it runs and re-renders in the same task as the hydration commit, so no tap
  // can land between reading the native state and the enhanced markup taking it over.
  useIsomorphicLayoutEffect(() => {
    setOpen(details.current?.open ?? false)
    setEnhanced(true)
  }, [])

  const close = useCallback((giveFocusBack: boolean) => {
    setOpen(false)
    if (giveFocusBack) toggle.current?.focus()
  }, [])

  // A link followed inside the drawer (or anywhere) ends in a new location: the drawer goes.
  const shownKey = useRef(location.key)
  useEffect(() => {
    if (shownKey.current === location.key) return
    shownKey.current = location.key
    setOpen(false)
  }, [location.key])

  useEffect(() => {
    if (!open) return
    const root = document.documentElement
    root.classList.add('has-drawer')
    const hidden = background()
    hidden.forEach((el) => el.setAttribute('inert', ''))
    panel.current?.querySelector<HTMLElement>('.drawer__close')?.focus()
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault()
        close(true)
      }
    }
    // Wider screens hide the drawer's button (its links are in the bar): an open drawer closes.
    const toggleShown = toggle.current
    const onResize = () => {
      if (toggleShown && toggleShown.offsetParent === null) close(false)
    }
    document.addEventListener('keydown', onKey)
    window.addEventListener('resize', onResize)
    return () => {
      root.classList.remove('has-drawer')
      hidden.forEach((el) => el.removeAttribute('inert'))
      document.removeEventListener('keydown', onKey)
      window.removeEventListener('resize', onResize)
    }
  }, [open, close])

  const onToggle = (event: MouseEvent) => {
    // The native toggle stays for the page before hydration; from then on the state drives `open`.
    event.preventDefault()
    if (open) close(false)
    else setOpen(true)
  }

  // Tab and Shift+Tab go round the drawer's own controls.
  const onPanelKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Tab' || !panel.current) return
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null)
    if (items.length === 0) return
    const first = items[0]
    const last = items[items.length - 1]
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return (
    <details className="drawer" ref={details} open={enhanced ? open : undefined} data-enhanced={enhanced ? '' : undefined}>
      <summary className="drawer__toggle" ref={toggle} onClick={enhanced ? onToggle : undefined}>
        <svg className="drawer__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
          <path d="M4 6h16M4 12h16M4 18h16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" fill="none" />
        </svg>
        <span className="drawer__toggle-label">{label}</span>
      </summary>
      {/* The backdrop is a pointer convenience; the keyboard has Escape and the close button. */}
      {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions */}
      <div className="drawer__backdrop" onClick={() => close(true)} />
      <div
        className="drawer__panel"
        ref={panel}
        id={`${titleId}-panel`}
        role={enhanced ? 'dialog' : undefined}
        aria-modal={enhanced ? true : undefined}
        aria-labelledby={enhanced ? titleId : undefined}
        onKeyDown={enhanced ? onPanelKey : undefined}
      >
        <div className="drawer__head">
          <p className="drawer__title" id={titleId}>
            {label}
          </p>
          {enhanced ? (
            <button type="button" className="drawer__close" onClick={() => close(true)} aria-label={closeLabel}>
              <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" fill="none" />
              </svg>
            </button>
          ) : null}
        </div>
        {children}
      </div>
    </details>
  )
}
