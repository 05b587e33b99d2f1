import { useCallback, useEffect, useState } from 'react'
import { useRealtime, useSocketEvent } from '~/shared/components/realtime'
import { useT } from '~/shared/i18n'
import type { ActivationProgress } from '~/features/roster/realtime'

/** A newer send replaces an older one; within a send, progress only moves forward. */
function newer(current: ActivationProgress | null, next: ActivationProgress | null): ActivationProgress | null {
  if (!next) return current
  if (!current || next.sendId > current.sendId) return next
  if (next.sendId < current.sendId) return current
  if (current.status === 'done' && next.status !== 'done') return current
  return next.queued >= current.queued || next.status === 'done' ? next : current
}

/**
 * The latest send's bar: from the page load, then live over Socket.IO (the webmasters' room,
 * joined again on every reconnection). Without JavaScript, reloading the page shows where it is.
 */
export function ActivationProgressBar({ initial }: { initial: ActivationProgress | null }) {
  const t = useT()
  const { socket } = useRealtime()
  const [progress, setProgress] = useState(initial)
  const take = useCallback((next: ActivationProgress | null) => setProgress((current) => newer(current, next)), [])
  useEffect(() => take(initial), [initial, take])
  useEffect(() => {
    if (!socket) return
    const join = () =>
      socket.emit('roster:watch', (answer) => {
        if (answer.ok) take(answer.progress)
      })
    if (socket.connected) join()
    socket.on('connect', join)
    return () => {
      socket.off('connect', join)
    }
  }, [socket, take])
  useSocketEvent('roster:activation', take)
  if (!progress) return <p className="muted">{t('roster.invitations.noSend')}</p>
  const done = progress.status === 'done'
  return (
    <div className="activation-progress" data-testid="activation-progress">
      <label htmlFor="activation-progress">
        {t(done ? 'roster.invitations.done' : 'roster.invitations.sending', { queued: progress.queued, total: progress.total })}
      </label>
      <progress
        id="activation-progress"
        max={Math.max(progress.total, progress.queued, 1)}
        value={done ? Math.max(progress.total, progress.queued, 1) : progress.queued}
      />
      <p className="muted" role="status">
        {done ? t('roster.invitations.doneHint') : t('roster.invitations.sendingHint')}
      </p>
    </div>
  )
}
