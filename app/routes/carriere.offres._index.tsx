import { type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import careersCss from '~/features/careers/components/careers.css'
import { CareersNav } from '~/features/careers/components/careers-nav'
import { activeJobFilters, jobSearchQuery, parseJobSearch } from '~/features/careers/schema'
import { OfferCard } from '~/features/careers/components/offer-card'
import { SearchFilters } from '~/features/careers/components/search-filters'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { Pagination } from '~/shared/components/pagination'
import { searchJobOffers } from '~/features/careers/careers-search.server'
import { requireMember } from '~/features/accounts/guards.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('careers.search.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: careersCss }]

/** The two doors of the FAQ, one page: students see internships and apprenticeships, alumni everything. */
export function loader({ request, context }: LoaderFunctionArgs) {
  requireMember(request, context)
  const search = parseJobSearch(new URL(request.url).searchParams)
  return { search, ...searchJobOffers(context.app, search) }
}

export default function JobSearchPage() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const { search } = data
  const location = useLocation()
  const navigation = useNavigation()
  const searching = navigation.state === 'loading' && navigation.location.pathname === location.pathname
  const student = search.door === 'etudiant'
  const filters = activeJobFilters(search)
  return (
    <>
      <PageHeader
        title={t(student ? 'careers.door.student' : 'careers.door.alumni')}
        lead={t(student ? 'careers.door.studentLead' : 'careers.door.alumniLead')}
      />
      <CareersNav reader />
      <p>
        <Link to={jobSearchQuery({ door: student ? 'alumni' : 'etudiant' })}>
          {t(student ? 'careers.door.switchToAlumni' : 'careers.door.switchToStudent')}
        </Link>
      </p>
      {/* The search box first; the filters folded behind « Filtres (n) » on phones (open on wide
          screens through CSS); one submit for both, after the filters, where a phone's thumb is. */}
      <Form method="get" action="/carriere/offres" role="search" className="careers-search">
        <input type="hidden" name="porte" value={search.door} />
        <div className="search-bar careers-search__query">
          <label htmlFor="q" className="visually-hidden">
            {t('careers.search.label')}
          </label>
          <input id="q" name="q" type="search" defaultValue={search.q ?? ''} placeholder={t('careers.search.placeholder')} />
        </div>
        <details className="directory__filters careers-search__filters" open={data.placeUnknown || undefined}>
          <summary>{filters ? t('careers.filter.titleCount', { count: filters }) : t('careers.filter.title')}</summary>
          <SearchFilters search={search} placeUnknown={data.placeUnknown} />
        </details>
        <button type="submit" className="button button--primary careers-search__submit">
          {t('careers.search.submit')}
        </button>
        <section className="careers-search__results" aria-labelledby="resultats" aria-busy={searching}>
          <h2 id="resultats" aria-live="polite">
            {t('careers.search.results', { count: data.total })}
          </h2>
          {data.offers.length === 0 ? (
            <div className="card state state--soft">
              <p>
                <strong>{t('careers.search.empty')}</strong>
              </p>
              <p>{t('careers.search.emptyHint')}</p>
              <Link to={jobSearchQuery({ door: search.door })} className="button button--secondary">
                {t('careers.search.reset')}
              </Link>
            </div>
          ) : (
            <ul className="offer-list">
              {data.offers.map((o) => (
                <li key={o.id}>
                  <OfferCard offer={o} />
                </li>
              ))}
            </ul>
          )}
          <Pagination page={data.page} pages={data.pages} />
        </section>
      </Form>
      <Form method="post" action="/carriere/alertes" className="card form">
        <h2>{t('careers.alerts.saveTitle')}</h2>
        <p className="muted">{t('careers.alerts.saveLead')}</p>
        <input type="hidden" name="criteria" value={location.search} />
        <button type="submit" name="intent" value="create" className="button button--secondary">
          {t('careers.alerts.save')}
        </button>
      </Form>
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
