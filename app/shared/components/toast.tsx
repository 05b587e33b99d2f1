import { useEffect, useState } from 'react'
import type { Toast } from '~/shared/toast.server'
import { useT } from '~/shared/i18n'

/** The flash message of the last redirect; stays readable without JavaScript, can be dismissed with it. */
export function ToastMessage({ toast }: { toast: Toast | null }) {
  const t = useT()
  const [visible, setVisible] = useState(true)
  useEffect(() => setVisible(true), [toast])
  // A page restored from the back-forward cache is the page as it was left, message included:
  // the message was for the moment it arrived, not for a return to the page.
  useEffect(() => {
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) setVisible(false)
    }
    window.addEventListener('pageshow', onShow)
    return () => window.removeEventListener('pageshow', onShow)
  }, [])
  if (!toast || !visible) return null
  return (
    <div className={`toast toast--${toast.type}`} role="status" aria-live="polite">
      <p>{t(toast.key, toast.params)}</p>
      <button type="button" className="toast__close" onClick={() => setVisible(false)} aria-label={t('toast.close')}>
        ×
      </button>
    </div>
  )
}
