import { useNavigation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useT } from '~/shared/i18n'

/** Under this, a page change feels instant: a bar that flashes would only distract. */
const SHOW_AFTER_MS = 150

type Phase = 'idle' | 'loading' | 'done'

/**
 * A thin bar along the top while the next page loads (a link, a form), shown only when the wait
 * lasts. The bar itself is decoration; a polite status says the same to screen readers.
 */
export function NavigationProgress() {
  const t = useT()
  const busy = useNavigation().state !== 'idle'
  const [phase, setPhase] = useState<Phase>('idle')

  useEffect(() => {
    if (busy) {
      const timer = setTimeout(() => setPhase('loading'), SHOW_AFTER_MS)
      return () => clearTimeout(timer)
    }
    // Finished: a bar that was shown runs to the end and fades; one never shown stays hidden.
    setPhase((current) => (current === 'loading' ? 'done' : 'idle'))
    const timer = setTimeout(() => setPhase('idle'), 400)
    return () => clearTimeout(timer)
  }, [busy])

  return (
    <>
      <div className="progress-bar" data-phase={phase} aria-hidden="true" data-testid="navigation-progress" />
      <p className="visually-hidden" role="status" aria-live="polite">
        {phase === 'loading' ? t('nav.loading') : ''}
      </p>
    </>
  )
}
