import { useId } from 'react'
import { CONTRACT_TYPES, EXPERIENCE_LEVELS, JOB_SECTORS, REMOTE_POLICIES, STUDENT_CONTRACT_TYPES } from '~/features/careers/schema'
import type { MessageKey } from '~/i18n'
import { useT } from '~/shared/i18n'
import { contractKey, experienceKey, remoteKey, sectorKey } from '~/features/careers/components/format'
import { RADII_KM, SINCE_DAYS, type JobSearch } from '~/features/careers/schema'

function Select({
  label,
  name,
  value,
  options,
  anyLabel,
}: {
  label: string
  name: string
  value?: string | number
  options: { value: string; label: string }[]
  anyLabel: string
}) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value === undefined ? '' : String(value)}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** The filters of a job search, as a plain GET form's fields (it works without JavaScript). */
export function SearchFilters({ search, placeUnknown }: { search: JobSearch; placeUnknown: boolean }) {
  const t = useT()
  const id = useId()
  const contracts = search.door === 'etudiant' ? STUDENT_CONTRACT_TYPES : CONTRACT_TYPES
  const list = (values: readonly string[], key: (v: string) => MessageKey) => values.map((value) => ({ value, label: t(key(value)) }))
  return (
    <div className="filters careers-filters">
      <fieldset>
        <legend>{t('careers.filter.contract')}</legend>
        {contracts.map((c) => (
          <label key={c} className="checkbox">
            <input type="checkbox" name="contrat" value={c} defaultChecked={search.contract.includes(c)} /> <span>{t(contractKey(c))}</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-city`}>{t('careers.filter.city')}</label>
        <input
          id={`${id}-city`}
          name="ville"
          defaultValue={search.city ?? ''}
          autoComplete="address-level2"
          aria-invalid={placeUnknown || undefined}
          aria-describedby={placeUnknown ? `${id}-city-error` : undefined}
        />
        {placeUnknown ? (
          <p className="field__error" id={`${id}-city-error`}>
            {t('careers.filter.cityUnknown', { city: search.city ?? '' })}
          </p>
        ) : null}
      </div>
      <Select
        label={t('careers.filter.radius')}
        name="rayon"
        value={search.radius ?? 50}
        anyLabel={t('careers.filter.radiusDefault')}
        options={RADII_KM.map((km) => ({ value: String(km), label: t('careers.filter.km', { km }) }))}
      />
      <Select
        label={t('careers.filter.remote')}
        name="teletravail"
        value={search.remote}
        anyLabel={t('careers.filter.any')}
        options={list(REMOTE_POLICIES, remoteKey)}
      />
      <Select
        label={t('careers.filter.sector')}
        name="secteur"
        value={search.sector}
        anyLabel={t('careers.filter.anySector')}
        options={list(JOB_SECTORS, sectorKey)}
      />
      <Select
        label={t('careers.filter.experience')}
        name="experience"
        value={search.experience}
        anyLabel={t('careers.filter.any')}
        options={list(EXPERIENCE_LEVELS, experienceKey)}
      />
      <Select
        label={t('careers.filter.since')}
        name="depuis"
        value={search.since}
        anyLabel={t('careers.filter.anyTime')}
        options={SINCE_DAYS.map((d) => ({ value: String(d), label: t(d === 1 ? 'careers.filter.since1' : 'careers.filter.sinceDays', { days: d }) }))}
      />
    </div>
  )
}
