import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { backupStatusView } from '~/features/admin/backups.server'
import { BackupStatus } from '~/features/admin/components/backup-status'
import { openTargetCount } from '~/features/moderation/desk.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('admin.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  return { backup: backupStatusView(context.app), moderation: openTargetCount(context.app) }
}

export default function Admin() {
  const t = useT()
  const { backup, moderation } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('admin.title')} />
      <BackupStatus backup={backup} />
      <nav className="tabs tabs--wrap" aria-label={t('admin.title')}>
        <NavLink to="/admin" end className="tabs__link">
          {t('admin.dashboard.nav')}
        </NavLink>
        <NavLink to="/admin/membres" className="tabs__link">
          {t('admin.membersList.nav')}
        </NavLink>
        <NavLink to="/admin/cotisations" className="tabs__link">
          {t('admin.dues')}
        </NavLink>
        <NavLink to="/admin/groupes" className="tabs__link">
          {t('admin.groups')}
        </NavLink>
        <NavLink to="/admin/offres" className="tabs__link">
          {t('admin.offers')}
        </NavLink>
        <NavLink to="/admin/diplomes" className="tabs__link">
          {t('roster.nav')}
        </NavLink>
        <NavLink to="/admin/moderation" className="tabs__link">
          {t('moderation.desk.nav')}
          {moderation > 0 ? (
            <span className="badge badge--count" title={t('moderation.desk.navCount', { count: moderation })}>
              {moderation}
            </span>
          ) : null}
        </NavLink>
        <NavLink to="/admin/elections" className="tabs__link">
          {t('elections.nav')}
        </NavLink>
        <NavLink to="/admin/lettres" className="tabs__link">
          {t('campaigns.nav')}
        </NavLink>
        <NavLink to="/admin/emails" className="tabs__link">
          {t('admin.emails')}
        </NavLink>
        <NavLink to="/admin/contact" className="tabs__link">
          {t('contactForm.admin.nav')}
        </NavLink>
        <NavLink to="/admin/cgu" className="tabs__link">
          {t('terms.admin.nav')}
        </NavLink>
        <NavLink to="/admin/rgpd" className="tabs__link">
          {t('privacy.requests.nav')}
        </NavLink>
        <NavLink to="/admin/recommandations" className="tabs__link">
          {t('referrals.admin.nav')}
        </NavLink>
      </nav>
      <Outlet />
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
