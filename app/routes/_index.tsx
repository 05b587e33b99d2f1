import { type LinksFunction, type LoaderFunctionArgs, type MetaArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { memberDashboard, visitorHome } from '~/features/home/home.server'
import { Dashboard } from '~/features/home/components/dashboard'
import { VisitorHome } from '~/features/home/components/visitor-home'
import { titleMeta } from '~/shared/meta'
import { getUser } from '~/features/accounts/guards.server'
import eventsCss from '~/features/events/components/events.css'
import homeCss from '~/features/home/components/home.css'

export const links: LinksFunction = () => [eventsCss, homeCss].map((href) => ({ rel: 'stylesheet', href }))

/** The root's meta (the association's name) for visitors; « Tableau de bord » once logged in. */
export const meta = (args: MetaArgs<typeof loader>) =>
  args.data?.kind === 'dashboard' ? dashboardMeta(args as never) : (args.matches.find((m) => m.id === 'root')?.meta ?? [])
const dashboardMeta = titleMeta('home.dash.title')

/** One loader for both faces of `/`: the visitors' welcome, or the logged-in dashboard. */
export function loader({ context }: LoaderFunctionArgs) {
  const viewer = getUser(context)
  if (!viewer) return { kind: 'visitor' as const, visitor: visitorHome(context.app), dashboard: null }
  return { kind: 'dashboard' as const, visitor: null, dashboard: memberDashboard(context.app, viewer) }
}

export default function Home() {
  const data = useLoaderData<typeof loader>()
  return data.dashboard ? <Dashboard data={data.dashboard} /> : <VisitorHome data={data.visitor!} />
}
