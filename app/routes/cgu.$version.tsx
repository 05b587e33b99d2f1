import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { titleMeta } from '~/shared/meta'
import { TermsPage } from '~/features/moderation/components/terms-page'
import termsCss from '~/features/moderation/components/terms.css'
import { termsPageData } from '~/features/moderation/terms.server'

export const meta = titleMeta('terms.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: termsCss }]

/** Public and permanent: `/cgu/3#article-4-2` is what a decision cites. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const version = /^[1-9]\d{0,5}$/.test(params.version ?? '') ? Number(params.version) : null
  const page = version === null ? null : termsPageData(context.app, version)
  if (!page?.shown) throw new Response('Version inconnue', { status: 404 })
  return page
}

export default function TermsVersionPage() {
  const { shown, history } = useLoaderData<typeof loader>()
  return <TermsPage shown={shown} history={history} />
}

export const ErrorBoundary = GeneralErrorBoundary
