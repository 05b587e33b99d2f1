import { Form } from '@remix-run/react'
import { CONTRACT_TYPES, EXPERIENCE_LEVELS, JOB_SECTORS, OFFER_FIELD_MAX as MAX, REMOTE_POLICIES } from '~/features/careers/schema'
import type { FieldErrors, FormValues } from '~/shared/validation'
import { useT } from '~/shared/i18n'
import { ErrorSummary, Field, SelectField, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { contractKey, experienceKey, remoteKey, sectorKey } from '~/features/careers/components/format'

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
  values?: FormValues
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
      <ErrorSummary errors={errors} />
      <section className="form-section">
        <h2>{t('careers.form.position')}</h2>
        <Field label={t('careers.field.title')} name="title" required maxLength={MAX.title} defaultValue={v('title')} errors={errors.title} />
        <Field label={t('careers.field.company')} name="company" required maxLength={MAX.company} defaultValue={v('company')} errors={errors.company} />
        <SelectField
          label={t('careers.field.contractType')}
          name="contractType"
          required
          placeholder={t('careers.field.choose')}
          options={options(CONTRACT_TYPES, contractKey)}
          defaultValue={v('contractType')}
          errors={errors.contractType}
        />
        <SelectField
          label={t('careers.field.sector')}
          name="sector"
          required
          placeholder={t('careers.field.choose')}
          options={options(JOB_SECTORS, sectorKey)}
          defaultValue={v('sector')}
          errors={errors.sector}
        />
        <SelectField
          label={t('careers.field.experience')}
          name="experience"
          required
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
          maxLength={MAX.city}
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
          required
          placeholder={t('careers.field.choose')}
          options={options(REMOTE_POLICIES, remoteKey)}
          defaultValue={v('remote')}
          errors={errors.remote}
        />
      </section>
      <section className="form-section">
        <h2>{t('careers.form.texts')}</h2>
        <TextAreaField
          label={t('careers.field.description')}
          hint={t('careers.field.textHint')}
          name="description"
          rows={8}
          required
          maxLength={MAX.description}
          defaultValue={v('description')}
          errors={errors.description}
        />
        <TextAreaField
          label={t('careers.field.profileSought')}
          name="profileSought"
          rows={8}
          required
          maxLength={MAX.profileSought}
          defaultValue={v('profileSought')}
          errors={errors.profileSought}
        />
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
        <SelectField
          label={t('careers.field.salaryPeriod')}
          name="salaryPeriod"
          emptyOption={t('careers.salary.none')}
          options={[
            { value: 'year', label: t('careers.salary.perYearOption') },
            { value: 'month', label: t('careers.salary.perMonthOption') },
          ]}
          defaultValue={v('salaryPeriod')}
          errors={errors.salaryPeriod}
        />
      </section>
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  )
}
