import { type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useFetcher, useLoaderData, useLocation, useNavigate, useNavigation, useSubmit } from '@remix-run/react'
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { DirectoryFilters } from '~/features/directory/components/filters'
import { MemberCard, type CardMember } from '~/features/directory/components/member-card'
import { DirectoryViewTabs, MemberResults } from '~/features/directory/components/results'
import { FilterSelect } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { MemberMap, mapStylesheets } from '~/features/directory/components/member-map'
import { directoryFromUrl } from '~/features/directory/directory.server'
import { requireMember } from '~/features/accounts/guards.server'
import { directoryHref } from '~/features/directory/query'
import { useMediaQuery } from '~/shared/hooks'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { mapTiles } from '~/shared/map/tiles'

export const meta = titleMeta('directory.title')
export const links: LinksFunction = () => mapStylesheets.map((href) => ({ rel: 'stylesheet', href }))

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMember(request, context)
  // The map's points are not in the page: the map asks /api/annuaire/carte for each view's clusters when it is shown.
  const { points: _points, ...result } = await directoryFromUrl(context.app, new URL(request.url).searchParams)
  return { ...result, tiles: mapTiles(context.app.config, context.locale) }
}

const TYPING_DELAY_MS = 250

export default function Directory() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const { state } = data
  const submit = useSubmit()
  const navigate = useNavigate()
  const navigation = useNavigation()
  const formRef = useRef<HTMLFormElement>(null)
  const typing = useRef<ReturnType<typeof setTimeout>>()
  const searching = navigation.state === 'loading' && navigation.location.pathname === '/annuaire'
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const card = useFetcher<CardMember>()
  // The map is only built where it is seen: Leaflet measures its container when it starts.
  const wide = useMediaQuery('(min-width: 1200px)')
  const mapVisible = wide || state.view === 'carte'

  // Results follow the typing (debounced); Remix cancels an older search when a newer one starts,
  // so a late answer never replaces a newer one. Filters apply at once and make a history entry.
  function onChange(event: FormEvent<HTMLFormElement>) {
    const target = event.target as HTMLInputElement
    clearTimeout(typing.current)
    const form = formRef.current!
    if (target.type === 'search' || target.type === 'text' || target.inputMode === 'numeric') {
      typing.current = setTimeout(() => submit(form, { replace: true, preventScrollReset: true }), TYPING_DELAY_MS)
    } else {
      submit(form, { preventScrollReset: true })
    }
  }
  useEffect(() => () => clearTimeout(typing.current), [])

  // The search as it stands, handed to the profiles opened from it for their « Retour à l’annuaire ».
  const returnTo = directoryHref(state, { page: state.page })
  const activeFilters =
    [state.promo, state.near, state.box].filter(Boolean).length + state.diploma.length + state.company.length + state.city.length + state.country.length
  // The same search as the page, every match with a place (not one page of them), for the map only.
  const { search } = useLocation()
  // Clustered on the server, a view at a time (a few KB whatever the number of members).
  const clustersUrl = useMemo(() => {
    if (!mapVisible) return null
    const params = new URLSearchParams(search)
    for (const name of ['page', 'vue', 'tri']) params.delete(name)
    return `/api/annuaire/carte?${params}`
  }, [mapVisible, search])
  function select(id: string) {
    setSelectedId(id)
    card.load(`/api/membres/${id}`)
  }

  return (
    <div className={`directory directory--${state.view}`}>
      <PageHeader title={t('directory.title')} lead={t('directory.lead')} />
      <Form method="get" action="/annuaire" ref={formRef} onChange={onChange} className="directory__form" role="search">
        <div className="search-bar search-bar--large">
          <label htmlFor="q" className="visually-hidden">
            {t('directory.search')}
          </label>
          <input id="q" name="q" type="search" defaultValue={state.q} placeholder={t('directory.searchPlaceholder')} autoComplete="off" />
          <button type="submit" className="button button--primary">
            {t('directory.submit')}
          </button>
        </div>
        {state.view === 'carte' ? <input type="hidden" name="vue" value="carte" /> : null}
        {state.box ? <input type="hidden" name="zone" value={state.box} /> : null}
        <div className="directory__layout">
          {/* Folded on phones; wide screens show it open through CSS (::details-content). */}
          <details className="directory__filters">
            <summary>
              {t('directory.filters')}
              {activeFilters ? <span className="badge badge--count">{activeFilters}</span> : null}
            </summary>
            <DirectoryFilters
              state={state}
              facets={data.facets}
              nearUnknown={data.nearUnknown}
              promotionInvalid={data.promotionInvalid}
              promotions={data.promotions}
            />
          </details>
          <section className="directory__results" aria-labelledby="resultats" aria-busy={searching}>
            <div className="directory__toolbar">
              <h2 id="resultats" className="directory__count" aria-live="polite">
                {searching ? t('directory.loading') : t('directory.results', { count: data.total })}
              </h2>
              <FilterSelect
                inline
                label={t('directory.sort')}
                name="tri"
                value={state.sort}
                options={(['relevance', 'name', 'promotion'] as const).map((sort) => ({ value: sort, label: t(`directory.sort.${sort}`) }))}
              />
            </div>
            <DirectoryViewTabs state={state} />
            {state.box ? (
              <p className="alert alert--info directory__area">
                {t('directory.map.areaActive')} <Link to={directoryHref(state, { box: '' })}>{t('directory.map.clearArea')}</Link>
              </p>
            ) : null}
            <div className={`directory__panes${searching ? ' is-searching' : ''}`}>
              <MemberResults hits={data.hits as CardMember[]} selectedId={selectedId} page={data.page} pages={data.pages} returnTo={returnTo} />
              <div className="directory__map">
                {card.data && selectedId ? (
                  <div className="directory__selected">
                    <MemberCard member={card.data} selected returnTo={returnTo} />
                  </div>
                ) : null}
                {mapVisible ? (
                  <MemberMap
                    points={null}
                    clustersUrl={clustersUrl}
                    tiles={data.tiles}
                    selectedId={selectedId}
                    onSelect={select}
                    onSearchArea={(box) =>
                      navigate(directoryHref(state, { box: [box.north, box.south, box.east, box.west].map((n) => n.toFixed(4)).join(','), near: '' }), {
                        preventScrollReset: true,
                      })
                    }
                    labels={{
                      searchArea: t('directory.map.searchArea'),
                      mapLabel: t('directory.map.label'),
                      cluster: (count) => t('directory.map.cluster', { count }),
                      member: t('directory.map.member'),
                      tilesUnavailable: t('directory.map.tilesUnavailable'),
                    }}
                  />
                ) : null}
              </div>
            </div>
          </section>
        </div>
      </Form>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
