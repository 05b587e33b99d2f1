import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
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
import stylesheet from '~/shared/styles/app.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
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
    settings: {
      associationName: context.app.config.ASSOCIATION_NAME,
      schoolName: context.app.config.SCHOOL_NAME,
      associationAddress: context.app.config.ASSOCIATION_ADDRESS,
      associationEmail: context.app.config.ASSOCIATION_EMAIL,
    },
    toast,
    notifications: context.viewer && context.viewer.role !== 'registered' ? unreadNotificationCount(context.app, context.viewer.id) : 0,
    unread: context.viewer && context.viewer.role !== 'registered' ? [...unreadCounts(context.app, context.viewer.id).values()].reduce((a, b) => a + b, 0) : 0,
  }
  return data(rootData, { headers: setCookie ? { 'Set-Cookie': setCookie } : {} })
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
