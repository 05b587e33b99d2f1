import { Form } from '@remix-run/react'
import { useId } from 'react'
import { CONTRACT_TYPES, EXPERIENCE_LEVELS, JOB_SECTORS, REMOTE_POLICIES } from '~/features/careers/schema'
import type { FieldErrors } from '~/shared/validation'
import { useT } from '~/shared/i18n'
import { Field, FormAlert, SelectField, SubmitButton } from '~/shared/components/forms'
import { contractKey, experienceKey, remoteKey, sectorKey } from '~/features/careers/components/format'
import { ErrorText, TextArea } from '~/features/careers/components/text-area'

/**
 * The posting form: every field required but the salary. Used to post, to edit and to repost;
 * `values` are what was sent (after an error) or the stored offer.
 */
export function OfferForm({
  values = {},
  errors = {},
  submitLabel,
  hidden = {},
}: {
  values?: Record<string, string>
  errors?: FieldErrors
  submitLabel: string
  hidden?: Record<string, string>
}) {
  const t = useT()
  const v = (name: string) => values[name] ?? ''
  const options = (list: readonly string[], key: (v: string) => Parameters<typeof t>[0]) => list.map((value) => ({ value, label: t(key(value)) }))
  return (
    <Form method="post" className="card form" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormAlert messages={Object.keys(errors).length ? [t('form.errorSummary')] : undefined} />
      <section className="form-section">
        <h2>{t('careers.form.position')}</h2>
        <Field label={t('careers.field.title')} name="title" required maxLength={120} defaultValue={v('title')} errors={errors.title} />
        <Field label={t('careers.field.company')} name="company" required maxLength={120} defaultValue={v('company')} errors={errors.company} />
        <SelectField
          label={t('careers.field.contractType')}
          name="contractType"
          placeholder={t('careers.field.choose')}
          options={options(CONTRACT_TYPES, contractKey)}
          defaultValue={v('contractType')}
          errors={errors.contractType}
        />
        <SelectField
          label={t('careers.field.sector')}
          name="sector"
          placeholder={t('careers.field.choose')}
          options={options(JOB_SECTORS, sectorKey)}
          defaultValue={v('sector')}
          errors={errors.sector}
        />
        <SelectField
          label={t('careers.field.experience')}
          name="experience"
          placeholder={t('careers.field.choose')}
          options={options(EXPERIENCE_LEVELS, experienceKey)}
          defaultValue={v('experience')}
          errors={errors.experience}
        />
      </section>
      <section className="form-section">
        <h2>{t('careers.form.place')}</h2>
        <Field
          label={t('careers.field.city')}
          hint={t('careers.field.cityHint')}
          name="city"
          required
          maxLength={100}
          autoComplete="address-level2"
          defaultValue={v('city')}
          errors={errors.city}
        />
        <Field
          label={t('careers.field.country')}
          hint={t('careers.field.countryHint')}
          name="country"
          maxLength={2}
          defaultValue={v('country')}
          errors={errors.country}
        />
        <SelectField
          label={t('careers.field.remote')}
          name="remote"
          placeholder={t('careers.field.choose')}
          options={options(REMOTE_POLICIES, remoteKey)}
          defaultValue={v('remote')}
          errors={errors.remote}
        />
      </section>
      <section className="form-section">
        <h2>{t('careers.form.texts')}</h2>
        <TextArea
          label={t('careers.field.description')}
          hint={t('careers.field.textHint')}
          name="description"
          max={5000}
          defaultValue={v('description')}
          errors={errors.description}
        />
        <TextArea label={t('careers.field.profileSought')} name="profileSought" max={3000} defaultValue={v('profileSought')} errors={errors.profileSought} />
      </section>
      <section className="form-section">
        <h2>{t('careers.form.practical')}</h2>
        <Field label={t('careers.field.startDate')} name="startDate" type="date" required defaultValue={v('startDate')} errors={errors.startDate} />
        <Field
          label={t('careers.field.deadline')}
          hint={t('careers.field.deadlineHint')}
          name="deadline"
          type="date"
          required
          defaultValue={v('deadline')}
          errors={errors.deadline}
        />
        <Field
          label={t('careers.field.applicationEmail')}
          hint={t('careers.field.applicationEmailHint')}
          name="applicationEmail"
          type="email"
          required
          autoComplete="email"
          defaultValue={v('applicationEmail')}
          errors={errors.applicationEmail}
        />
        <Field
          label={t('careers.field.salaryMin')}
          name="salaryMin"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          defaultValue={v('salaryMin')}
          errors={errors.salaryMin}
        />
        <Field
          label={t('careers.field.salaryMax')}
          name="salaryMax"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          defaultValue={v('salaryMax')}
          errors={errors.salaryMax}
        />
        <SalaryPeriod value={v('salaryPeriod')} errors={errors.salaryPeriod} />
      </section>
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  )
}

function SalaryPeriod({ value, errors }: { value: string; errors?: string[] }) {
  const t = useT()
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>
        {t('careers.field.salaryPeriod')}
        <span className="field__optional"> {t('form.optional')}</span>
      </label>
      <select
        id={id}
        name="salaryPeriod"
        defaultValue={value}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
      >
        <option value="">{t('careers.salary.none')}</option>
        <option value="year">{t('careers.salary.perYearOption')}</option>
        <option value="month">{t('careers.salary.perMonthOption')}</option>
      </select>
      <ErrorText id={id} errors={errors} />
    </div>
  )
}
