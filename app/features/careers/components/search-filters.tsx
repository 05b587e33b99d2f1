import { useId } from 'react'
import { CONTRACT_TYPES, EXPERIENCE_LEVELS, JOB_SECTORS, REMOTE_POLICIES, STUDENT_CONTRACT_TYPES } from '~/features/careers/schema'
import type { MessageKey } from '~/i18n'
import { useT } from '~/shared/i18n'
import { CheckboxGroup, FilterSelect } from '~/shared/components/forms'
import { contractKey, experienceKey, remoteKey, sectorKey } from '~/features/careers/components/format'
import { RADII_KM, SINCE_DAYS, type JobSearch } from '~/features/careers/schema'

/** The filters of a job search, as a plain GET form's fields (it works without JavaScript). */
export function SearchFilters({ search, placeUnknown }: { search: JobSearch; placeUnknown: boolean }) {
  const t = useT()
  const id = useId()
  const contracts = search.door === 'etudiant' ? STUDENT_CONTRACT_TYPES : CONTRACT_TYPES
  const list = (values: readonly string[], key: (v: string) => MessageKey) => values.map((value) => ({ value, label: t(key(value)) }))
  return (
    <div className="filters careers-filters">
      <CheckboxGroup legend={t('careers.filter.contract')} name="contrat" values={search.contract} options={list(contracts, contractKey)} />
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
      <FilterSelect
        label={t('careers.filter.radius')}
        name="rayon"
        value={search.radius ?? 50}
        anyLabel={t('careers.filter.radiusDefault')}
        options={RADII_KM.map((km) => ({ value: String(km), label: t('careers.filter.km', { km }) }))}
      />
      <FilterSelect
        label={t('careers.filter.remote')}
        name="teletravail"
        value={search.remote}
        anyLabel={t('careers.filter.any')}
        options={list(REMOTE_POLICIES, remoteKey)}
      />
      <FilterSelect
        label={t('careers.filter.sector')}
        name="secteur"
        value={search.sector}
        anyLabel={t('careers.filter.anySector')}
        options={list(JOB_SECTORS, sectorKey)}
      />
      <FilterSelect
        label={t('careers.filter.experience')}
        name="experience"
        value={search.experience}
        anyLabel={t('careers.filter.any')}
        options={list(EXPERIENCE_LEVELS, experienceKey)}
      />
      <FilterSelect
        label={t('careers.filter.since')}
        name="depuis"
        value={search.since}
        anyLabel={t('careers.filter.anyTime')}
        options={SINCE_DAYS.map((d) => ({ value: String(d), label: t(d === 1 ? 'careers.filter.since1' : 'careers.filter.sinceDays', { days: d }) }))}
      />
    </div>
  )
}
