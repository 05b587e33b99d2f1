import { Form, Link } from '@remix-run/react'
import { ErrorSummary, Field, RadioGroup, SelectField, SubmitButton, TextAreaField } from '~/shared/components/forms'
import type { FormResult } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { REPORT_REASONS, REPORT_TEXT_MAX, type ReportTarget } from '~/features/moderation/schema'

export interface ReportTargetSummary {
  kind: ReportTarget
  id: string
  title: string
  text: string
  authorName: string | null
  createdAt: string | null
}

/** What is being reported, as the reporter saw it: its kind, title, author and an excerpt. */
export function ReportTargetCard({ target, dateLabel }: { target: ReportTargetSummary; dateLabel: string | null }) {
  const t = useT()
  const excerpt = target.text.length > 400 ? `${target.text.slice(0, 399)}…` : target.text
  return (
    <section className="card" aria-labelledby="report-target">
      <h2 id="report-target">{t('moderation.reports.target')}</h2>
      <p className="muted">{t('moderation.reports.kind', { kind: target.kind })}</p>
      <p>
        <strong>{target.title}</strong>
      </p>
      {target.kind !== 'member' && target.authorName ? (
        <p className="muted">
          {t('moderation.reports.by', { name: target.authorName })}
          {dateLabel ? ` ${t('moderation.reports.on', { date: dateLabel })}` : ''}
        </p>
      ) : null}
      {excerpt ? <blockquote className="quote">{excerpt}</blockquote> : null}
    </section>
  )
}

/** The report form: a reason among the list, the clause when it is a breach of the terms, a text. Works without JavaScript. */
export function ReportForm({
  target,
  back,
  result,
  clauses,
}: {
  target: ReportTargetSummary
  back: string
  result: FormResult
  clauses: { number: string; title: string }[] | null
}) {
  const t = useT()
  const options = REPORT_REASONS.map((reason) => ({ value: reason, label: t(`moderation.reports.reason.${reason}`) }))
  return (
    <Form method="post" className="form card" noValidate>
      <ErrorSummary errors={result.errors} />
      <input type="hidden" name="cible" value={target.kind} />
      <input type="hidden" name="id" value={target.id} />
      <input type="hidden" name="retour" value={back} />
      <RadioGroup legend={t('moderation.reports.reason')} name="reason" options={options} value={result.values.reason} errors={result.errors.reason} />
      {clauses && clauses.length > 0 ? (
        <SelectField
          label={t('moderation.reports.clause')}
          name="clause"
          hint={t('moderation.reports.clauseHint')}
          options={clauses.map((clause) => ({ value: clause.number, label: `${clause.number} — ${clause.title}` }))}
          emptyOption={t('moderation.reports.clauseNone')}
          defaultValue={result.values.clause ?? ''}
          errors={result.errors.clause}
        />
      ) : (
        <Field
          label={t('moderation.reports.clause')}
          name="clause"
          hint={t('moderation.reports.clauseHint')}
          maxLength={20}
          inputMode="decimal"
          defaultValue={result.values.clause}
          errors={result.errors.clause}
        />
      )}
      <TextAreaField
        label={t('moderation.reports.text')}
        name="text"
        hint={t('moderation.reports.textHint')}
        rows={6}
        required
        maxLength={REPORT_TEXT_MAX}
        defaultValue={result.values.text}
        errors={result.errors.text}
      />
      <div className="actions">
        <SubmitButton>{t('moderation.reports.submit')}</SubmitButton>
        <Link to={back} className="button button--ghost">
          {t('moderation.reports.back')}
        </Link>
      </div>
    </Form>
  )
}

/** The « Signaler » link of a page: to the report page, with the way back. */
export function ReportLink({
  kind,
  id,
  back,
  label,
  className = 'report-link',
}: {
  kind: ReportTarget
  id: string | number
  back: string
  label?: string
  className?: string
}) {
  const t = useT()
  const params = new URLSearchParams({ cible: kind, id: String(id), retour: back })
  return (
    <a href={`/signaler?${params.toString()}`} className={className} rel="nofollow">
      {label ?? t('moderation.reports.link')}
    </a>
  )
}
