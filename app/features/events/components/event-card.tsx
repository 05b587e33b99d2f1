import { Link } from '@remix-run/react'
import { formatDateTime, formatMoney, intlLocale } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'

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
}

/** Date block, title, place, price and places left: what decides a click, at a glance. */
export function EventCard({ event }: { event: CardEvent }) {
  const t = useT()
  const { locale } = useRootData()
  const starts = event.startsAt
  const part = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone: event.timeZone }).format(starts)
  const price =
    !event.price || event.price.max === 0
      ? t('events.free')
      : event.price.min === event.price.max
        ? formatMoney(locale, event.price.min)
        : t('events.priceFrom', { price: formatMoney(locale, event.price.min) })
  return (
    <article className="card event-card">
      <div className="event-card__date" aria-hidden="true">
        <span className="event-card__day">{part({ day: 'numeric' })}</span>
        <span className="event-card__month">{part({ month: 'short' })}</span>
      </div>
      <div className="event-card__body">
        <h2 className="event-card__title">
          <Link to={`/evenements/${event.id}`}>{event.title}</Link>
        </h2>
        <p className="event-card__when">
          <time dateTime={starts.toISOString()}>{formatDateTime(locale, starts, event.timeZone)}</time>
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
        </p>
      </div>
    </article>
  )
}
