import type { Session } from 'lucia'
import type { AppContext } from '~/context.server'
import type { Viewer } from '~/shared/viewer'
import type { Locale } from '~/i18n'

/** What server/http.ts hands to every loader and action through getLoadContext. */
export interface RequestContext {
  app: AppContext
  viewer: Viewer | null
  session: Session | null
  clientIp: string
  cspNonce: string
  locale: Locale
  /** Whether the request arrived over https (decides the `Secure` cookie attribute). */
  secure: boolean
  /** The request's id in the logs (shown on the error page so that a member can quote it). */
  requestId: string
}

declare module '@remix-run/server-runtime' {
  interface AppLoadContext extends RequestContext {}
}
