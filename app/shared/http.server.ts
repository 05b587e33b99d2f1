/**
 * Throws a Response when `condition` is false: for loaders that find nothing or refuse. A real
 * Response (not `data()`), because resource routes throw it too and answer it as it is.
 */
export function invariantResponse(condition: unknown, message: string, init: ResponseInit = { status: 400 }): asserts condition {
  if (!condition) throw Response.json({ message }, init)
}

/**
 * The origin for absolute links in mails: `APP_URL` when set. Without it, the request's own
 * origin only when it is this machine (`localhost`, a loopback address), as in a demo or a test:
 * a `Host` header is whatever the client says, and a reset link pointing at the host an attacker
 * typed would hand them the token. Anywhere else links say `localhost` until `APP_URL` is set.
 */
export function baseUrl(request: Request, appUrl: string | undefined): string {
  return linkOrigin(new URL(request.url).origin, appUrl)
}

const loopbackHosts = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

export function linkOrigin(requestOrigin: string, appUrl: string | undefined): string {
  if (appUrl) return new URL(appUrl).origin
  const url = URL.canParse(requestOrigin) ? new URL(requestOrigin) : new URL('http://localhost')
  return loopbackHosts.test(url.hostname) ? url.origin : `http://localhost${url.port ? `:${url.port}` : ''}`
}

/**
 * The request's form. A body that is no form (a multipart body cut short or malformed, a stream
 * that broke) is the client's mistake: a 400 through the error page, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch (error) {
    throw unreadableBody(error)
  }
}

/** The Response to throw for a body that could not be read (413 when it outgrew its cap). */
export function unreadableBody(error: unknown): Response {
  if (error instanceof Response) return error
  const tooLarge =
    (error as { name?: string; cause?: { name?: string } } | null)?.name === 'BodyTooLarge' ||
    (error as { cause?: { name?: string } } | null)?.cause?.name === 'BodyTooLarge'
  return Response.json({ message: tooLarge ? 'tooLarge' : 'badRequest' }, { status: tooLarge ? 413 : 400 })
}

/** A private file, always downloaded (never rendered by the site), never cached on the way. */
export function privateDownload(bytes: Uint8Array, filename: string, contentType = 'application/octet-stream'): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
