import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { CredentialsForms } from '~/features/accounts/components/credentials-forms'
import { credentialsAction } from '~/features/accounts/credentials.server'
import { requireUser } from '~/features/accounts/guards.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('account.credentials.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  return { email: requireUser(request, context).email }
}

export const action = (args: ActionFunctionArgs) => credentialsAction(args)

/** « Changer mes coordonnées ou mon mot de passe » (the FAQ's words). */
export default function Credentials() {
  const t = useT()
  const { email } = useLoaderData<typeof loader>()
  return (
    <AccountLayout>
      <div className="narrow narrow--wide account-page">
        <PageHeader title={t('account.credentials.title')} lead={t('account.credentials.lead')} />
        <CredentialsForms currentEmail={email} />
      </div>
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
