import { useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'

/** Reloads the page's data every `every` ms while mounted (a trustee waiting for the others). */
export function TrusteeRevalidate({ every = 5000 }: { every?: number }) {
  const revalidator = useRevalidator()
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (revalidator.state === 'idle' && document.visibilityState !== 'hidden') revalidator.revalidate()
    }, every)
    return () => window.clearInterval(timer)
  }, [revalidator, every])
  return null
}
