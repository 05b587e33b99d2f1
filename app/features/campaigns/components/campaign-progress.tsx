import { Link } from '@remix-run/react'
import { useCallback, useEffect, useState } from 'react'
import { progressPercent, type CampaignProgress } from '~/features/campaigns/schema'
import { useRealtime, useSocketEvent } from '~/shared/components/realtime'
import { useT } from '~/shared/i18n'

const RANK = { draft: 0, sending: 1, sent: 2 } as const

/** The newer of two snapshots: a later status wins, then the higher count (batches only add). */
function newer(current: CampaignProgress, next: CampaignProgress): CampaignProgress {
  if (RANK[next.status] !== RANK[current.status]) return RANK[next.status] > RANK[current.status] ? next : current
  return next.queued >= current.queued ? next : current
}

/**
 * Where the letter's send stands, from the page load, then live: the page joins the webmasters'
 * room (`campaign:watch`, again at every reconnection, whose answer is the state of now) and each
 * batch moves the bar. Without JavaScript, reloading the page shows the same bar, up to date.
 * On a draft it shows nothing, until a send started elsewhere (another tab) reports.
 */
export function CampaignProgressBar({ initial, reloadHref }: { initial: CampaignProgress; reloadHref: string }) {
  const t = useT()
  const { socket } = useRealtime()
  const [progress, setProgress] = useState(initial)
  const [watching, setWatching] = useState(false)
  const { campaignId } = initial
  const take = useCallback((next: CampaignProgress) => next.campaignId === campaignId && setProgress((current) => newer(current, next)), [campaignId])
  // New loader data (after a form on the page was sent) is a snapshot like any other.
  useEffect(() => void take(initial), [initial, take])
  useEffect(() => {
    if (!socket) return
    const join = () =>
      socket.emit('campaign:watch', { campaignId }, (answer) => {
        if (!answer.ok) return
        take(answer.progress)
        setWatching(true)
      })
    if (socket.connected) join()
    socket.on('connect', join)
    return () => {
      socket.off('connect', join)
    }
  }, [socket, campaignId, take])
  useSocketEvent('campaign:progress', take)

  if (progress.status === 'draft') return <div data-testid="campaign-progress" data-watching={watching} hidden />
  const percent = progressPercent(progress)
  return (
    <section className="card campaign-progress" aria-labelledby="campaign-progress-title" data-testid="campaign-progress" data-watching={watching}>
      <h2 id="campaign-progress-title">{t(progress.status === 'sent' ? 'campaigns.progress.sentTitle' : 'campaigns.progress.sendingTitle')}</h2>
      <p aria-live="polite">
        <label htmlFor="campaign-progress-bar">
          {t(progress.status === 'sent' ? 'campaigns.progress.sent' : 'campaigns.progress.sending', {
            queued: progress.queued,
            total: progress.total,
            percent,
          })}
        </label>
      </p>
      <progress id="campaign-progress-bar" max={Math.max(progress.total, 1)} value={progress.status === 'sent' ? Math.max(progress.total, 1) : progress.queued}>
        {t('campaigns.progress.percent', { percent })}
      </progress>
      <p className="muted">{t('campaigns.progress.hint')}</p>
      {progress.status === 'sending' && !watching ? (
        <p>
          <Link to={reloadHref} reloadDocument>
            {t('campaigns.progress.reload')}
          </Link>
        </p>
      ) : null}
    </section>
  )
}
