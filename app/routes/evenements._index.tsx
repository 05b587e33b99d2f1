import { type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigate, useSubmit } from '@remix-run/react'
import { useMemo } from 'react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { EventCard } from '~/features/events/components/event-card'
import { PageHeader } from '~/shared/components/layout'
import { MemberMap, mapStylesheets } from '~/features/directory/components/member-map'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { canCreateEvents, eventFacets, listEvents, EVENTS_PER_PAGE, type EventFilters } from '~/features/events/events.server'
import { getUser } from '~/features/accounts/guards.server'
import { useT } from '~/shared/i18n'
import { FilterSelect } from '~/shared/components/forms'
import { titleMeta } from '~/shared/meta'
import eventsCss from '~/features/events/components/events.css'
import { mapTiles } from '~/shared/map/tiles'

export const meta = titleMeta('nav.events')
export const links: LinksFunction = () => [...mapStylesheets, eventsCss].map((href) => ({ rel: 'stylesheet', href }))

/** The filters live in the URL: a plain GET form, shareable, and working without JavaScript. */
function filtersFrom(url: URL): EventFilters {
  const p = url.searchParams
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(p.get('mois') ?? '') ? p.get('mois')! : undefined
  const groupId = Number(p.get('groupe'))
  const yesNo = (name: string) => (p.get(name) === 'oui' ? true : p.get(name) === 'non' ? false : undefined)
  return {
    when: p.get('quand') === 'passes' ? 'past' : 'upcoming',
    month,
    city: p.get('ville')?.slice(0, 100) || undefined,
    online: yesNo('en-ligne'),
    paid: yesNo('payant'),
    groupId: Number.isInteger(groupId) && groupId > 0 ? groupId : undefined,
    page: 1,
  }
}

export function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const filters = { ...filtersFrom(url), page: pageParam(request) }
  const { total, events } = listEvents(context.app, filters)
  return {
    events,
    total,
    pages: Math.max(1, Math.ceil(total / EVENTS_PER_PAGE)),
    page: filters.page,
    facets: eventFacets(context.app),
    query: Object.fromEntries(url.searchParams),
    canCreate: canCreateEvents(context.app, getUser(context)),
    tiles: mapTiles(context.app.config, context.locale),
  }
}

export default function Events() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const submit = useSubmit()
  const navigate = useNavigate()
  const q = data.query
  const past = q.quand === 'passes'
  const points = useMemo(() => data.facets.points.map((p) => ({ id: String(p.id), lat: p.latitude!, lng: p.longitude! })), [data.facets.points])
  const filtered = ['mois', 'ville', 'en-ligne', 'payant', 'groupe'].some((k) => q[k])
  return (
    <>
      <PageHeader title={t('nav.events')} lead={t('section.events.lead')}>
        {data.canCreate ? (
          <Link to="/evenements/nouveau" className="button button--primary">
            {t('events.create')}
          </Link>
        ) : null}
      </PageHeader>
      <nav className="tabs" aria-label={t('events.when.label')}>
        <Link to="/evenements" className={`tabs__link${past ? '' : ' active'}`} aria-current={past ? undefined : 'page'}>
          {t('events.when.upcoming')}
        </Link>
        <Link to="/evenements?quand=passes" className={`tabs__link${past ? ' active' : ''}`} aria-current={past ? 'page' : undefined}>
          {t('events.when.past')}
        </Link>
      </nav>
      <div className="events-layout">
        <div>
          <Form
            method="get"
            className="filters card event-filters"
            onChange={(e) => submit(e.currentTarget, { preventScrollReset: true, replace: true })}
            aria-label={t('events.filters.label')}
          >
            {past ? <input type="hidden" name="quand" value="passes" /> : null}
            <div className="field">
              <label htmlFor="mois">{t('events.filters.month')}</label>
              <input id="mois" name="mois" type="month" defaultValue={q.mois} />
            </div>
            <FilterSelect
              label={t('events.filters.city')}
              name="ville"
              id="ville"
              value={q.ville}
              anyLabel={t('events.filters.any')}
              options={data.facets.cities.map((c) => ({ value: c, label: c }))}
            />
            <FilterSelect
              label={t('events.filters.format')}
              name="en-ligne"
              id="en-ligne"
              value={q['en-ligne']}
              anyLabel={t('events.filters.any')}
              options={[
                { value: 'non', label: t('events.filters.inPerson') },
                { value: 'oui', label: t('events.filters.online') },
              ]}
            />
            <FilterSelect
              label={t('events.filters.price')}
              name="payant"
              id="payant"
              value={q.payant}
              anyLabel={t('events.filters.any')}
              options={[
                { value: 'non', label: t('events.filters.free') },
                { value: 'oui', label: t('events.filters.paid') },
              ]}
            />
            {data.facets.groups.length > 0 ? (
              <FilterSelect
                label={t('events.filters.group')}
                name="groupe"
                id="groupe"
                value={q.groupe}
                anyLabel={t('events.filters.any')}
                options={data.facets.groups.map((g) => ({ value: String(g.id), label: g.name }))}
              />
            ) : null}
            <noscript>
              <button type="submit" className="button button--secondary">
                {t('events.filters.apply')}
              </button>
            </noscript>
            {filtered ? (
              <Link to={past ? '/evenements?quand=passes' : '/evenements'} className="button button--ghost button--small">
                {t('events.filters.reset')}
              </Link>
            ) : null}
          </Form>
          <p className="muted" role="status">
            {t('events.count', { count: data.total })}
          </p>
          {data.events.length === 0 ? (
            <div className="state card">
              <p>{t(filtered ? 'events.emptyFiltered' : past ? 'events.emptyPast' : 'events.empty')}</p>
              {filtered ? <Link to="/evenements">{t('events.filters.reset')}</Link> : null}
            </div>
          ) : (
            <ul className="event-list" aria-label={t('events.listLabel')}>
              {data.events.map((event) => (
                <li key={event.id}>
                  <EventCard event={event} />
                </li>
              ))}
            </ul>
          )}
          <Pagination page={data.page} pages={data.pages} />
        </div>
        {!past && points.length > 0 ? (
          <div className="events-map">
            <MemberMap
              points={points}
              tiles={data.tiles}
              onSelect={(id) => navigate(`/evenements/${id}`)}
              labels={{
                mapLabel: t('events.map.label'),
                searchArea: t('events.map.label'),
                cluster: (count) => t('events.map.cluster', { count }),
                member: t('events.map.event'),
                tilesUnavailable: t('events.map.tilesUnavailable'),
              }}
            />
          </div>
        ) : null}
      </div>
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
