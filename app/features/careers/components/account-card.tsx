import { Link } from '@remix-run/react'
import { useT } from '~/shared/i18n'

/** « Mon compte »'s way into the careers pages a user keeps coming back to. */
export function CareersAccountCard({ reader }: { reader: boolean }) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="carriere">
      <h2 id="carriere">{t('careers.account.title')}</h2>
      <p className="muted">{t('careers.account.lead')}</p>
      <ul>
        <li>
          <Link to="/carriere/mes-offres">{t('careers.nav.myOffers')}</Link>
        </li>
        {reader ? (
          <>
            <li>
              <Link to="/carriere/mes-candidatures">{t('careers.nav.myApplications')}</Link>
            </li>
            <li>
              <Link to="/carriere/alertes">{t('careers.nav.alerts')}</Link>
            </li>
          </>
        ) : null}
      </ul>
    </section>
  )
}
