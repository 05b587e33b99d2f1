import { decode } from 'turbo-stream'

/**
 * With single fetch, Remix's client reads a page's loaders from one `.data` URL (and posts its
 * actions there): `/evenements/3` → `/evenements/3.data`, `/` → `/_root.data`, query kept.
 */
export function dataUrl(path: string): string {
  const url = new URL(path, 'http://localhost')
  url.pathname = url.pathname === '/' ? '/_root.data' : `${url.pathname.replace(/\/$/, '')}.data`
  return `${url.pathname}${url.search}`
}

/** What a `.data` answer carries for a route: its data, its error, or where it redirects. */
export type SingleFetchResult = { data: unknown } | { error: unknown } | { redirect: string; status: number }

/**
 * A `.data` body decoded as Remix's client does (turbo-stream with Remix's own types): for a GET,
 * route id → result, or `{ redirect, status }` for the whole request; for a POST, the action's.
 * Errors come back as plain objects (`{ name, message }`, `{ status, data }`) to compare.
 */
export async function decodeData(response: Response): Promise<unknown> {
  if (!response.body) throw new Error(`no body to decode (status ${response.status})`)
  const decoded = await decode(response.body, {
    plugins: [
      (type, ...rest) => {
        if (type === 'SanitizedError') return { value: { name: rest[0], message: rest[1] } }
        if (type === 'ErrorResponse') return { value: { data: rest[0], status: rest[1], statusText: rest[2] } }
        if (type === 'SingleFetchRedirect') return { value: rest[0] }
        if (type === 'SingleFetchClassInstance') return { value: rest[0] }
        if (type === 'SingleFetchFallback') return { value: undefined }
        return false
      },
    ],
  })
  await decoded.done
  return decoded.value
}
