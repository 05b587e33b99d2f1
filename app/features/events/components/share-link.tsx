import { useState } from 'react'
import { useHydrated } from '~/shared/hooks'
import { useT } from '~/shared/i18n'

/** The page's address to pass on: the phone's share sheet when there is one, else a copy button. */
export function ShareLink({ url, title }: { url: string; title: string }) {
  const t = useT()
  const hydrated = useHydrated()
  const [copied, setCopied] = useState(false)
  async function share() {
    if (navigator.share) {
      await navigator.share({ title, url }).catch(() => {})
      return
    }
    await navigator.clipboard?.writeText(url)
    setCopied(true)
  }
  return (
    <div className="share">
      <label htmlFor="share-url">{t('events.share')}</label>
      <div className="share__row">
        <input id="share-url" type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        {hydrated ? (
          <button type="button" className="button button--secondary button--small" onClick={() => void share()}>
            {t(copied ? 'events.shareCopied' : 'events.shareButton')}
          </button>
        ) : null}
      </div>
      <p className="visually-hidden" role="status">
        {copied ? t('events.shareCopied') : ''}
      </p>
    </div>
  )
}
