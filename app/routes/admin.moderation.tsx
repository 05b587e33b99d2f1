import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import deskCss from '~/features/moderation/components/desk-styles.css'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { openAppealCount } from '~/features/moderation/appeals.server'
import { openTargetCount } from '~/features/moderation/desk.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('moderation.desk.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: deskCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  return { openTargets: openTargetCount(context.app), openAppeals: openAppealCount(context.app) }
}

/** The desk's sections: the reports' queue, the appeals, the audit log. */
export default function ModerationDesk() {
  const t = useT()
  const { openTargets, openAppeals } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="moderation-title">
      <h2 id="moderation-title">{t('moderation.desk.title')}</h2>
      <nav className="tabs" aria-label={t('moderation.desk.tabs')}>
        <NavLink to="/admin/moderation" end className="tabs__link">
          {t('moderation.desk.tab.queue')}
          {openTargets > 0 ? <span className="badge badge--count">{openTargets}</span> : null}
        </NavLink>
        <NavLink to="/admin/moderation/recours" className="tabs__link">
          {t('moderation.desk.tab.appeals')}
          {openAppeals > 0 ? <span className="badge badge--count">{openAppeals}</span> : null}
        </NavLink>
        <NavLink to="/admin/moderation/journal" className="tabs__link">
          {t('moderation.desk.tab.log')}
        </NavLink>
      </nav>
      <Outlet />
    </section>
  )
}
