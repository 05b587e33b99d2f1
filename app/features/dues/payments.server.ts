import crypto from 'node:crypto'
import Stripe from 'stripe'

export interface CheckoutRequest {
  paymentId: string
  amountCents: number
  currency: 'EUR'
  description: string
  customerEmail: string
  successUrl: string
  cancelUrl: string
  /** What is paid: dues (the default) or an event ticket; the demo checkout page differs. */
  kind?: 'dues' | 'ticket'
  /** Stripe closes the session then (at least 30 minutes ahead, Stripe's minimum). */
  expiresAt?: Date
}

export interface CompletedCheckout {
  eventId: string
  type: string
  sessionId: string
  paid: boolean
  reference: string | null
}

export type WebhookOutcome = { kind: 'checkoutCompleted'; checkout: CompletedCheckout } | { kind: 'ignored'; eventId: string; type: string }

// The gateway is built in server/ while routes run from the Remix bundle: two copies of this module
// exist, so errors are recognised by name, never with instanceof.
export class InvalidWebhookSignature extends Error {
  override name = 'InvalidWebhookSignature'
}
export class PaymentProviderUnavailable extends Error {
  override name = 'PaymentProviderUnavailable'
}
export const isInvalidSignature = (error: unknown) => error instanceof Error && error.name === 'InvalidWebhookSignature'
export const isProviderUnavailable = (error: unknown) => error instanceof Error && error.name === 'PaymentProviderUnavailable'

/** Stripe Checkout, or the built-in demo checkout when no STRIPE_SECRET_KEY is set. */
export interface PaymentGateway {
  readonly mode: 'stripe' | 'demo'
  createCheckout(request: CheckoutRequest): Promise<{ id: string; url: string }>
  /** Closes an open session so that it can no longer be paid; an already closed one is fine. */
  expireCheckout(sessionId: string): Promise<void>
  /** Refunds a payment (its PaymentIntent); the key makes a retried refund a no-op. */
  refund(request: { reference: string; amountCents: number; idempotencyKey: string }): Promise<{ id: string }>
  /** Verifies the signature, then says what happened. Throws InvalidWebhookSignature. */
  parseWebhook(rawBody: string, signature: string | null): WebhookOutcome
}

export function createStripeGateway(options: { secretKey: string; webhookSecret: string; apiUrl?: string }): PaymentGateway {
  const api = options.apiUrl ? new URL(options.apiUrl) : undefined
  const stripe = new Stripe(options.secretKey, {
    maxNetworkRetries: 1,
    timeout: 10_000,
    ...(api
      ? { host: api.hostname, port: Number(api.port || (api.protocol === 'https:' ? 443 : 80)), protocol: api.protocol.replace(':', '') as 'http' | 'https' }
      : {}),
  })
  return {
    mode: 'stripe',
    async createCheckout(request) {
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            customer_email: request.customerEmail,
            client_reference_id: request.paymentId,
            metadata: { paymentId: request.paymentId, kind: request.kind ?? 'dues' },
            ...(request.expiresAt ? { expires_at: Math.floor(request.expiresAt.getTime() / 1000) } : {}),
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: request.currency.toLowerCase(),
                  unit_amount: request.amountCents,
                  product_data: { name: request.description },
                },
              },
            ],
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
            locale: 'fr',
          },
          // A retried request never opens a second session for the same payment row.
          { idempotencyKey: `checkout-${request.paymentId}` },
        )
        if (!session.url) throw new Error('Stripe returned a session without a URL')
        return { id: session.id, url: session.url }
      } catch (error) {
        throw new PaymentProviderUnavailable(error instanceof Error ? error.message : String(error))
      }
    },
    async expireCheckout(sessionId) {
      try {
        await stripe.checkout.sessions.expire(sessionId)
      } catch (error) {
        // Already expired or completed: nothing left to close.
        if ((error as { type?: string }).type === 'StripeInvalidRequestError') return
        throw new PaymentProviderUnavailable(error instanceof Error ? error.message : String(error))
      }
    },
    async refund(request) {
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: request.reference, amount: request.amountCents, reason: 'requested_by_customer' },
          { idempotencyKey: request.idempotencyKey },
        )
        return { id: refund.id }
      } catch (error) {
        throw new PaymentProviderUnavailable(error instanceof Error ? error.message : String(error))
      }
    },
    parseWebhook(rawBody, signature) {
      let event: Stripe.Event
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature ?? '', options.webhookSecret)
      } catch (error) {
        throw new InvalidWebhookSignature(error instanceof Error ? error.message : 'bad signature')
      }
      // Card payments complete at once; delayed methods (SEPA…) confirm later with their own event.
      if (event.type !== 'checkout.session.completed' && event.type !== 'checkout.session.async_payment_succeeded') {
        return { kind: 'ignored', eventId: event.id, type: event.type }
      }
      const session = event.data.object
      const intent = session.payment_intent
      return {
        kind: 'checkoutCompleted',
        checkout: {
          eventId: event.id,
          type: event.type,
          sessionId: session.id,
          paid: session.payment_status === 'paid',
          reference: typeof intent === 'string' ? intent : (intent?.id ?? null),
        },
      }
    },
  }
}

/** The demo checkout: a page of our own that completes through the same fulfilment as the webhook. */
export function createDemoGateway(): PaymentGateway {
  return {
    mode: 'demo',
    async createCheckout(request) {
      const id = `demo_${crypto.randomBytes(12).toString('hex')}`
      return { id, url: request.kind === 'ticket' ? `/evenements/paiement-demo/${id}` : `/cotiser/demo/${id}` }
    },
    async expireCheckout() {},
    async refund(request) {
      return { id: `demo_re_${crypto.createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}` }
    },
    parseWebhook() {
      throw new InvalidWebhookSignature('no webhook in demo mode')
    },
  }
}
