import { type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import careersCss from '~/features/careers/components/careers.css'
import { CareersNav, isReader } from '~/features/careers/components/careers-nav'
import { jobSearchQuery, parseJobSearch } from '~/features/careers/schema'
import { OfferCard } from '~/features/careers/components/offer-card'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { searchJobOffers } from '~/features/careers/careers-search.server'
import { requireUser } from '~/features/accounts/guards.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('nav.careers')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: careersCss }]

/** « Carrière »: anyone logged in may post; paying members read, through the FAQ's two doors. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const reader = isReader(viewer)
  const latest = reader ? searchJobOffers(context.app, parseJobSearch(new URLSearchParams())).offers.slice(0, 5) : []
  return { reader, latest }
}

export default function Careers() {
  const t = useT()
  const { reader, latest } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('nav.careers')} lead={t('careers.lead')} />
      <CareersNav reader={reader} />
      {reader ? (
        <Form method="get" action="/carriere/offres" role="search" className="search-bar careers-home-search">
          <input type="hidden" name="porte" value="alumni" />
          <label htmlFor="q" className="visually-hidden">
            {t('careers.search.label')}
          </label>
          <input id="q" name="q" type="search" placeholder={t('careers.search.placeholder')} />
          <button type="submit" className="button button--primary">
            {t('careers.search.submit')}
          </button>
        </Form>
      ) : null}
      {reader ? (
        <div className="doors">
          <section className="card door" aria-labelledby="porte-etudiant">
            <h2 id="porte-etudiant">{t('careers.door.student')}</h2>
            <p>{t('careers.door.studentLead')}</p>
            <Link to={jobSearchQuery({ door: 'etudiant' })} className="button button--primary">
              {t('careers.door.studentCta')}
            </Link>
          </section>
          <section className="card door" aria-labelledby="porte-alumni">
            <h2 id="porte-alumni">{t('careers.door.alumni')}</h2>
            <p>{t('careers.door.alumniLead')}</p>
            <Link to={jobSearchQuery({ door: 'alumni' })} className="button button--primary">
              {t('careers.door.alumniCta')}
            </Link>
          </section>
        </div>
      ) : (
        <section className="card state state--soft">
          <p>{t('careers.readersOnly')}</p>
          <a href="/cotiser" className="button button--accent">
            {t('nav.dues')}
          </a>
        </section>
      )}
      <section className="card" aria-labelledby="recruter">
        <h2 id="recruter">{t('careers.recruit.title')}</h2>
        <p>{t('careers.recruit.lead')}</p>
        <div className="careers-links">
          <Link to="/carriere/deposer" className="button button--secondary">
            {t('careers.nav.post')}
          </Link>
          <Link to="/carriere/mes-offres">{t('careers.nav.myOffers')}</Link>
        </div>
      </section>
      {reader ? (
        <section aria-labelledby="dernieres">
          <h2 id="dernieres">{t('careers.latest')}</h2>
          {latest.length === 0 ? (
            <p className="card state state--soft">{t('careers.latestEmpty')}</p>
          ) : (
            <ul className="offer-list">
              {latest.map((o) => (
                <li key={o.id}>
                  <OfferCard offer={o} />
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
