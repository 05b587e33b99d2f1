import { useCallback, useEffect, useRef, useState } from 'react'
import { useRealtime, useSocketEvent } from '~/shared/components/realtime'
import { useT } from '~/shared/i18n'

import type { ActivityItem, LiveCounters } from '~/features/events/realtime'

export type Counters = LiveCounters
export type FeedItem = ActivityItem

/**
 * The event's counters from the page load, then live. Snapshots carry a version: a late or
 * duplicated one never overwrites a newer one. On every (re)connection the room is joined again
 * and the answer brings the current counters, so a dropped connection heals itself.
 */
export function useLiveCounters(initial: Counters, mode: 'watch' | 'manage', onFeed?: (items: FeedItem[]) => void) {
  const { socket } = useRealtime()
  const [counters, setCounters] = useState(initial)
  const latest = useRef(initial.version)
  const feed = useRef(onFeed)
  feed.current = onFeed
  const take = useCallback(
    (next: Counters) => {
      if (next.eventId !== initial.eventId || next.version < latest.current) return
      latest.current = next.version
      setCounters(next)
    },
    [initial.eventId],
  )
  // New loader data (after a form on the page was sent) is a snapshot like any other.
  useEffect(() => take(initial), [initial, take])

  useEffect(() => {
    if (!socket) return
    const join = () =>
      socket.emit(mode === 'manage' ? 'event:manage' : 'event:watch', { eventId: initial.eventId }, (answer) => {
        if (answer.ok) take(answer.counters)
      })
    if (socket.connected) join()
    socket.on('connect', join)
    return () => {
      socket.off('connect', join)
    }
  }, [socket, initial.eventId, mode, take])

  useSocketEvent(
    'event:counters',
    useCallback((c) => mode === 'watch' && take(c), [mode, take]),
  )
  useSocketEvent(
    'event:feed',
    useCallback(
      (batch) => {
        if (mode !== 'manage' || batch.counters.eventId !== initial.eventId) return
        take(batch.counters)
        if (batch.activity.length > 0) feed.current?.(batch.activity)
      },
      [mode, take, initial.eventId],
    ),
  )
  return counters
}

/** Registered / capacity / waitlist, announced politely to screen readers when they change. */
export function CounterBar({ counters, showCheckedIn = false }: { counters: Counters; showCheckedIn?: boolean }) {
  const t = useT()
  const { confirmed, held, waitlist, capacity, checkedIn } = counters
  const ratio = capacity ? Math.min(1, (confirmed + held) / capacity) : null
  return (
    <div className="counters" data-testid="event-counters">
      <dl className="counters__list" aria-live="polite">
        <div>
          <dt>{t('events.counters.registered')}</dt>
          <dd data-testid="count-registered">
            {confirmed}
            {capacity !== null ? <span className="counters__of"> / {capacity}</span> : null}
          </dd>
        </div>
        {held > 0 ? (
          <div>
            <dt>{t('events.counters.held')}</dt>
            <dd data-testid="count-held">{held}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('events.counters.waitlist')}</dt>
          <dd data-testid="count-waitlist">{waitlist}</dd>
        </div>
        {showCheckedIn ? (
          <div>
            <dt>{t('events.counters.checkedIn')}</dt>
            <dd data-testid="count-checked-in">{checkedIn}</dd>
          </div>
        ) : null}
      </dl>
      {ratio !== null ? (
        <div className="counters__bar" role="img" aria-label={t('events.counters.fill', { percent: Math.round(ratio * 100) })}>
          <span style={{ width: `${ratio * 100}%` }} />
        </div>
      ) : null}
    </div>
  )
}
