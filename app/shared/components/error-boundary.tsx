import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { formatDate } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'

/**
 * One boundary for every route: 404, a request that could not be read (400, 413), the
 * members-only 403 (with the way to pay dues), and a plain message for anything else. Never a stack trace.
 */
export function GeneralErrorBoundary() {
  const t = useT()
  const { locale } = useRootData()
  const error = useRouteError()
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      return (
        <section className="state">
          <h1>{t('notFound.title')}</h1>
          <p>{t('notFound.body')}</p>
          <Link to="/" className="button button--primary">
            {t('notFound.home')}
          </Link>
        </section>
      )
    }
    if (error.status === 400 || error.status === 413) {
      const key = error.status === 400 ? 'badRequest' : 'tooLarge'
      return (
        <section className="state">
          <h1>{t(`${key}.title`)}</h1>
          <p>{t(`${key}.body`)}</p>
          <Link to="/" className="button button--primary">
            {t('notFound.home')}
          </Link>
        </section>
      )
    }
    if (error.status === 403 && (error.data as { reason?: string } | null)?.reason === 'restricted') {
      // Moderation's restriction: said plainly, with its end when it has one (never who reported).
      const until = (error.data as { until?: string | null }).until
      return (
        <section className="state">
          <h1>{t('moderation.restricted.title')}</h1>
          <p>{t('moderation.restricted.body')}</p>
          {until ? <p>{t('moderation.restricted.until', { date: formatDate(locale, new Date(until)) })}</p> : null}
          <a href="/contact" className="button button--primary">
            {t('moderation.restricted.contact')}
          </a>
        </section>
      )
    }
    if (error.status === 403) {
      const notMember = (error.data as { reason?: string } | null)?.reason === 'notMember'
      return (
        <section className="state">
          <h1>{notMember ? t('guard.memberTitle') : t('guard.webmasterTitle')}</h1>
          <p>{notMember ? t('guard.memberBody') : t('guard.webmasterBody')}</p>
          {notMember ? (
            <a href="/cotiser" className="button button--primary">
              {t('guard.memberCta')}
            </a>
          ) : (
            <Link to="/" className="button button--primary">
              {t('notFound.home')}
            </Link>
          )}
        </section>
      )
    }
  }
  return (
    <section className="state">
      <h1>{t('error.title')}</h1>
      <p>{t('error.body')}</p>
      <Link to="/" className="button button--primary">
        {t('notFound.home')}
      </Link>
    </section>
  )
}
