import { redirect, type AppLoadContext } from '@remix-run/node'
import type { Viewer } from '~/features/accounts/accounts.server'
import { sessionsEnded } from '~/features/accounts/access.server'
import { sessionCookieHeader } from '~/features/accounts/auth.server'
import { isPayingMember } from '~/shared/viewer'

export function getUser(context: AppLoadContext): Viewer | null {
  return context.viewer
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url)
  const redirectTo = `${url.pathname}${url.search}`
  throw redirect(`/connexion?redirectTo=${encodeURIComponent(redirectTo)}`)
}

export function requireUser(request: Request, context: AppLoadContext): Viewer {
  return context.viewer ?? loginRedirect(request)
}

/**
 * Dues-paying members (and webmasters). A registered non-member gets a 403 page that links to
 * /cotiser. The refusals are real Responses (not `data()`): resource routes use these guards too.
 */
export function requireMember(request: Request, context: AppLoadContext): Viewer {
  const viewer = requireUser(request, context)
  if (!isPayingMember(viewer)) {
    throw Response.json({ reason: 'notMember' }, { status: 403 })
  }
  return viewer
}

export function requireWebmaster(request: Request, context: AppLoadContext): Viewer {
  const viewer = requireUser(request, context)
  if (!viewer.isWebmaster) throw Response.json({ reason: 'notWebmaster' }, { status: 403 })
  return viewer
}

export function requireAnonymous(context: AppLoadContext) {
  if (context.viewer) throw redirect('/mon-compte')
}

/** Opens a session for `userId` and returns its Set-Cookie header. */
export async function startSession(context: AppLoadContext, userId: string): Promise<string> {
  const { auth } = context.app
  const session = await auth.createSession(userId, {})
  return sessionCookieHeader(auth.createSessionCookie(session.id), context.secure)
}

export async function endSession(context: AppLoadContext): Promise<string> {
  const { auth } = context.app
  if (context.session) {
    await auth.invalidateSession(context.session.id)
    sessionsEnded(context.app, context.session.userId, { only: context.session.id })
  }
  return sessionCookieHeader(auth.createBlankSessionCookie(), context.secure)
}
