import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { formatDate, translator } from '~/i18n'
import deskCss from '~/features/moderation/components/desk-styles.css'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { ErrorSummary, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { appealPage, fileAppeal } from '~/features/moderation/appeals.server'
import { AppealStatus } from '~/features/moderation/components/appeal-status'
import { DecisionStatement } from '~/features/moderation/components/decision-statement'
import { clausePath } from '~/features/moderation/clauses.server'
import { AppealForm, APPEAL_TEXT_MAX } from '~/features/moderation/schema'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { parseForm } from '~/shared/validation'

export const meta = titleMeta('moderation.appeal.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: deskCss }]

function pageFor(context: LoaderFunctionArgs['context'], token: string | undefined) {
  const page = token ? appealPage(context.app, token.slice(0, 100)) : null
  // Forged, unknown or expired: one answer, so that nothing can be learnt by trying tokens.
  invariantResponse(page, 'Not found', { status: 404 })
  return { ...page, clauseHref: clausePath(context.app, page.statement.clause, page.statement.decidedAt), contact: context.app.config.ASSOCIATION_EMAIL }
}

/** Works without a session: the signed link of the decision mail (or of the log-in page). */
export function loader({ context, params }: LoaderFunctionArgs) {
  const page = pageFor(context, params.token)
  return data(page, { status: page.state === 'late' ? 410 : 200 })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const t = translator(context.locale)
  pageFor(context, params.token)
  const formData = await readForm(request)
  const parsed = parseForm(AppealForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, { text: String(formData.get('text') ?? '').slice(0, APPEAL_TEXT_MAX + 100) })
  const result = fileAppeal(context.app, { token: params.token!, text: parsed.data.text, baseUrl: baseUrl(request, context.app.config.APP_URL) })
  if (!result.ok) {
    invariantResponse(result.error !== 'notFound', 'Not found', { status: 404 })
    const message = result.error === 'late' ? 'moderation.appeal.error.late' : 'moderation.appeal.error.already'
    return formError({ form: [t(message)] }, {}, { status: result.error === 'late' ? 410 : 409 })
  }
  return data({ done: true as const })
}

export default function Appeal() {
  const t = useT()
  const { locale } = useRootData()
  const page = useLoaderData<typeof loader>()
  const done = (useActionData<typeof action>() as { done?: boolean } | undefined)?.done === true
  const form = useFormFailure()
  return (
    <div className="narrow">
      <PageHeader title={t('moderation.appeal.title')} lead={t('moderation.appeal.lead')} />
      <DecisionStatement statement={page.statement} clauseHref={page.clauseHref} />
      {done ? (
        <p className="alert alert--success" role="status">
          {t('moderation.appeal.done')}
        </p>
      ) : page.state === 'open' ? (
        <Form method="post" className="card form" noValidate>
          <h2>{t('moderation.appeal.contest')}</h2>
          <p>{t('moderation.appeal.deadline', { date: formatDate(locale, new Date(page.deadline)) })}</p>
          <ErrorSummary errors={form.errors} />
          <TextAreaField
            label={t('moderation.appeal.field.text')}
            hint={t('moderation.appeal.field.textHint')}
            name="text"
            rows={8}
            required
            maxLength={APPEAL_TEXT_MAX}
            defaultValue={form.values.text}
            errors={form.errors.text}
          />
          <SubmitButton>{t('moderation.appeal.submit')}</SubmitButton>
        </Form>
      ) : (
        <AppealStatus state={page.state} deadline={page.deadline} appeal={page.appeal} contact={page.contact} />
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
