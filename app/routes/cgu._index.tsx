import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { titleMeta } from '~/shared/meta'
import { TermsPage } from '~/features/moderation/components/terms-page'
import termsCss from '~/features/moderation/components/terms.css'
import { termsPageData } from '~/features/moderation/terms.server'

export const meta = titleMeta('terms.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: termsCss }]

/** Public: the version in force, and the list of every version. */
export function loader({ context }: LoaderFunctionArgs) {
  return termsPageData(context.app)
}

export default function CurrentTerms() {
  const { shown, history } = useLoaderData<typeof loader>()
  return <TermsPage shown={shown} history={history} />
}

export const ErrorBoundary = GeneralErrorBoundary
