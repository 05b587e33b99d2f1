import { Form, Link, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { NavigationProgress } from '~/shared/components/navigation-progress'
import { SiteHeader } from '~/shared/components/site-header'
import { useRootData, useT } from '~/shared/i18n'

function LanguageSwitch() {
  const t = useT()
  const { locale } = useRootData()
  const location = useLocation()
  return (
    <Form method="post" action="/langue" className="lang-switch">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <input type="hidden" name="locale" value={locale === 'fr' ? 'en' : 'fr'} />
      <button type="submit" className="link-button" lang={locale === 'fr' ? 'en' : 'fr'}>
        {t('lang.switchTo')}
      </button>
    </Form>
  )
}

export function SiteLayout({ children }: { children: ReactNode }) {
  const t = useT()
  const { settings } = useRootData()
  return (
    <>
      <a href="#contenu" className="skip-link">
        {t('nav.skip')}
      </a>
      <NavigationProgress />
      <SiteHeader />
      <main id="contenu" className="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <div className="footer__inner">
          <p>{t('footer.address', { name: settings.associationName, address: settings.associationAddress })}</p>
          <p>
            {t('footer.contact', { email: '' })}
            <a href={`mailto:${settings.associationEmail}`}>{settings.associationEmail}</a>
          </p>
          <p>
            <Link to="/contact">{t('contactForm.footer')}</Link> · <Link to="/cgu">{t('terms.footer')}</Link> ·{' '}
            <Link to="/confidentialite">{t('privacy.footer')}</Link>
          </p>
          <LanguageSwitch />
        </div>
      </footer>
    </>
  )
}

export function PageHeader({ title, lead, children }: { title: string; lead?: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {lead ? <p className="lead">{lead}</p> : null}
      {children}
    </div>
  )
}
