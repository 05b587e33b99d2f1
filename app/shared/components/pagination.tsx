import { Link, useLocation } from '@remix-run/react'
import { useT } from '~/shared/i18n'

/** Previous / next links that keep the rest of the query string (works without JavaScript). */
export function Pagination({ page, pages }: { page: number; pages: number }) {
  const t = useT()
  const location = useLocation()
  if (pages <= 1) return null
  const href = (p: number) => {
    const params = new URLSearchParams(location.search)
    params.set('page', String(p))
    return `${location.pathname}?${params}`
  }
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" className="button button--ghost button--small">
          ← {t('pagination.previous')}
        </Link>
      ) : (
        <span />
      )}
      <span aria-current="page">{t('pagination.status', { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next" className="button button--ghost button--small">
          {t('pagination.next')} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}

export function pageParam(request: Request): number {
  const value = Number(new URL(request.url).searchParams.get('page') ?? '1')
  return Number.isInteger(value) && value >= 1 && value <= 10_000 ? value : 1
}
