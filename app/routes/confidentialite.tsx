import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { titleMeta } from '~/shared/meta'
import { publicSettings } from '~/shared/config'
import { PrivacyPolicy } from '~/features/privacy/components/privacy-policy'
import privacyCss from '~/features/privacy/components/privacy.css'
import { privacyPolicy } from '~/features/privacy/policy.server'

export const meta = titleMeta('privacy.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: privacyCss }]

/** Public: the privacy policy, generated from the registry (issue #16). */
export function loader({ context }: LoaderFunctionArgs) {
  const { associationName, associationAddress, associationEmail } = publicSettings(context.app.config)
  return { categories: privacyPolicy(), settings: { associationName, associationAddress, associationEmail } }
}

export default function Confidentialite() {
  const { categories, settings } = useLoaderData<typeof loader>()
  return <PrivacyPolicy categories={categories} settings={settings} />
}

export const ErrorBoundary = GeneralErrorBoundary
