import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '../components/error-boundary'
import { DemoCheckout } from '../components/demo-checkout'
import { registrationBySession } from '../services/event-registrations.server'
import { fulfilTicketCheckout } from '../services/event-tickets.server'
import { requireUser } from '../utils/auth.server'
import { baseUrl, invariantResponse } from '../utils/http.server'
import { useT } from '../utils/i18n'
import { titleMeta } from '../utils/meta'

export const meta = titleMeta('dues.demo.title')

/** The built-in checkout for tickets when no Stripe key is set: its owner only, same fulfilment as the webhook. */
function demoRegistration(request: Request, context: LoaderFunctionArgs['context'], sessionId: string | undefined) {
  const viewer = requireUser(request, context)
  invariantResponse(context.app.payments.mode === 'demo', 'Not found', { status: 404 })
  const registration = sessionId ? registrationBySession(context.app, sessionId) : null
  invariantResponse(registration && registration.userId === viewer.id, 'Not found', { status: 404 })
  return registration
}

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const registration = demoRegistration(request, context, params.sessionId)
  if (registration.paidAt) throw redirect(`/evenements/${registration.eventId}`)
  return json({ amountCents: registration.amountCents, eventId: registration.eventId })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const registration = demoRegistration(request, context, params.sessionId)
  await fulfilTicketCheckout(context.app, { sessionId: registration.checkoutSessionId!, reference: `demo_pi_${registration.id}`, baseUrl: baseUrl(request, context.app.config.APP_URL) })
  return redirect(`/evenements/${registration.eventId}?paiement=${registration.checkoutSessionId}`)
}

export default function DemoTicketCheckout() {
  const t = useT()
  const { amountCents, eventId } = useLoaderData<typeof loader>()
  return <DemoCheckout amountCents={amountCents} summary={(amount) => t('events.demoSummary', { amount })} cancelTo={`/evenements/${eventId}?paiement=annule`} />
}

export const ErrorBoundary = GeneralErrorBoundary
