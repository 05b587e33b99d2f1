import { Form, NavLink, useLocation } from '@remix-run/react'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { useSocketEvent } from '~/shared/components/realtime'
import type { MessageKey } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'

const sections: { to: string; key: MessageKey }[] = [
  { to: '/', key: 'nav.home' },
  { to: '/annuaire', key: 'nav.directory' },
  { to: '/carriere', key: 'nav.careers' },
  { to: '/evenements', key: 'nav.events' },
  { to: '/groupes', key: 'nav.groups' },
  { to: '/discussions', key: 'nav.discussions' },
]

/** Unread group messages: the count from the page load, then live from the group rooms. */
function useUnread(): number {
  const { unread, viewer } = useRootData()
  const [count, setCount] = useState(unread)
  const location = useLocation()
  useEffect(() => setCount(unread), [unread])
  useSocketEvent(
    'group:message:new',
    useCallback(
      (e: { groupId: number; authorId: string | null }) => {
        if (e.authorId !== viewer?.id && location.pathname !== `/groupes/${e.groupId}`) setCount((c) => c + 1)
      },
      [viewer?.id, location.pathname],
    ),
  )
  return count
}

function NavLinks() {
  const t = useT()
  const { viewer } = useRootData()
  const unread = useUnread()
  return (
    <ul className="nav__list">
      {sections.map((s) => (
        <li key={s.to}>
          <NavLink to={s.to} end={s.to === '/'} className="nav__link" prefetch="intent">
            {t(s.key)}
            {s.to === '/groupes' && unread > 0 ? (
              <span className="badge badge--count" data-testid="unread">
                {unread}
                <span className="visually-hidden"> {t('groups.unread', { count: unread })}</span>
              </span>
            ) : null}
          </NavLink>
        </li>
      ))}
      {viewer ? (
        <li>
          <NavLink to="/mon-compte" className="nav__link">
            {t('nav.account')}
          </NavLink>
        </li>
      ) : null}
      {viewer?.isWebmaster ? (
        <li>
          <NavLink to="/admin" className="nav__link">
            {t('nav.admin')}
          </NavLink>
        </li>
      ) : null}
    </ul>
  )
}

/** Unread mentions: from the page load, then live from the member's own room. */
function NotificationsLink() {
  const t = useT()
  const { notifications } = useRootData()
  const [count, setCount] = useState(notifications)
  useEffect(() => setCount(notifications), [notifications])
  useSocketEvent(
    'notification:new',
    useCallback(() => setCount((c) => c + 1), []),
  )
  return (
    <a href="/notifications" className="button button--ghost button--small" aria-label={t('notifications.label', { count })}>
      @
      {count > 0 ? (
        <span className="badge badge--count" data-testid="notifications">
          {count}
        </span>
      ) : null}
    </a>
  )
}

function AccountActions() {
  const t = useT()
  const { viewer } = useRootData()
  const location = useLocation()
  return (
    <div className="header__actions">
      {viewer && viewer.role !== 'registered' ? <NotificationsLink /> : null}
      {viewer?.membership ? null : (
        <a href="/cotiser" className="button button--accent button--small">
          {t('nav.dues')}
        </a>
      )}
      {viewer ? (
        <Form method="post" action="/deconnexion">
          <button type="submit" className="button button--ghost button--small">
            {t('nav.logout')}
          </button>
        </Form>
      ) : (
        <>
          <a
            href={`/connexion${location.pathname === '/' ? '' : `?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}`}
            className="button button--ghost button--small"
          >
            {t('nav.login')}
          </a>
          <a href="/inscription" className="button button--ghost button--small hide-narrow">
            {t('nav.signup')}
          </a>
        </>
      )}
    </div>
  )
}

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
      <header className="header">
        <div className="header__inner">
          <a href="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              A
            </span>
            <span className="brand__name">{settings.associationName}</span>
          </a>
          <nav className="nav nav--wide" aria-label={t('nav.label')}>
            <NavLinks />
          </nav>
          <AccountActions />
          <details className="nav nav--narrow">
            <summary className="button button--ghost button--small">{t('nav.menu')}</summary>
            <nav aria-label={t('nav.label')}>
              <NavLinks />
            </nav>
          </details>
        </div>
      </header>
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
