import { Form } from '@remix-run/react'
import { CheckboxField, ErrorSummary, Field, RadioGroup, SubmitButton, TextAreaField } from '~/shared/components/forms'
import type { FormResult } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { ELECTION_DEFAULTS, ELECTION_LIMITS } from '~/features/elections/stage'
import { DATE_FIELDS, ELIGIBILITIES, TIE_RULES, TRUSTEE_SLOTS, trusteeField } from '~/features/elections/setup-schema'

type Locks = { trustees?: boolean; roll?: boolean; candidacy?: boolean }

/**
 * The election's form, to create it or edit a draft: what, when (Paris times), who votes, who
 * holds the key. Fields whose stage has passed are shown read-only with why (`locks`).
 */
export function ElectionForm({
  values,
  failure,
  trusteeCount,
  locks = {},
  intent,
  submitLabel,
}: {
  values: Record<string, string>
  failure: FormResult
  /** Trustee pickers to show (the form's default, or the election's count plus room for more). */
  trusteeCount: number
  locks?: Locks
  intent?: string
  submitLabel: string
}) {
  const t = useT()
  const v = failure.failed ? failure.values : values
  const e = failure.errors
  const slots = Math.min(TRUSTEE_SLOTS, Math.max(trusteeCount, ELECTION_DEFAULTS.trustees))
  const dateLocked = (field: (typeof DATE_FIELDS)[number]) =>
    (locks.roll && field === 'rollAt') || (locks.candidacy && (field === 'candidacyOpensAt' || field === 'candidacyClosesAt'))
  return (
    <Form method="post" className="form setup-form" noValidate>
      <ErrorSummary errors={failure.failed ? e : undefined} />
      <section className="form-section">
        <h3>{t('elections.setup.section.what')}</h3>
        <Field label={t('elections.setup.field.title')} name="title" required maxLength={ELECTION_LIMITS.title} defaultValue={v.title} errors={e.title} />
        <TextAreaField
          label={t('elections.setup.field.description')}
          hint={t('elections.setup.field.descriptionHint', { max: ELECTION_LIMITS.description })}
          name="description"
          rows={4}
          maxLength={ELECTION_LIMITS.description}
          defaultValue={v.description}
          errors={e.description}
        />
        <Field
          label={t('elections.setup.field.seats')}
          hint={t('elections.setup.field.seatsHint', { max: ELECTION_LIMITS.seats })}
          name="seats"
          type="number"
          inputMode="numeric"
          min={1}
          max={ELECTION_LIMITS.seats}
          required
          defaultValue={v.seats ?? String(ELECTION_DEFAULTS.seats)}
          errors={e.seats}
        />
      </section>

      <section className="form-section">
        <h3>{t('elections.setup.section.when')}</h3>
        <p className="muted">{t('elections.setup.section.whenHint')}</p>
        {DATE_FIELDS.map((field) =>
          dateLocked(field) ? (
            <Field
              key={field}
              label={t(`elections.setup.field.${field}`)}
              hint={t(field === 'rollAt' ? 'elections.setup.locked.roll' : 'elections.setup.locked.candidacy')}
              name={field}
              type="datetime-local"
              readOnly
              defaultValue={v[field]}
              errors={e[field]}
            />
          ) : (
            <Field
              key={field}
              label={t(`elections.setup.field.${field}`)}
              hint={t(`elections.setup.field.${field}Hint`)}
              name={field}
              type="datetime-local"
              required
              defaultValue={v[field]}
              errors={e[field]}
            />
          ),
        )}
      </section>

      <section className="form-section">
        <h3>{t('elections.setup.section.who')}</h3>
        {locks.roll ? (
          <>
            <input type="hidden" name="eligibility" value={v.eligibility} />
            <p>
              {t('elections.setup.field.eligibility')} :{' '}
              <strong>{t(`elections.setup.eligibility.${v.eligibility === 'alumni_members' ? 'alumni_members' : 'members'}`)}</strong>
            </p>
            <p className="field__hint">{t('elections.setup.locked.roll')}</p>
          </>
        ) : (
          <RadioGroup
            legend={t('elections.setup.field.eligibility')}
            name="eligibility"
            value={v.eligibility ?? 'members'}
            options={ELIGIBILITIES.map((value) => ({ value, label: t(`elections.setup.eligibility.${value}`) }))}
            errors={e.eligibility}
          />
        )}
        <CheckboxField
          label={t('elections.setup.field.requireMailCode')}
          hint={t('elections.setup.field.requireMailCodeHint')}
          name="requireMailCode"
          defaultChecked={v.requireMailCode === 'on'}
          errors={e.requireMailCode}
        />
      </section>

      <section className="form-section">
        <h3>{t('elections.setup.section.trustees')}</h3>
        <p className="muted">{t('elections.setup.trusteesExplained')}</p>
        {locks.trustees ? <p className="alert alert--info">{t('elections.setup.locked.trustees')}</p> : null}
        {Array.from({ length: slots }, (_, i) => {
          const name = trusteeField(i + 1)
          return locks.trustees ? (
            <input key={name} type="hidden" name={name} value={v[name] ?? ''} />
          ) : (
            <Field
              key={name}
              label={t('elections.setup.field.trustee', { position: i + 1 })}
              hint={i === 0 ? t('elections.setup.field.trusteeHint') : undefined}
              name={name}
              type="email"
              autoComplete="off"
              spellCheck={false}
              maxLength={254}
              defaultValue={v[name] ?? ''}
              errors={e[name]}
              required={i === 0}
            />
          )
        })}
        {!locks.trustees && slots < TRUSTEE_SLOTS ? <p className="muted">{t('elections.setup.trusteesMore', { max: TRUSTEE_SLOTS })}</p> : null}
        {locks.trustees ? (
          <input type="hidden" name="threshold" value={v.threshold} />
        ) : (
          <Field
            label={t('elections.setup.field.threshold')}
            hint={t('elections.setup.field.thresholdHint')}
            name="threshold"
            type="number"
            inputMode="numeric"
            min={1}
            max={TRUSTEE_SLOTS}
            required
            defaultValue={v.threshold ?? String(ELECTION_DEFAULTS.threshold)}
            errors={e.threshold}
          />
        )}
        <RadioGroup
          legend={t('elections.setup.field.tieRule')}
          name="tieRule"
          value={v.tieRule ?? 'drawn-order'}
          options={TIE_RULES.map((value) => ({ value, label: t(`elections.setup.tieRule.${value}`) }))}
          errors={e.tieRule}
        />
      </section>
      <div className="actions">
        <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
      </div>
    </Form>
  )
}
