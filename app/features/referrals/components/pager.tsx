import { Link, useLocation } from '@remix-run/react'
import { useT } from '~/shared/i18n'

/**
 * Previous / next for one list of a page that has two (the classmates to invite and my
 * invitations each page on their own query parameter), keeping the rest of the query string.
 */
export function Pager({ param, page, pages, label }: { param: string; page: number; pages: number; label: string }) {
  const t = useT()
  const location = useLocation()
  if (pages <= 1) return null
  const href = (p: number) => {
    const params = new URLSearchParams(location.search)
    params.set(param, String(p))
    return `${location.pathname}?${params}`
  }
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" className="button button--ghost button--small" preventScrollReset>
          ← {t('referrals.pager.previous')}
        </Link>
      ) : (
        <span />
      )}
      <span>{t('referrals.pager.status', { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next" className="button button--ghost button--small" preventScrollReset>
          {t('referrals.pager.next')} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}
