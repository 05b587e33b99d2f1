import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useT } from '~/shared/i18n'

/**
 * One boundary for every route: 404, a request that could not be read (400, 413), the
 * members-only 403 (with the way to pay dues), and a plain message for anything else. Never a stack trace.
 */
export function GeneralErrorBoundary() {
  const t = useT()
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
