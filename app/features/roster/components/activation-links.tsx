import { Link } from '@remix-run/react'
import { useT } from '~/shared/i18n'

/** From the graduates' list to the review queue and the invitations to activate (issue #17). */
export function ActivationLinks() {
  const t = useT()
  return (
    <>
      <Link to="/admin/diplomes/rapprochements" className="button button--secondary button--small">
        {t('roster.claims.title')}
      </Link>
      <Link to="/admin/diplomes/invitations" className="button button--secondary button--small">
        {t('roster.invitations.title')}
      </Link>
    </>
  )
}
