import { useId } from 'react'
import type { MessageKey } from '~/i18n'
import { RADII_KM, type DirectoryState } from '~/features/directory/query'
import { diplomaLabel } from '~/features/directory/schema'
import { useRootData, useT } from '~/shared/i18n'
import { CheckboxGroup, FilterSelect } from '~/shared/components/forms'

type Facets = Record<string, Record<string, number>>
const FACETS: { key: 'diploma' | 'company' | 'city' | 'country'; param: string; label: MessageKey }[] = [
  { key: 'diploma', param: 'diplome', label: 'directory.diploma' },
  { key: 'company', param: 'entreprise', label: 'directory.company' },
  { key: 'city', param: 'ville', label: 'directory.city' },
  { key: 'country', param: 'pays', label: 'directory.country' },
]
const TOP = 8

const regionNames = new Map<string, Intl.DisplayNames>()
function countryName(code: string, locale: string) {
  try {
    let names = regionNames.get(locale)
    if (!names) regionNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region' })))
    return names.of(code) ?? code
  } catch {
    return code
  }
}

/** One facet: its most frequent values with their counts, plus whatever is already chosen. */
function FacetGroup({ label, param, counts, selected }: { label: string; param: string; counts: Record<string, number>; selected: string[] }) {
  const { locale } = useRootData()
  const t = useT()
  const values = Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'fr'))
    .slice(0, TOP)
  for (const v of selected) if (!values.some(([name]) => name === v)) values.push([v, counts[v] ?? 0])
  if (!values.length) return null
  return (
    <CheckboxGroup
      look="facets"
      legend={label}
      name={param}
      values={selected}
      options={values.map(([value, count]) => ({
        value,
        label: param === 'pays' ? countryName(value, locale) : param === 'diplome' ? diplomaLabel(t, value) : value,
        detail: <span className="facet__count">{count}</span>,
      }))}
    />
  )
}

export function DirectoryFilters({
  state,
  facets,
  nearUnknown,
  promotionInvalid = false,
  promotions,
}: {
  state: DirectoryState
  facets: Facets
  nearUnknown: boolean
  /** The promotion typed is no year or range of `promotions`: the search ran without it. */
  promotionInvalid?: boolean
  promotions: { min: number; max: number }
}) {
  const t = useT()
  const id = useId()
  return (
    <div className="filters">
      <div className="field">
        <label htmlFor={`${id}-promo`}>{t('directory.promotion')}</label>
        <p className="field__hint" id={`${id}-promo-hint`}>
          {t('directory.promotionHint')}
        </p>
        <input
          id={`${id}-promo`}
          name="promo"
          inputMode="numeric"
          defaultValue={state.promo}
          aria-invalid={promotionInvalid || undefined}
          aria-describedby={promotionInvalid ? `${id}-promo-error ${id}-promo-hint` : `${id}-promo-hint`}
          placeholder="2010-2015"
        />
        {promotionInvalid ? (
          <p className="field__error" id={`${id}-promo-error`} data-testid="promotion-error">
            {t('directory.promotionInvalid', { value: state.promo, min: String(promotions.min), max: String(promotions.max) })}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-near`}>{t('directory.near')}</label>
        <input
          id={`${id}-near`}
          name="pres"
          defaultValue={state.near}
          autoComplete="address-level2"
          aria-invalid={nearUnknown || undefined}
          aria-describedby={nearUnknown ? `${id}-near-error` : undefined}
        />
        {nearUnknown ? (
          <p className="field__error" id={`${id}-near-error`}>
            {t('directory.nearUnknown', { city: state.near })}
          </p>
        ) : null}
      </div>
      <FilterSelect
        label={t('directory.radius')}
        name="rayon"
        id={`${id}-radius`}
        value={state.radius}
        options={RADII_KM.map((km) => ({ value: String(km), label: t('directory.radiusKm', { km }) }))}
      />
      {FACETS.map((f) => (
        <FacetGroup key={f.key} label={t(f.label)} param={f.param} counts={facets[f.key] ?? {}} selected={state[f.key]} />
      ))}
    </div>
  )
}
