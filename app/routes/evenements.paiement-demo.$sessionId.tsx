import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { DemoCheckout } from '~/shared/components/demo-checkout'
import { registrationBySession } from '~/features/events/event-registrations.server'
import { fulfilTicketCheckout } from '~/features/events/event-tickets.server'
import { requireUser } from '~/features/accounts/guards.server'
import { baseUrl, invariantResponse } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

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
  return { amountCents: registration.amountCents, eventId: registration.eventId }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const registration = demoRegistration(request, context, params.sessionId)
  await fulfilTicketCheckout(context.app, {
    sessionId: registration.checkoutSessionId!,
    reference: `demo_pi_${registration.id}`,
    baseUrl: baseUrl(request, context.app.config.APP_URL),
  })
  return redirect(`/evenements/${registration.eventId}?paiement=${registration.checkoutSessionId}`)
}

export default function DemoTicketCheckout() {
  const t = useT()
  const { amountCents, eventId } = useLoaderData<typeof loader>()
  return (
    <DemoCheckout amountCents={amountCents} summary={(amount) => t('events.demoSummary', { amount })} cancelTo={`/evenements/${eventId}?paiement=annule`} />
  )
}

export const ErrorBoundary = GeneralErrorBoundary
