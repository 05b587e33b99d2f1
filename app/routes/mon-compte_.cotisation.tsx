import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { requireUser } from '~/features/accounts/guards.server'
import { MembershipCard } from '~/features/dues/components/membership-card'
import { membershipOverview } from '~/features/dues/membership.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('account.dues.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  return { overview: membershipOverview(context.app, viewer.id) }
}

/** The membership, the receipts to download and the student's proofs. */
export default function MyDues() {
  const t = useT()
  const { overview } = useLoaderData<typeof loader>()
  return (
    <AccountLayout>
      <div className="narrow narrow--wide account-page">
        <PageHeader title={t('account.dues.title')} lead={t('account.dues.lead')} />
        <MembershipCard overview={overview} />
      </div>
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
