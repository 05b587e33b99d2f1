import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { DemoCheckout } from '~/shared/components/demo-checkout'
import { fulfilCheckout, paymentForSession } from '~/features/dues/membership.server'
import { requireUser } from '~/features/accounts/guards.server'
import { baseUrl, invariantResponse } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('dues.demo.title')

/** The built-in checkout when no Stripe key is set: only the session's owner sees and pays it. */
function demoPayment(request: Request, context: LoaderFunctionArgs['context'], sessionId: string | undefined) {
  const viewer = requireUser(request, context)
  invariantResponse(context.app.payments.mode === 'demo', 'Not found', { status: 404 })
  const payment = sessionId ? paymentForSession(context.app, viewer.id, sessionId) : undefined
  invariantResponse(payment, 'Not found', { status: 404 })
  return payment
}

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const payment = demoPayment(request, context, params.sessionId)
  if (payment.status !== 'pending') throw redirect(`/cotiser/retour?session=${payment.checkoutSessionId}`)
  return { amountCents: payment.amountCents }
}

export function action({ request, context, params }: ActionFunctionArgs) {
  const payment = demoPayment(request, context, params.sessionId)
  // Same fulfilment as Stripe's webhook: the demo exercises the real path.
  fulfilCheckout(context.app, {
    sessionId: payment.checkoutSessionId!,
    reference: payment.checkoutSessionId,
    baseUrl: baseUrl(request, context.app.config.APP_URL),
  })
  return redirect(`/cotiser/retour?session=${payment.checkoutSessionId}`)
}

export default function DuesDemoCheckout() {
  const t = useT()
  const { amountCents } = useLoaderData<typeof loader>()
  return <DemoCheckout amountCents={amountCents} summary={(amount) => t('dues.demo.summary', { amount })} cancelTo="/cotiser?annule=1" />
}

export const ErrorBoundary = GeneralErrorBoundary
