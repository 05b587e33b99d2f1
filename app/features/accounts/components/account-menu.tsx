import { Link, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { MessageKey } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'
import { isPayingMember } from '~/shared/viewer'

interface AccountMenuEntry {
  to: string
  key: MessageKey
  /** Pages behind `requireMember` (or of no use without dues): not offered to a registered account. */
  membersOnly?: boolean
  /** Only the exact path is this entry (/mon-compte would otherwise own every /mon-compte/… page). */
  end?: boolean
  /** Other pages that belong to this entry (it is then marked as the current section). */
  also?: string[]
}

// The FAQ's « menu utilisateur de la colonne de gauche », in its order. A page to come (« Mon
// agenda ») is one more line here, once its route exists.
const ENTRIES: AccountMenuEntry[] = [
  { to: '/mon-compte', key: 'account.menu.details', end: true },
  { to: '/mon-compte/profil', key: 'account.menu.profile' },
  { to: '/mon-compte/coordonnees', key: 'account.menu.credentials' },
  { to: '/mon-compte/cotisation', key: 'account.menu.membership', also: ['/mon-compte/justificatif'] },
  { to: '/mon-compte/billets', key: 'account.menu.tickets' },
  { to: '/carriere/mes-offres', key: 'account.menu.myOffers' },
  { to: '/carriere/mes-candidatures', key: 'account.menu.myApplications', membersOnly: true },
  { to: '/carriere/alertes', key: 'account.menu.alerts', membersOnly: true },
  { to: '/notifications', key: 'account.menu.notifications', membersOnly: true },
  { to: '/recommander', key: 'referrals.menu', membersOnly: true },
  { to: '/elections', key: 'elections.menu' },
  { to: '/mon-compte/donnees', key: 'privacy.mine.menu' },
]

const within = (pathname: string, path: string) => pathname === path || pathname.startsWith(`${path}/`)

/** `page` on the entry's own page, `true` on a page below it (a proof upload under the dues). */
function currentness(entry: AccountMenuEntry, pathname: string): 'page' | 'true' | undefined {
  const path = pathname.replace(/\/+$/, '') || '/'
  if (path === entry.to) return 'page'
  if (!entry.end && within(path, entry.to)) return 'true'
  return entry.also?.some((p) => within(path, p)) ? 'true' : undefined
}

/** « Mon compte »'s menu: a column on the left from 768 px, a list of links above the page on phones. */
export function AccountMenu() {
  const t = useT()
  const { viewer } = useRootData()
  const { pathname } = useLocation()
  const member = isPayingMember(viewer)
  const entries = ENTRIES.filter((e) => member || !e.membersOnly)
  return (
    <nav className="account-menu" aria-label={t('account.menu.label')} data-testid="account-menu">
      <ul className="account-menu__list">
        {entries.map((entry) => {
          const current = currentness(entry, pathname)
          return (
            <li key={entry.to}>
              <Link to={entry.to} className="account-menu__link" aria-current={current} prefetch="intent">
                {t(entry.key)}
              </Link>
            </li>
          )
        })}
      </ul>
      {member ? null : (
        <p className="account-menu__note">
          {t('account.menu.membersOnly')} <a href="/cotiser">{t('account.menu.payDues')}</a>
        </p>
      )}
    </nav>
  )
}

/** Every « Mon compte » page (and the careers and mentions pages its menu leads to) sits in this. */
export function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <div className="account-layout">
      <AccountMenu />
      <div className="account-layout__content">{children}</div>
    </div>
  )
}
