import { Link } from '@remix-run/react'
import { useT } from '~/shared/i18n'

/** « Mon compte »'s way to the tickets (QR codes) and, for organizers, their events. */
export function EventsAccountCard() {
  const t = useT()
  return (
    <section className="card" aria-labelledby="mes-evenements">
      <h2 id="mes-evenements">{t('events.account.title')}</h2>
      <p className="muted">{t('events.account.lead')}</p>
      <p>
        <Link to="/mon-compte/billets">{t('events.account.tickets')} →</Link>
      </p>
    </section>
  )
}
