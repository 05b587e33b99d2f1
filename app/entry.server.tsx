import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { pageCollector } from '~/shared/html-stream.server'
import { NonceProvider } from '~/shared/nonce'

/**
 * How long single fetch waits for the promises in loader data before rejecting them (Remix reads
 * this export). React's render is aborted a second later, so that the rejected boundaries still
 * reach the page before the stream ends.
 */
export const streamTimeout = 5_000
const ABORT_DELAY = streamTimeout + 1_000

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const timer = setTimeout(() => abort(), ABORT_DELAY)
    // Rendered whole (no page defers data), then answered with one Buffer: see pageCollector.
    const page = pageCollector((html) => {
      clearTimeout(timer)
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
      responseHeaders.set('Content-Length', String(html.length))
      resolve(new Response(new Uint8Array(html), { headers: responseHeaders, status: responseStatusCode }))
    })
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true
        },
        onAllReady() {
          pipe(page)
        },
        onShellError(error: unknown) {
          clearTimeout(timer)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // Before the shell, the error reaches Remix (onShellError), which logs it.
          if (shellRendered) loadContext.app.logger.error({ err: error, reqId: loadContext.requestId }, 'render error')
        },
      },
    )
  })
}

/** Errors thrown in loaders and actions are logged here, never shown to the user. */
export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return
  // A 4xx that Remix itself answers (a method a route has no action for, an unknown route in a
  // `.data` request) is the client's doing, not ours: a debug line, not an error.
  if (isRouteErrorResponse(error) && error.status < 500) {
    context.app.logger.debug({ reqId: context.requestId, status: error.status, url: request.url }, 'request refused by Remix')
    return
  }
  // So is a `?_data` request: our pages stopped sending them with single fetch, yet Remix reports
  // each one as an Error, which anyone could otherwise use to fill the error log.
  if (isLegacyDataRequestWarning(error)) {
    context.app.logger.debug({ reqId: context.requestId, url: request.url }, 'legacy ?_data request')
    return
  }
  context.app.logger.error({ err: error, reqId: context.requestId, url: request.url }, 'loader or action failed')
}

/** Remix's warning for a `?_data` request in a single-fetch app (server-runtime's `createRequestHandler`). */
function isLegacyDataRequestWarning(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Warning: Single fetch-enabled apps should not be making ?_data requests')
}
