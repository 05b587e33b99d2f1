import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { formatDate, translator, type Translate } from '~/i18n'
import { ErrorSummary, Field, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseFields, type FieldErrors } from '~/shared/validation'
import { utcToZonedInput } from '~/shared/zoned-time'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { TermsDocument } from '~/features/moderation/components/terms-document'
import { TermsChanges } from '~/features/moderation/components/terms-page'
import termsCss from '~/features/moderation/components/terms.css'
import { TERMS_BODY_MAX, TERMS_SUMMARY_MAX, termsPublishForm } from '~/features/moderation/terms'
import {
  acceptanceCounts,
  checkTermsDraft,
  publishTerms,
  termsHistory,
  termsInForce,
  termsVersionByNumber,
  type PublishError,
} from '~/features/moderation/terms.server'

export const meta = titleMeta('terms.admin.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: termsCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const { app } = context
  const history = termsHistory(app)
  const counts = acceptanceCounts(app)
  const current = termsInForce(app)
  const latest = history[0]
  // The new version starts from the latest text: most changes are a few lines.
  const latestBody = latest ? (termsVersionByNumber(app, latest.version)?.body ?? '') : ''
  return {
    current: current ? { version: current.version, effectiveAt: current.effectiveAt.toISOString() } : null,
    nextVersion: (latest?.version ?? 0) + 1,
    latestVersion: latest?.version ?? null,
    draft: { body: latestBody, summary: '', effectiveOn: utcToZonedInput(app.now(), 'Europe/Paris').slice(0, 10) },
    history: history.map((h) => ({
      version: h.version,
      status: h.status,
      effectiveAt: h.effectiveAt.toISOString(),
      createdAt: h.createdAt.toISOString(),
      accepted: counts.get(h.id) ?? 0,
    })),
  }
}

function publishErrors(t: Translate, errors: PublishError[]): FieldErrors {
  const out: FieldErrors = {}
  for (const error of errors) {
    if (error.field === 'body') out.body = error.problems.map((p) => t(p.key, 'params' in p ? p.params : undefined))
    else out.effectiveOn = [t(error.key, 'params' in error ? error.params : undefined)]
  }
  return out
}

/** `preview` shows the draft as members will read it; `publish` records exactly what was previewed. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const t = translator(context.locale)
  const { app } = context
  const values = formObject(await readForm(request))
  const kept = { body: values.body ?? '', summary: values.summary ?? '', effectiveOn: values.effectiveOn ?? '' }
  const parsed = parseFields(termsPublishForm, values, t)
  const { body, summary, effectiveOn, intent } = parsed.data
  if (!intent) throw new Response('Formulaire invalide', { status: 400 })
  const errors: FieldErrors = { ...parsed.errors }
  if (!body || !summary || !effectiveOn) return formError(errors, kept)
  if (intent === 'preview') {
    const draft = checkTermsDraft(app, { body, effectiveOn })
    if (!draft.ok) return formError({ ...errors, ...publishErrors(t, draft.errors) }, kept)
    return { preview: { body, summary, effectiveOn, effectiveAt: draft.effectiveAt.toISOString() }, values: kept }
  }
  const published = publishTerms(app, { actorId: viewer.id, body, summary, effectiveOn })
  if (!published.ok) return formError({ ...errors, ...publishErrors(t, published.errors) }, kept)
  return redirectWithToast(context, '/admin/cgu', {
    type: 'success',
    key: 'terms.admin.published',
    params: { version: published.version, date: formatDate(context.locale, published.effectiveAt) },
  })
}

export default function AdminTerms() {
  const t = useT()
  const { locale } = useRootData()
  const { current, nextVersion, latestVersion, draft, history } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const failure = formFailure(answer)
  const preview = answer && 'preview' in answer ? answer.preview : null
  const values = failure.failed ? failure.values : preview ? answer!.values : draft
  const date = (iso: string) => formatDate(locale, new Date(iso))
  return (
    <section className="terms-admin">
      <h2>{t('terms.admin.title')}</h2>
      <p className="muted">{t('terms.admin.lead')}</p>
      <p>{current ? t('terms.admin.current', { version: current.version, date: date(current.effectiveAt) }) : t('terms.admin.noneYet')}</p>
      {current ? (
        <p>
          <Link to="/cgu">{t('terms.readCurrent')}</Link>
        </p>
      ) : null}

      {preview ? (
        <section className="terms-preview" aria-labelledby="terms-preview">
          <h2 id="terms-preview">{t('terms.admin.previewTitle', { version: nextVersion })}</h2>
          <p className="muted">{t('terms.admin.previewLead', { date: date(preview.effectiveAt) })}</p>
          <TermsChanges summary={preview.summary} />
          <TermsDocument body={preview.body} idPrefix="apercu-" />
          <Form method="post" className="terms-actions">
            <input type="hidden" name="body" value={preview.body} />
            <input type="hidden" name="summary" value={preview.summary} />
            <input type="hidden" name="effectiveOn" value={preview.effectiveOn} />
            <SubmitButton intent="publish">{t('terms.admin.publish', { version: nextVersion })}</SubmitButton>
          </Form>
        </section>
      ) : null}

      <Form method="post" className="card form terms-editor" noValidate>
        <h2>{t('terms.admin.newTitle', { version: nextVersion })}</h2>
        {latestVersion ? <p className="muted">{t('terms.admin.startFrom', { version: latestVersion })}</p> : null}
        <ErrorSummary errors={failure.errors} />
        <TextAreaField
          label={t('terms.field.body')}
          hint={t('terms.field.bodyHint')}
          name="body"
          rows={20}
          required
          maxLength={TERMS_BODY_MAX}
          defaultValue={values.body}
          errors={failure.errors.body}
        />
        <TextAreaField
          label={t('terms.field.summary')}
          hint={t('terms.field.summaryHint')}
          name="summary"
          rows={5}
          required
          maxLength={TERMS_SUMMARY_MAX}
          defaultValue={values.summary}
          errors={failure.errors.summary}
        />
        <Field
          label={t('terms.field.effectiveOn')}
          hint={t('terms.field.effectiveOnHint')}
          name="effectiveOn"
          type="date"
          required
          min={draft.effectiveOn}
          defaultValue={values.effectiveOn}
          errors={failure.errors.effectiveOn}
        />
        <SubmitButton intent="preview" className="button button--primary">
          {t('terms.admin.preview')}
        </SubmitButton>
      </Form>

      {history.length > 0 ? (
        <section className="card" aria-labelledby="terms-published">
          <h2 id="terms-published">{t('terms.admin.history')}</h2>
          <ul className="terms-history">
            {history.map((h) => (
              <li key={h.version}>
                <Link to={`/cgu/${h.version}`}>{t('terms.history.read', { version: h.version })}</Link>
                <span className={`badge${h.status === 'current' ? ' badge--success' : ''}`}>
                  {t(h.status === 'current' ? 'terms.history.current' : h.status === 'upcoming' ? 'terms.history.upcoming' : 'terms.history.past')}
                </span>
                <span className="muted">
                  {h.status === 'upcoming'
                    ? t('terms.history.fromUpcoming', { date: date(h.effectiveAt) })
                    : t('terms.history.from', { date: date(h.effectiveAt) })}{' '}
                  · {t('terms.admin.publishedOn', { date: date(h.createdAt) })} · {t('terms.admin.acceptances', { count: h.accepted })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  )
}
