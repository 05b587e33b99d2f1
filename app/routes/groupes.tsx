import type { LoaderFunctionArgs } from '@remix-run/node'
import { ComingSoon } from '../components/coming-soon'
import { GeneralErrorBoundary } from '../components/error-boundary'
import { requireMember } from '../utils/auth.server'
import { titleMeta } from '../utils/meta'

export const meta = titleMeta('nav.groups')

export function loader({ request, context }: LoaderFunctionArgs) {
  requireMember(request, context)
  return null
}

export default function Page() {
  return <ComingSoon title="nav.groups" lead="section.groups.lead" />
}

export const ErrorBoundary = GeneralErrorBoundary
