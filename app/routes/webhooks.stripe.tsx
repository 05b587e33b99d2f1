import type { ActionFunctionArgs } from '@remix-run/node'
import { recordWebhookEvent } from '~/features/dues/webhooks.server'
import { isInvalidSignature } from '~/features/dues/payments.server'
import { baseUrl } from '~/shared/http.server'

/** Stripe's webhook: signature checked, each event id handled once (replays change nothing). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { app } = context
  if (app.payments.mode !== 'stripe') return Response.json({ error: 'stripe not configured' }, { status: 404 })
  const raw = await request.text()
  try {
    const outcome = app.payments.parseWebhook(raw, request.headers.get('stripe-signature'))
    const result = await recordWebhookEvent(app, outcome, baseUrl(request, app.config.APP_URL))
    return Response.json({ received: true, result })
  } catch (error) {
    if (isInvalidSignature(error)) {
      app.logger.warn({ err: error }, 'stripe webhook with a bad signature')
      return Response.json({ error: 'bad signature' }, { status: 400 })
    }
    throw error
  }
}

export function loader() {
  return Response.json({ error: 'method not allowed' }, { status: 405 })
}
