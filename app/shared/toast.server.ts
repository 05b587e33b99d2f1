import { createCookieSessionStorage, redirect, type AppLoadContext } from '@remix-run/node'
import type { MessageKey, Params } from '~/i18n'

export interface Toast {
  type: 'success' | 'info' | 'error'
  key: MessageKey
  params?: Params
}

const storages = new Map<string, ReturnType<typeof createStorage>>()
function createStorage(secret: string, secure: boolean) {
  return createCookieSessionStorage({
    cookie: { name: 'amicale_toast', httpOnly: true, sameSite: 'lax', path: '/', secrets: [secret], secure },
  })
}
function storage(secret: string, secure: boolean) {
  const id = `${secure}:${secret}`
  let s = storages.get(id)
  if (!s) storages.set(id, (s = createStorage(secret, secure)))
  return s
}

function storageFor(context: AppLoadContext) {
  return storage(context.app.config.SESSION_SECRET, context.secure)
}

/** Redirect and show a one-time message on the next page (cookie-backed, works without JavaScript). */
export async function redirectWithToast(context: AppLoadContext, url: string, toast: Toast, headers: HeadersInit = {}) {
  const s = storageFor(context)
  const session = await s.getSession()
  session.flash('toast', toast)
  const out = new Headers(headers)
  out.append('Set-Cookie', await s.commitSession(session))
  return redirect(url, { headers: out })
}

export async function readToast(request: Request, context: AppLoadContext) {
  const s = storageFor(context)
  const session = await s.getSession(request.headers.get('Cookie'))
  const toast = (session.get('toast') as Toast | undefined) ?? null
  return { toast, setCookie: toast ? await s.commitSession(session) : null }
}
