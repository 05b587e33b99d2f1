import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { formatDateTime, formatMoney } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'
import { EventCover } from '~/features/events/components/event-cover'
import { unbrokenTime } from '~/features/events/components/dates'

export interface CardEvent {
  id: number
  title: string
  startsAt: Date
  timeZone: string
  online: boolean
  venue: string | null
  city: string | null
  capacity: number | null
  status: 'published' | 'cancelled'
  groupName: string | null
  placesLeft: number | null
  price: { min: number; max: number } | null
  /** The cover's version, null for the generated picture. */
  cover: string | null
}

/**
 * Cover with its date, title, place, price and places left: what decides a click, at a glance.
 * `headingLevel` follows the page's outline; `extra` adds a line (the dashboard's « inscrit »).
 */
export function EventCard({ event, headingLevel = 2, extra }: { event: CardEvent; headingLevel?: 2 | 3; extra?: ReactNode }) {
  const t = useT()
  const { locale } = useRootData()
  const starts = event.startsAt
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  const price =
    !event.price || event.price.max === 0
      ? t('events.free')
      : event.price.min === event.price.max
        ? formatMoney(locale, event.price.min)
        : t('events.priceFrom', { price: formatMoney(locale, event.price.min) })
  return (
    <article className="card event-card">
      <EventCover event={event} size="small" />
      <div className="event-card__body">
        <Heading className="event-card__title">
          <Link to={`/evenements/${event.id}`}>{event.title}</Link>
        </Heading>
        <p className="event-card__when">
          <time dateTime={starts.toISOString()}>{unbrokenTime(formatDateTime(locale, starts, event.timeZone))}</time>
        </p>
        <p className="event-card__meta">
          <span>{event.online ? t('events.online') : [event.venue, event.city].filter(Boolean).join(', ')}</span>
          <span>{price}</span>
          {event.groupName ? <span>{event.groupName}</span> : null}
        </p>
        <p className="event-card__badges">
          {event.status === 'cancelled' ? (
            <span className="badge badge--danger">{t('events.cancelledBadge')}</span>
          ) : event.placesLeft === null ? null : event.placesLeft === 0 ? (
            <span className="badge">{t('events.full')}</span>
          ) : (
            <span className="badge badge--success">{t('events.placesLeft', { count: event.placesLeft })}</span>
          )}
          {extra}
        </p>
      </div>
    </article>
  )
}
