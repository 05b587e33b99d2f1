import { type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import careersCss from '~/features/careers/components/careers.css'
import { CareersNav, isReader } from '~/features/careers/components/careers-nav'
import { contractKey, formatMoment } from '~/features/careers/components/format'
import { StatusBadge } from '~/features/careers/components/offer-card'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { myApplications } from '~/features/careers/careers-applications.server'
import { requireUser } from '~/features/accounts/guards.server'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('careers.myApplications.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: careersCss }]

/** The member's own applications (kept readable even if their dues lapse later). */
export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  return { ...myApplications(context.app, viewer.id, pageParam(request)), page: pageParam(request), reader: isReader(viewer) }
}

export default function MyApplications() {
  const t = useT()
  const { locale } = useRootData()
  const { applications, page, pages, total, reader } = useLoaderData<typeof loader>()
  return (
    <AccountLayout>
      <PageHeader title={t('careers.myApplications.title')} lead={t('careers.myApplications.lead')} />
      <CareersNav reader={reader} />
      {total === 0 ? (
        <div className="card state state--soft">
          <p>{t('careers.myApplications.empty')}</p>
          {reader ? (
            <Link to="/carriere" className="button button--secondary">
              {t('careers.myApplications.browse')}
            </Link>
          ) : null}
        </div>
      ) : (
        <ul className="offer-list">
          {applications.map((a) => (
            <li key={a.id} className="card offer-card">
              <h2 className="offer-card__title">{a.offerStatus === 'published' ? <Link to={`/carriere/offres/${a.offerId}`}>{a.title}</Link> : a.title}</h2>
              <p className="offer-card__meta">
                <span>{a.company}</span>
                <span className="badge badge--contract">{t(contractKey(a.contractType))}</span>
                <span>{a.city}</span>
                <StatusBadge status={a.offerStatus} />
              </p>
              <p>
                {t('careers.myApplications.sentOn', { date: formatMoment(locale, a.createdAt) })}{' '}
                {a.emailedAt ? t('careers.myApplications.delivered') : t('careers.myApplications.queued')}
              </p>
              <p>
                <a href={`/carriere/candidatures/${a.id}/cv`}>{t('careers.myApplications.cv', { name: a.cvOriginalName })}</a>
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
