import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getUser } from '~/features/accounts/guards.server'
import { invitationByToken } from '~/features/referrals/referrals.server'
import { isInvitationToken } from '~/features/referrals/schema'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { invariantResponse } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('referrals.join.title')

/**
 * The personal link of a recommendation: who invited, what the Amicale is, and the way to sign up
 * with the invitation carried along. Opening it changes nothing (mail scanners open links).
 */
export function loader({ params, context }: LoaderFunctionArgs) {
  const token = params.token
  const invitation = isInvitationToken(token) ? invitationByToken(context.app, token) : null
  invariantResponse(invitation, 'Not found', { status: 404 })
  return { token: token!, invitation, loggedIn: getUser(context) !== null, school: context.app.config.SCHOOL_NAME }
}

export default function Join() {
  const t = useT()
  const { settings } = useRootData()
  const { token, invitation, loggedIn, school } = useLoaderData<typeof loader>()
  const association = settings.associationName
  const referrer = invitation.referrer ? `${invitation.referrer.firstName} ${invitation.referrer.lastName}` : null
  const lead = !referrer
    ? t('referrals.join.leadAnonymous', { association })
    : invitation.promotion === null
      ? t('referrals.join.leadNoPromotion', { referrer, association })
      : t('referrals.join.lead', { referrer, promotion: invitation.promotion, association })
  const signUp = `/inscription?${new URLSearchParams({ invitation: token, redirectTo: '/cotiser' })}`
  return (
    <div className="narrow">
      <PageHeader title={t('referrals.join.title')} lead={lead} />
      <div className="card">
        <p>{t('referrals.join.what', { association, school })}</p>
        <p>{t('referrals.join.how')}</p>
        {loggedIn ? (
          <>
            <p>{t('referrals.join.loggedIn')}</p>
            <Link to="/" className="button button--primary">
              {t('referrals.join.home')}
            </Link>
          </>
        ) : invitation.joined ? (
          <>
            <p>{t('referrals.join.used')}</p>
            <Link to="/connexion" className="button button--primary">
              {t('nav.login')}
            </Link>
          </>
        ) : (
          <p className="form__links">
            <Link to={signUp} className="button button--primary">
              {t('referrals.join.signup')}
            </Link>
            <Link to="/connexion">{t('referrals.join.login')}</Link>
          </p>
        )}
      </div>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
