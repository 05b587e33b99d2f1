import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useLocation, useNavigate } from '@remix-run/react'
import { useEffect } from 'react'
import { PageHeader } from '~/shared/components/layout'
import type { MessageKey } from '~/i18n'
import type { Viewer } from '~/features/accounts/accounts.server'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { CredentialsForms } from '~/features/accounts/components/credentials-forms'
import { credentialsAction } from '~/features/accounts/credentials.server'
import { membershipOverview } from '~/features/dues/membership.server'
import { MembershipStatus } from '~/features/dues/components/membership-card'
import { requireUser } from '~/features/accounts/guards.server'
import { useFormFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('account.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const { membership, receipts } = membershipOverview(context.app, viewer.id)
  return { viewer, membership, receipts: receipts.length }
}

/** The e-mail and password forms moved to /mon-compte/coordonnees; a page opened before still posts here. */
export const action = (args: ActionFunctionArgs) => credentialsAction(args)

// The forms' anchors from before the move, so that an old link still reaches them.
const MOVED_ANCHORS = new Set(['#changer-email', '#changer-mot-de-passe'])

function statusKey(viewer: Viewer): MessageKey {
  if (viewer.isWebmaster) return 'account.status.webmaster'
  if (viewer.membership?.status === 'suspended') return 'account.status.suspended'
  if (viewer.membership) return `account.status.member.${viewer.membership.kind}`
  return 'account.status.registered'
}

export default function Account() {
  const t = useT()
  const { viewer, membership, receipts } = useLoaderData<typeof loader>()
  const { hash } = useLocation()
  const navigate = useNavigate()
  const emailFailure = useFormFailure('email')
  const passwordFailure = useFormFailure('password')
  const sentHere = emailFailure.failed || passwordFailure.failed
  useEffect(() => {
    if (MOVED_ANCHORS.has(hash)) navigate(`/mon-compte/coordonnees${hash}`, { replace: true })
  }, [hash, navigate])

  return (
    <AccountLayout>
      <PageHeader title={t('account.title')} lead={t('account.details.lead')} />
      {sentHere ? (
        <CredentialsForms currentEmail={viewer.email} />
      ) : (
        <div className="grid grid--2">
          <section className="card" aria-labelledby="identite">
            <h2 id="identite">{t('account.identity')}</h2>
            <dl className="fact-list">
              {(
                [
                  ['field.lastName', viewer.lastName],
                  ['field.firstName', viewer.firstName],
                  ['field.email', viewer.email],
                  ['account.status', t(statusKey(viewer))],
                ] as const
              ).map(([label, value]) => (
                <div key={label} className="fact-list__row">
                  <dt>{t(label)}</dt>
                  <dd data-testid={label === 'field.email' ? 'current-email' : undefined}>{value}</dd>
                </div>
              ))}
            </dl>
            <ul className="list-plain">
              <li>
                <Link to="/mon-compte/profil">{t('account.details.editProfile')}</Link>
              </li>
              <li>
                <Link to="/mon-compte/coordonnees">{t('account.details.changeCredentials')}</Link>
              </li>
            </ul>
          </section>

          <section className="card" aria-labelledby="cotisation">
            <h2 id="cotisation">{t('membership.title')}</h2>
            <MembershipStatus membership={membership} />
            {membership || receipts ? (
              <p>
                <Link to="/mon-compte/cotisation">{t('account.details.seeMembership')}</Link>
              </p>
            ) : null}
          </section>
        </div>
      )}
    </AccountLayout>
  )
}
