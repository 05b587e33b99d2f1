import { Form } from '@remix-run/react'
import type { MessageKey } from '~/i18n'
import { ErrorSummary, Field, SelectField, TextAreaField } from '~/shared/components/forms'
import { describedControl, FieldError, FieldHint, useFieldId } from '~/shared/components/form/field-parts'
import type { FormResult } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { FACTS_MAX, RESTRICT_DAYS_MAX, type DecisionAction } from '~/features/moderation/schema'

/** The decision's radio buttons, each with what it does underneath (the shared RadioGroup has no room for that). */
function ActionChoice({ actions, value, errors }: { actions: DecisionAction[]; value?: string; errors?: string[] }) {
  const t = useT()
  const id = useFieldId(undefined, 'action')
  const { 'aria-describedby': describedBy } = describedControl(id, undefined, errors)
  return (
    <fieldset className="field radios" aria-describedby={describedBy}>
      <legend>{t('moderation.desk.field.action')}</legend>
      <FieldHint id={id} />
      {actions.map((action, index) => (
        <label key={action} className="radio">
          <input id={index === 0 ? id : undefined} type="radio" name="action" value={action} defaultChecked={value === action} required />
          <span className="desk-action">
            {t(`moderation.action.${action}` as MessageKey)}
            <span className="desk-action__hint">{t(`moderation.actionHint.${action}` as MessageKey)}</span>
          </span>
        </label>
      ))}
      <FieldError id={id} errors={errors} />
    </fieldset>
  )
}

/** The fields of a statement of reasons: facts, clause, and for a restriction its duration. */
export function StatementFields({
  form,
  clauses,
  withDuration,
}: {
  form: FormResult
  clauses: { number: string; title: string }[] | null
  withDuration: boolean
}) {
  const t = useT()
  return (
    <>
      <TextAreaField
        label={t('moderation.desk.field.facts')}
        hint={t('moderation.desk.field.factsHint')}
        name="facts"
        rows={5}
        required
        maxLength={FACTS_MAX}
        defaultValue={form.values.facts}
        errors={form.errors.facts}
      />
      {clauses && clauses.length > 0 ? (
        <SelectField
          label={t('moderation.desk.field.clause')}
          name="clause"
          emptyOption={t('moderation.desk.field.clauseNone')}
          options={clauses.map((c) => ({ value: c.number, label: `${c.number}. ${c.title}` }))}
          defaultValue={form.values.clause}
          errors={form.errors.clause}
        />
      ) : (
        <Field
          label={t('moderation.desk.field.clause')}
          hint={t('moderation.desk.field.clauseHint')}
          name="clause"
          inputMode="decimal"
          maxLength={20}
          defaultValue={form.values.clause}
          errors={form.errors.clause}
        />
      )}
      {withDuration ? (
        <Field
          label={t('moderation.desk.field.duration')}
          hint={t('moderation.desk.field.durationHint')}
          name="durationDays"
          type="number"
          min={1}
          max={RESTRICT_DAYS_MAX}
          inputMode="numeric"
          defaultValue={form.values.durationDays}
          errors={form.errors.durationDays}
        />
      ) : null}
    </>
  )
}

/** A target's decision form: the decision, its statement of reasons, and a confirmation before it is sent. */
export function DecisionForm({ actions, clauses, form }: { actions: DecisionAction[]; clauses: { number: string; title: string }[] | null; form: FormResult }) {
  const t = useT()
  return (
    <Form method="post" className="form" noValidate aria-labelledby="decider">
      <h3 id="decider">{t('moderation.desk.decide')}</h3>
      <p className="muted">{t('moderation.desk.decideLead')}</p>
      <ErrorSummary errors={form.errors} />
      <ActionChoice actions={actions} value={form.values.action} errors={form.errors.action} />
      <StatementFields form={form} clauses={clauses} withDuration={actions.includes('restrict')} />
      <details className="confirm" open={form.failed || undefined}>
        <summary className="button button--primary">{t('moderation.desk.submit')}</summary>
        <div className="confirm__panel">
          <p>{t('moderation.desk.confirm')}</p>
          <button type="submit" name="intent" value="decide" className="button button--danger">
            {t('moderation.desk.confirmSubmit')}
          </button>
        </div>
      </details>
    </Form>
  )
}
