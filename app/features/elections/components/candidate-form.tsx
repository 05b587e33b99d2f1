import { useState } from 'react'
import { Form } from '@remix-run/react'
import { ELECTION_LIMITS } from '~/features/elections/stage'
import { ErrorSummary, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { RichText } from '~/shared/components/rich-text'
import type { FormResult } from '~/shared/form-result'
import { useT } from '~/shared/i18n'

/**
 * The « profession de foi » with its live preview: the same parser as the published list, so what
 * the candidate sees is what members read. Without JavaScript the preview shows the saved text.
 */
export function CandidateForm({ statement, failure, submitLabel }: { statement: string; failure: FormResult; submitLabel: string }) {
  const t = useT()
  const initial = failure.failed ? (failure.values.statement ?? '') : statement
  const [text, setText] = useState(initial)
  return (
    <div className="candidate-form">
      <Form method="post" className="card form" noValidate>
        <ErrorSummary errors={failure.errors} />
        <TextAreaField
          label={t('elections.candidacy.field.statement')}
          hint={t('elections.candidacy.field.statementHint', { max: ELECTION_LIMITS.statement })}
          name="statement"
          rows={14}
          required
          maxLength={ELECTION_LIMITS.statement}
          defaultValue={initial}
          onChange={(e) => setText(e.currentTarget.value)}
          errors={failure.errors.statement}
        />
        <p className="muted" aria-live="polite">
          {text.length} / {ELECTION_LIMITS.statement}
        </p>
        <div className="actions">
          <SubmitButton intent="apply">{submitLabel}</SubmitButton>
        </div>
      </Form>
      <section className="card candidate-form__preview" aria-labelledby="candidate-preview-title">
        <h2 id="candidate-preview-title">{t('elections.candidacy.preview')}</h2>
        {text.trim() ? <RichText text={text} /> : <p className="muted">{t('elections.candidacy.previewEmpty')}</p>}
      </section>
    </div>
  )
}
