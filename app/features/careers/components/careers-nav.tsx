import { NavLink } from '@remix-run/react'
import { useT } from '~/shared/i18n'
import { isPayingMember, type Viewer } from '~/shared/viewer'

/** The careers pages a user comes back to; readers (paying members) see all four. */
export function CareersNav({ reader }: { reader: boolean }) {
  const t = useT()
  return (
    <nav className="tabs" aria-label={t('careers.nav.label')}>
      <NavLink to="/carriere" end className="tabs__link">
        {t('careers.nav.home')}
      </NavLink>
      <NavLink to="/carriere/deposer" className="tabs__link">
        {t('careers.nav.post')}
      </NavLink>
      <NavLink to="/carriere/mes-offres" className="tabs__link">
        {t('careers.nav.myOffers')}
      </NavLink>
      {reader ? (
        <>
          <NavLink to="/carriere/mes-candidatures" className="tabs__link">
            {t('careers.nav.myApplications')}
          </NavLink>
          <NavLink to="/carriere/alertes" className="tabs__link">
            {t('careers.nav.alerts')}
          </NavLink>
        </>
      ) : null}
    </nav>
  )
}

export const isReader = (viewer: { role: Viewer['role'] }) => isPayingMember(viewer)
