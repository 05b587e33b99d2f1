import { encode } from 'turbo-stream'
import type { AppContext } from '~/context.server'
import { termsPendingFor } from '~/features/moderation/terms.server'
import { safeRedirect } from '~/shared/validation'

// After a new version of the terms comes in force, an account that has not accepted it sees the
// page asking for it before anything else. The check runs in the Express middleware, after the
// session (server/http.ts), not in the root loader: an action runs before any loader, so only a
// check ahead of Remix stops a POST as well as a page. It costs one prepared lookup per request.

export const TERMS_PROMPT_PATH = '/cgu/accepter'

/**
 * What stays reachable: the terms themselves and the page accepting them, logging out, the
 * privacy policy, the contact form (to ask a question before accepting), the language switch, the resource routes a
 * page needs (logo, icons, photos, map outlines), Remix's route manifest, the webhooks (no session
 * there anyway) and an appeal. Static files, /healthz and Socket.IO are answered before this.
 */
const EXEMPT = [
  /^\/cgu(?:\/|$)/,
  /^\/deconnexion$/,
  /^\/contact$/,
  /^\/confidentialite$/,
  /^\/langue$/,
  /^\/__manifest$/,
  /^\/webhooks\//,
  /^\/recours\//,
  /^\/marque\//,
  /^\/membres\/[^/]+\/photo$/,
  /^\/carte\//,
  /^\/(?:favicon|apple-touch-icon)[^/]*$/,
]

export type TermsGateAnswer = { status: number; headers: Record<string, string>; body: string }

/** The page as a member would land back on it: a `.data` request names its page without the suffix and Remix's `_routes`. */
function pageOf(url: URL): { path: string; data: boolean } {
  const data = url.pathname.endsWith('.data')
  const path = data ? url.pathname.replace(/\.data$/, '').replace(/^\/_root$/, '/') : url.pathname
  return { path: path || '/', data }
}

/**
 * Null when the request goes on; otherwise the answer that sends the account to the acceptance
 * page, remembering where it was going (a local path only). A client-side navigation or form
 * (`.data`) gets the redirect in Remix's own single-fetch encoding, with a full page load.
 */
export async function termsGateAnswer(ctx: AppContext, input: { userId: string; method: string; url: string }): Promise<TermsGateAnswer | null> {
  let url: URL
  try {
    url = new URL(input.url, 'http://site.invalid')
  } catch {
    return null
  }
  const page = pageOf(url)
  if (EXEMPT.some((rule) => rule.test(page.path))) return null
  if (termsPendingFor(ctx, input.userId) === null) return null

  const search = new URLSearchParams(url.search)
  search.delete('_routes')
  const query = search.toString()
  const back = safeRedirect(`${page.path}${query ? `?${query}` : ''}`, '/')
  const location = back === '/' ? TERMS_PROMPT_PATH : `${TERMS_PROMPT_PATH}?redirectTo=${encodeURIComponent(back)}`
  const isRead = input.method === 'GET' || input.method === 'HEAD'
  if (!page.data) return { status: isRead ? 302 : 303, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' }

  const redirect = { redirect: location, status: 302, revalidate: false, reload: true, replace: false }
  // A loader request reads `{ [SingleFetchRedirect]: … }`, an action request the redirect itself (see Remix's single-fetch.js).
  const marker = {}
  const stream = encode(isRead ? marker : redirect, { plugins: [(value) => (value === marker ? ['SingleFetchRedirect', redirect] : false)] })
  const body = await new Response(stream).text()
  return { status: 202, headers: { 'Content-Type': 'text/x-script', 'X-Remix-Response': 'yes', 'Cache-Control': 'no-store' }, body }
}
