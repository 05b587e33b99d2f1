import { Link, NavLink, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useT } from '~/shared/i18n'
import { isPayingMember, type Viewer } from '~/shared/viewer'

/**
 * The careers pages a user comes back to; readers (paying members) see all five. On a phone the
 * strip scrolls sideways inside itself (never the page), and starts scrolled to the current tab.
 */
export function CareersNav({ reader }: { reader: boolean }) {
  const t = useT()
  const { pathname } = useLocation()
  const strip = useRef<HTMLElement>(null)
  // The search and an offer's page belong to « Offres », the careers home.
  const onOffers = pathname === '/carriere' || pathname.startsWith('/carriere/offres')
  useEffect(() => {
    const nav = strip.current
    const current = nav?.querySelector<HTMLElement>('[aria-current="page"]')
    // scrollLeft rather than scrollIntoView: the latter would also scroll the page itself.
    if (nav && current && nav.scrollWidth > nav.clientWidth) nav.scrollLeft += current.getBoundingClientRect().left - nav.getBoundingClientRect().left - 16
  }, [pathname])
  return (
    <nav ref={strip} className="tabs careers-tabs" aria-label={t('careers.nav.label')}>
      <Link to="/carriere" className={`tabs__link${onOffers ? ' active' : ''}`} aria-current={onOffers ? 'page' : undefined}>
        {t('careers.nav.home')}
      </Link>
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
