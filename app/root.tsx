import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { SiteLayout } from '~/shared/components/layout'
import { ToastMessage } from '~/shared/components/toast'
import type { RootData } from '~/shared/i18n'
import { translate } from '~/i18n'
import { useNonce } from '~/shared/nonce'
import { readToast } from '~/shared/toast.server'
import { unreadCounts } from '~/features/groups/groups.server'
import { unreadNotificationCount } from '~/features/groups/notifications.server'
import { RealtimeProvider } from '~/shared/components/realtime'
import { publicSettings } from '~/shared/config'
import stylesheet from '~/shared/styles/app.css'
import componentsStylesheet from '~/shared/styles/components.css'
import directoryStylesheet from '~/shared/styles/directory.css'
import contentStylesheet from '~/shared/styles/content.css'
import formsStylesheet from '~/shared/styles/forms.css'
import shellStylesheet from '~/shared/styles/shell.css'
import interLatin from '@fontsource-variable/inter/files/inter-latin-wght-normal.woff2'
import { BrandHead } from '~/shared/components/brand-head'

export const links: LinksFunction = () => [
  // The text font, before the stylesheets ask for it; Latin Extended is fetched only if needed.
  { rel: 'preload', href: interLatin, as: 'font', type: 'font/woff2', crossOrigin: 'anonymous' },
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'stylesheet', href: componentsStylesheet },
  { rel: 'stylesheet', href: directoryStylesheet },
  { rel: 'stylesheet', href: contentStylesheet },
  { rel: 'stylesheet', href: formsStylesheet },
  { rel: 'stylesheet', href: shellStylesheet },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.settings.associationName ?? 'Amicale' },
  {
    name: 'description',
    content: data ? translate(data.locale, 'meta.description', { school: data.settings.schoolName }) : '',
  },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { toast, setCookie } = await readToast(request, context)
  const rootData: RootData = {
    locale: context.locale,
    viewer: context.viewer,
    settings: publicSettings(context.app.config),
    toast,
    notifications: context.viewer && context.viewer.role !== 'registered' ? unreadNotificationCount(context.app, context.viewer.id) : 0,
    unread: context.viewer && context.viewer.role !== 'registered' ? [...unreadCounts(context.app, context.viewer.id).values()].reduce((a, b) => a + b, 0) : 0,
  }
  // A page carrying the one-time message is never stored: Back would otherwise bring the page
  // back from the browser's cache, message included, without asking the server.
  return data(rootData, { headers: setCookie ? { 'Set-Cookie': setCookie, 'Cache-Control': 'private, no-store' } : {} })
}

/** Pages pass on what the root loader says of caching (only the one-time message, so far). */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const cacheControl = loaderHeaders.get('Cache-Control')
  return cacheControl ? { 'Cache-Control': cacheControl } : new Headers()
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const data = useRouteLoaderData('root') as RootData | undefined
  return (
    <html lang={data?.locale ?? 'fr'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
        <BrandHead settings={data?.settings} />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  const data = useRouteLoaderData('root') as RootData
  // Every account gets the socket (live event counters); groups and chat answer members only.
  // Visitors get one on the pages that ask for it (`handle.realtime`: an event's live counters).
  const matches = useMatches()
  const live = (data.viewer !== null && data.viewer !== undefined) || matches.some((m) => (m.handle as { realtime?: boolean } | undefined)?.realtime === true)
  return (
    <RealtimeProvider enabled={live}>
      <SiteLayout>
        <ToastMessage toast={data.toast} />
        <Outlet />
      </SiteLayout>
    </RealtimeProvider>
  )
}

export function ErrorBoundary() {
  return (
    <SiteLayout>
      <GeneralErrorBoundary />
    </SiteLayout>
  )
}
