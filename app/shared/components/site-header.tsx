import { Form, Link, NavLink, useLocation } from '@remix-run/react'
import { useCallback, useEffect, useState } from 'react'
import { MenuDrawer } from '~/shared/components/drawer'
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

/** Unread mentions: from the page load, then live from the member's own room. */
function useNotifications(): number {
  const { notifications } = useRootData()
  const [count, setCount] = useState(notifications)
  useEffect(() => setCount(notifications), [notifications])
  useSocketEvent(
    'notification:new',
    useCallback(() => setCount((c) => c + 1), []),
  )
  return count
}

function SectionLinks({ unread }: { unread: number }) {
  const t = useT()
  return (
    <ul className="site-nav__list">
      {sections.map((s) => (
        <li key={s.to} className={s.to === '/' ? 'site-nav__home' : undefined}>
          <NavLink to={s.to} end={s.to === '/'} className="site-nav__link" prefetch="intent">
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
    </ul>
  )
}

function NotificationBell() {
  const t = useT()
  const count = useNotifications()
  return (
    <NavLink to="/notifications" className="bell" aria-label={t('notifications.label', { count })}>
      <svg className="bell__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
        <path
          d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16zM10 20a2 2 0 0 0 4 0"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinejoin="round"
          strokeLinecap="round"
          fill="none"
        />
      </svg>
      {count > 0 ? (
        <span className="bell__count" data-testid="notifications" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </NavLink>
  )
}

/** Mon compte, Admin, Cotiser and the session's door: inline on wide screens, listed in the drawer. */
function AccountLinks({ place }: { place: 'bar' | 'drawer' }) {
  const t = useT()
  const { viewer } = useRootData()
  const location = useLocation()
  const back = location.pathname === '/' ? '' : `?redirectTo=${encodeURIComponent(location.pathname + location.search)}`
  const link = place === 'bar' ? 'button button--ghost button--small' : 'drawer__link'
  return (
    <ul className={`account-links account-links--${place}`}>
      {viewer?.membership ? null : (
        <li>
          <Link to="/cotiser" className={place === 'bar' ? 'button button--accent button--small' : 'drawer__link drawer__link--accent'}>
            {t('nav.dues')}
          </Link>
        </li>
      )}
      {viewer ? (
        <>
          <li>
            <NavLink to="/mon-compte" className={link}>
              {t('nav.account')}
            </NavLink>
          </li>
          {viewer.isWebmaster ? (
            <li>
              <NavLink to="/admin" className={link}>
                {t('nav.admin')}
              </NavLink>
            </li>
          ) : null}
          <li>
            <Form method="post" action="/deconnexion">
              <button type="submit" className={link}>
                {t('nav.logout')}
              </button>
            </Form>
          </li>
        </>
      ) : (
        <>
          <li>
            <a href={`/connexion${back}`} className={link}>
              {t('nav.login')}
            </a>
          </li>
          <li>
            <a href="/inscription" className={link}>
              {t('nav.signup')}
            </a>
          </li>
        </>
      )}
    </ul>
  )
}

function Brand() {
  const { settings } = useRootData()
  const short = settings.associationShortName
  const full = settings.associationName
  return (
    <Link to="/" className="brand" prefetch="intent">
      {settings.logoUrl ? (
        <img className="brand__logo" src={settings.logoUrl} alt="" width="32" height="32" />
      ) : (
        <span className="brand__mark" aria-hidden="true">
          {short.charAt(0).toUpperCase()}
        </span>
      )}
      {short === full ? (
        <span className="brand__name">{full}</span>
      ) : (
        <>
          <span className="brand__name brand__name--short">{short}</span>
          <span className="brand__name brand__name--full">{full}</span>
        </>
      )}
    </Link>
  )
}

/**
 * One bar at every width, at most 64 px high on a phone: the brand, the sections from 768 px, the
 * bell, and a menu button whose drawer holds the sections and the account's links.
 */
export function SiteHeader() {
  const t = useT()
  const { viewer } = useRootData()
  const unread = useUnread()
  return (
    <header className="site-header">
      <div className="site-header__bar">
        <Brand />
        <nav className="site-nav" aria-label={t('nav.label')}>
          <SectionLinks unread={unread} />
        </nav>
        <div className="site-header__actions">
          {viewer && viewer.role !== 'registered' ? <NotificationBell /> : null}
          <AccountLinks place="bar" />
          <MenuDrawer label={t('nav.menu')} closeLabel={t('nav.menuClose')}>
            <nav className="drawer__sections" aria-label={t('nav.label')}>
              <SectionLinks unread={unread} />
            </nav>
            <AccountLinks place="drawer" />
          </MenuDrawer>
        </div>
      </div>
    </header>
  )
}
