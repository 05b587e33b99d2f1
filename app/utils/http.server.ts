import { json } from '@remix-run/node'

/** Throws a Response when `condition` is false: for loaders that find nothing or refuse. */
export function invariantResponse(
  condition: unknown,
  message: string,
  init: ResponseInit = { status: 400 },
): asserts condition {
  if (!condition) throw json({ message }, init)
}

/** The origin for absolute links in mails: APP_URL when set, else the request's own. */
export function baseUrl(request: Request, appUrl: string | undefined): string {
  return appUrl ?? new URL(request.url).origin
}
