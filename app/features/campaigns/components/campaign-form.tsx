import { Form } from '@remix-run/react'
import { BODY_MAX, SEGMENT_KINDS, SEGMENT_LABELS, SUBJECT_MAX } from '~/features/campaigns/schema'
import { CheckboxField, CheckboxGroup, ErrorSummary, Field, RadioGroup, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { describedControl, FieldError, FieldHint, FieldLabel, useFieldId } from '~/shared/components/form/field-parts'
import type { FormResult } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import type { FormValues } from '~/shared/validation'

export interface DraftValues {
  subject: string
  body: string
  segment: string
  promotions: string
  /** Comma-separated ids, as the form sent them back. */
  groupIds: string
}

/** The draft: subject, body, segment; « Enregistrer », « Aperçu » and « M'envoyer un essai » all save it first. */
export function CampaignForm({
  values,
  failure,
  groups,
  testEmail,
}: {
  values: DraftValues
  failure: FormResult
  groups: { id: number; name: string }[]
  testEmail: string
}) {
  const t = useT()
  const shown: FormValues = failure.failed ? failure.values : { ...values }
  const checkedGroups = (shown.groupIds ?? '').split(',').filter(Boolean)
  return (
    <Form method="post" className="card form campaign-form" noValidate>
      <ErrorSummary errors={failure.errors} />
      <Field
        label={t('campaigns.field.subject')}
        name="subject"
        required
        maxLength={SUBJECT_MAX}
        defaultValue={shown.subject ?? ''}
        errors={failure.errors.subject}
      />
      <TextAreaField
        label={t('campaigns.field.body')}
        hint={t('campaigns.field.bodyHint', { max: BODY_MAX })}
        name="body"
        rows={16}
        required
        maxLength={BODY_MAX}
        defaultValue={shown.body ?? ''}
        errors={failure.errors.body}
      />
      <RadioGroup
        legend={t('campaigns.field.segment')}
        name="segment"
        value={shown.segment || 'members'}
        options={SEGMENT_KINDS.map((kind) => ({ value: kind, label: t(SEGMENT_LABELS[kind]) }))}
        errors={failure.errors.segment}
      />
      <PromotionsField defaultValue={shown.promotions ?? ''} errors={failure.errors.promotions} />
      {groups.length > 0 ? (
        // Folded unless it matters: a school has a group per promotion, the list is long.
        <details className="campaign-form__groups" open={shown.segment === 'groups' || checkedGroups.length > 0 || !!failure.errors.groupIds || undefined}>
          <summary>{t('campaigns.field.groupsOpen', { count: groups.length, checked: checkedGroups.length })}</summary>
          <CheckboxGroup
            legend={t('campaigns.field.groups')}
            hint={t('campaigns.field.groupsHint')}
            name="groupIds"
            options={groups.map((g) => ({ value: String(g.id), label: g.name }))}
            values={checkedGroups}
            errors={failure.errors.groupIds}
          />
        </details>
      ) : (
        <p className="muted">{t('campaigns.field.noGroups')}</p>
      )}
      <div className="actions">
        <SubmitButton intent="save">{t('campaigns.action.save')}</SubmitButton>
        <SubmitButton intent="preview" className="button button--ghost">
          {t('campaigns.action.preview')}
        </SubmitButton>
        <SubmitButton intent="test" className="button button--ghost">
          {t('campaigns.action.test')}
        </SubmitButton>
      </div>
      <p className="muted campaign-form__test-note">{t('campaigns.action.testHint', { email: testEmail })}</p>
    </Form>
  )
}

/**
 * The promotions, asked only for that segment: neither marked optional (it is not, then) nor
 * required (it is not, otherwise); the hint says when it counts.
 */
function PromotionsField({ defaultValue, errors }: { defaultValue: string; errors?: string[] }) {
  const t = useT()
  const id = useFieldId(undefined, 'promotions')
  const hint = t('campaigns.field.promotionsHint')
  return (
    <div className="field">
      <FieldLabel htmlFor={id} label={t('campaigns.field.promotions')} />
      <FieldHint id={id} hint={hint} />
      <input id={id} name="promotions" maxLength={500} defaultValue={defaultValue} {...describedControl(id, hint, errors)} />
      <FieldError id={id} errors={errors} />
    </div>
  )
}

/** Sending: the count of now, and a box to tick before the button does anything. */
export function SendForm({ count, failure }: { count: { recipients: number; excluded: number }; failure: FormResult }) {
  const t = useT()
  return (
    <section className="card campaign-send" aria-labelledby="campaign-send-title">
      <h2 id="campaign-send-title">{t('campaigns.send.title')}</h2>
      <p className="campaign-send__count" data-testid="campaign-count">
        {t('campaigns.send.count', { count: count.recipients })}
      </p>
      {count.excluded > 0 ? <p className="muted">{t('campaigns.send.excluded', { count: count.excluded })}</p> : null}
      {count.recipients === 0 ? (
        <p>{t('campaigns.send.nobody')}</p>
      ) : (
        <Form method="post" className="form" noValidate>
          <ErrorSummary errors={failure.errors} />
          <p className="muted">{t('campaigns.send.savedOnly')}</p>
          <CheckboxField name="confirm" label={t('campaigns.send.confirm', { count: count.recipients })} errors={failure.errors.confirm} />
          <div className="actions">
            <SubmitButton intent="send">{t('campaigns.send.submit')}</SubmitButton>
          </div>
        </Form>
      )}
    </section>
  )
}

/** A draft's removal, behind a panel that says it cannot be undone. */
export function DeleteDraft() {
  const t = useT()
  return (
    <details className="confirm campaign-delete">
      <summary className="button button--ghost">{t('campaigns.delete.open')}</summary>
      <Form method="post" className="confirm__panel form">
        <p>{t('campaigns.delete.warning')}</p>
        <button type="submit" name="intent" value="delete" className="button button--danger">
          {t('campaigns.delete.submit')}
        </button>
      </Form>
    </details>
  )
}
