import http from 'node:http'
import type { AddressInfo } from 'node:net'
import crypto from 'node:crypto'
import Stripe from 'stripe'

export interface RecordedRequest {
  method: string
  path: string
  authorization: string | undefined
  idempotencyKey: string | undefined
  params: URLSearchParams
}

/**
 * A local stand-in for the Stripe API: it answers the Checkout Session calls the app makes, keeps
 * what the client sent for the test to check, and signs webhooks the way Stripe does.
 */
export async function startStripeStandIn(options: { secretKey: string; webhookSecret: string }) {
  const requests: RecordedRequest[] = []
  let failing = false
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        params: new URLSearchParams(body),
      }
      requests.push(record)
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_${crypto.randomUUID()}` })
        res.end(JSON.stringify(payload))
      }
      if (failing) return send(500, { error: { type: 'api_error', message: 'Stand-in made to fail' } })
      if (record.authorization !== `Bearer ${options.secretKey}`) {
        return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } })
      }
      if (req.method === 'POST' && req.url === '/v1/checkout/sessions') {
        const id = `cs_test_${crypto.randomBytes(12).toString('hex')}`
        return send(200, { id, object: 'checkout.session', url: `https://checkout.stripe.test/c/pay/${id}`, payment_status: 'unpaid', status: 'open' })
      }
      const expire = /^\/v1\/checkout\/sessions\/([\w]+)\/expire$/.exec(req.url ?? '')
      if (req.method === 'POST' && expire) {
        return send(200, { id: expire[1], object: 'checkout.session', status: 'expired', payment_status: 'unpaid' })
      }
      if (req.method === 'POST' && req.url === '/v1/refunds') {
        if (!record.params.get('payment_intent')?.startsWith('pi_'))
          return send(400, { error: { type: 'invalid_request_error', message: 'No such payment_intent' } })
        const id = `re_${crypto.randomBytes(10).toString('hex')}`
        return send(200, {
          id,
          object: 'refund',
          amount: Number(record.params.get('amount')),
          payment_intent: record.params.get('payment_intent'),
          status: 'succeeded',
        })
      }
      send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.url})` } })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const stripe = new Stripe(options.secretKey)

  /** A `checkout.session.completed` event as Stripe would post it, signed with the webhook secret. */
  function signedEvent(
    sessionId: string,
    overrides: { eventId?: string; paymentStatus?: string; secret?: string; type?: string; paymentIntent?: string } = {},
  ) {
    const payload = JSON.stringify({
      id: overrides.eventId ?? `evt_${crypto.randomBytes(12).toString('hex')}`,
      object: 'event',
      type: overrides.type ?? 'checkout.session.completed',
      data: {
        object: {
          id: sessionId,
          object: 'checkout.session',
          payment_status: overrides.paymentStatus ?? 'paid',
          payment_intent: overrides.paymentIntent ?? `pi_${crypto.randomBytes(8).toString('hex')}`,
        },
      },
    })
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: overrides.secret ?? options.webhookSecret })
    return { payload, signature }
  }

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    refunds: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds'),
    sessionCreations: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions'),
    setFailing: (value: boolean) => (failing = value),
    signedEvent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
