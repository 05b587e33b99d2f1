import { useId } from 'react'
import { dateTimeFormat } from '~/i18n'
import { useRootData } from '~/shared/i18n'
import { COVER_SIZES, coverUrl } from '~/features/events/schema'

export interface CoverEvent {
  id: number
  startsAt: Date
  timeZone: string
  /** The cover's version, null without one (the generated picture stands in). */
  cover: string | null
}

/** Five patterns, one per event (from its id), so that two events side by side never look alike. */
const PATTERNS = ['dots', 'waves', 'stripes', 'rings', 'grid'] as const

function seeded(id: number) {
  let x = (id * 2654435761) >>> 0
  return () => {
    x = (x ^ (x << 13)) >>> 0
    x = (x ^ (x >>> 17)) >>> 0
    x = (x ^ (x << 5)) >>> 0
    return x / 0x1_0000_0000
  }
}

function GeneratedCover({ id, width, height }: { id: number; width: number; height: number }) {
  const uid = useId().replace(/:/g, '')
  const random = seeded(id)
  // The association's colour (`--primary`, a setting), darkened for one end and lightened for the
  // other by amounts drawn from the id: every event differs, all stay in the brand.
  const from = `color-mix(in srgb, var(--primary) ${70 + Math.round(random() * 15)}%, #08162e)`
  const to = `color-mix(in srgb, var(--primary) ${68 + Math.round(random() * 20)}%, ${random() < 0.5 ? '#ffffff' : '#2aa7b8'})`
  const pattern = PATTERNS[id % PATTERNS.length]!
  const angle = Math.round(random() * 60 - 30)
  const ink = 'rgba(255,255,255,0.16)'
  const tile = 24 + Math.round(random() * 16)
  return (
    <svg
      className="cover__image"
      viewBox="0 0 480 240"
      width={width}
      height={height}
      preserveAspectRatio="xMidYMid slice"
      aria-hidden="true"
      data-testid="cover-fallback"
    >
      <defs>
        <linearGradient id={`${uid}-g`} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" style={{ stopColor: from }} />
          <stop offset="1" style={{ stopColor: to }} />
        </linearGradient>
        <pattern id={`${uid}-p`} width={tile} height={tile} patternUnits="userSpaceOnUse" patternTransform={`rotate(${angle})`}>
          {pattern === 'dots' ? <circle cx={tile / 2} cy={tile / 2} r={tile / 8} fill={ink} /> : null}
          {pattern === 'waves' ? (
            <path d={`M0 ${tile / 2} q${tile / 4} -${tile / 3} ${tile / 2} 0 t${tile / 2} 0`} stroke={ink} strokeWidth="3" fill="none" />
          ) : null}
          {pattern === 'stripes' ? <rect width={tile / 3} height={tile} fill={ink} /> : null}
          {pattern === 'rings' ? <circle cx={tile / 2} cy={tile / 2} r={tile / 3} stroke={ink} strokeWidth="3" fill="none" /> : null}
          {pattern === 'grid' ? <path d={`M${tile} 0H0V${tile}`} stroke={ink} strokeWidth="2" fill="none" /> : null}
        </pattern>
      </defs>
      <rect width="480" height="240" fill={`url(#${uid}-g)`} />
      <rect width="480" height="240" fill={`url(#${uid}-p)`} />
      <circle cx={300 + random() * 160} cy={40 + random() * 160} r={90 + random() * 60} fill="rgba(255,255,255,0.08)" />
      <rect x="0" y="228" width="480" height="12" fill="#e0a526" opacity="0.9" />
    </svg>
  )
}

/**
 * The event's picture with its date on it: the organizer's cover, or a generated one. Always 2:1
 * and sized by its attributes, so nothing moves when it loads; decorative, the title sits next to it.
 */
export function EventCover({ event, size, sizes }: { event: CoverEvent; size: 'small' | 'large'; sizes?: string }) {
  const { locale } = useRootData()
  const { width, height } = COVER_SIZES[size]
  const part = (options: Intl.DateTimeFormatOptions) => dateTimeFormat(locale, { ...options, timeZone: event.timeZone }).format(event.startsAt)
  return (
    <div className={`cover cover--${size}`}>
      {event.cover ? (
        <img
          className="cover__image"
          src={coverUrl(event.id, event.cover, size)}
          srcSet={`${coverUrl(event.id, event.cover, 'small')} ${COVER_SIZES.small.width}w, ${coverUrl(event.id, event.cover, 'large')} ${COVER_SIZES.large.width}w`}
          sizes={sizes ?? (size === 'small' ? '(min-width: 700px) 208px, (min-width: 480px) 144px, 100vw' : '(min-width: 1200px) 1152px, 100vw')}
          width={width}
          height={height}
          alt=""
          loading={size === 'small' ? 'lazy' : 'eager'}
          decoding="async"
          data-testid="cover-image"
        />
      ) : (
        <GeneratedCover id={event.id} width={width} height={height} />
      )}
      <span className="cover__date" aria-hidden="true">
        <span className="cover__day">{part({ day: 'numeric' })}</span>
        <span className="cover__month">{part({ month: 'short' })}</span>
      </span>
    </div>
  )
}
