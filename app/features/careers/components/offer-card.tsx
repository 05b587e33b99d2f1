import { Link } from '@remix-run/react'
import { useRootData, useT } from '~/shared/i18n'
import { contractKey, formatMoment, remoteKey, statusKey } from '~/features/careers/components/format'

export interface CardOffer {
  id: number
  title: string
  company: string
  contractType: string
  city: string
  remote: string
  publishedAt: Date | null
}

/** The offer card: title, company, contract badge, place, posted date. */
export function OfferCard({ offer }: { offer: CardOffer }) {
  const t = useT()
  const { locale } = useRootData()
  return (
    <article className="card offer-card">
      <h3 className="offer-card__title">
        <Link to={`/carriere/offres/${offer.id}`}>{offer.title}</Link>
      </h3>
      <p className="offer-card__company">{offer.company}</p>
      <p className="offer-card__meta">
        <span className="badge badge--contract">{t(contractKey(offer.contractType))}</span>
        <span>{offer.city}</span>
        <span>{t(remoteKey(offer.remote))}</span>
        {offer.publishedAt ? <span className="muted">{t('careers.postedOn', { date: formatMoment(locale, offer.publishedAt) })}</span> : null}
      </p>
    </article>
  )
}

const STATUS_TONE: Record<string, string> = {
  published: 'badge--success',
  rejected: 'badge--danger',
  pending: 'badge--warning',
  expired: 'badge--muted',
  filled: 'badge--muted',
}

/** The offer's state in words (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  const t = useT()
  return <span className={`badge ${STATUS_TONE[status] ?? ''}`}>{t(statusKey(status))}</span>
}
