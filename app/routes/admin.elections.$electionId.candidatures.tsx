import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { formatDate, formatDateTime, translator } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { candidaciesOf, decideCandidacy, electionForCandidacies, pendingCandidacies, publishCandidatesIfDue } from '~/features/elections/candidacies.server'
import { DECISION_INTENTS, candidacyIdField, refusalForm } from '~/features/elections/candidacies-schema'
import { CandidatePhoto } from '~/features/elections/components/candidate-card'
import candidateCss from '~/features/elections/components/candidate-cards.css'
import { stageOf } from '~/features/elections/elections.server'
import { ELECTION_LIMITS } from '~/features/elections/stage'
import { ErrorSummary, Field, FieldScope, SubmitButton } from '~/shared/components/forms'
import { RichText } from '~/shared/components/rich-text'
import { formError } from '~/shared/form-result.server'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'

export const meta = titleMeta('elections.admin.candidacies.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: candidateCss }]

const STATUSES = ['pending', 'validated', 'refused', 'withdrawn'] as const

export function loader({ request, context, params }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const { app } = context
  const election = electionForCandidacies(app, params.electionId)
  invariantResponse(election, 'Not found', { status: 404 })
  const candidacies = candidaciesOf(app.db, election.id)
  return {
    election: {
      id: election.id,
      title: election.title,
      opensAt: election.candidacyOpensAt,
      closesAt: election.candidacyClosesAt,
      publishedAt: election.candidatesPublishedAt,
      decidable: election.candidatesPublishedAt === null && election.state === 'draft',
      stage: stageOf(app, election),
    },
    pending: pendingCandidacies(app.db, election.id),
    candidacies,
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const { app } = context
  const t = translator(context.locale)
  const election = electionForCandidacies(app, params.electionId)
  invariantResponse(election, 'Not found', { status: 404 })
  const formData = await readForm(request)
  const values = formObject(formData)
  const intent = DECISION_INTENTS.find((i) => i === values.intent)
  const id = candidacyIdField.safeParse(values.candidacyId)
  if (!intent || !id.success) return formError({ form: [t('elections.candidacy.error.intent')] }, {})
  const options = { extra: { intent, candidacyId: id.data } }
  let reason: string | undefined
  if (intent === 'refuse') {
    const parsed = parseForm(refusalForm, formData, t)
    if (!parsed.success) return formError(parsed.errors, { reason: (values.reason ?? '').slice(0, 5000) }, options)
    reason = parsed.data.reason
  }
  const done = decideCandidacy(app, {
    electionId: election.id,
    candidacyId: id.data,
    webmasterId: viewer.id,
    decision: intent === 'validate' ? 'validated' : 'refused',
    reason,
    baseUrl: baseUrl(request, app.config.APP_URL),
  })
  if (!done.ok)
    return formError({ form: [t(`elections.admin.candidacies.error.${done.error}`)] }, {}, { ...options, status: done.error === 'notFound' ? 404 : 409 })
  // The last pending decision after the close publishes the list at once.
  publishCandidatesIfDue(app, election)
  return redirectWithToast(context, `/admin/elections/${election.id}/candidatures`, {
    type: 'success',
    key: intent === 'validate' ? 'elections.admin.candidacies.toast.validated' : 'elections.admin.candidacies.toast.refused',
  })
}

type Answer = { errors?: Record<string, string[]>; values?: Record<string, string>; candidacyId?: number; intent?: string } | undefined

export default function AdminCandidacies() {
  const t = useT()
  const { locale } = useRootData()
  const { election, pending, candidacies } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>() as Answer
  const closed = election.stage !== 'announced' && election.stage !== 'candidacy'
  const validated = candidacies.filter((c) => c.status === 'validated').length
  return (
    <section aria-labelledby="admin-candidacies-title">
      <p>
        <Link to={`/admin/elections/${election.id}`}>{t('elections.admin.candidacies.back')}</Link>
      </p>
      <h2 id="admin-candidacies-title">
        {t('elections.admin.candidacies.title')} — {election.title}
      </h2>
      {answer?.errors?.form ? <ErrorSummary errors={{ form: answer.errors.form }} /> : null}
      {election.publishedAt ? (
        <p className="alert alert--success">{t('elections.admin.candidacies.published', { date: formatDateTime(locale, new Date(election.publishedAt)) })}</p>
      ) : election.stage === 'announced' ? (
        <p className="alert alert--info">{t('elections.admin.candidacies.announced', { date: formatDateTime(locale, new Date(election.opensAt)) })}</p>
      ) : election.stage === 'candidacy' ? (
        <p className="alert alert--info">{t('elections.admin.candidacies.open', { date: formatDateTime(locale, new Date(election.closesAt)) })}</p>
      ) : pending > 0 ? (
        <p className="alert alert--info" role="status">
          {t('elections.admin.candidacies.waitsPending', { count: pending })}
        </p>
      ) : null}
      {closed && pending === 0 && validated === 0 && election.stage !== 'cancelled' ? (
        <p className="alert alert--error" role="status">
          {t('elections.admin.candidacies.noCandidate')}
        </p>
      ) : null}
      {STATUSES.map((status) => {
        const rows = candidacies.filter((c) => c.status === status)
        return (
          <section key={status} className="candidacy-group" aria-labelledby={`group-${status}`}>
            <h3 id={`group-${status}`}>{t(`elections.admin.candidacies.group.${status}`, { count: rows.length })}</h3>
            {rows.length === 0 ? <p className="muted">{t('elections.admin.candidacies.none')}</p> : null}
            {rows.map((c) => {
              const failed = answer?.candidacyId === c.id && answer.intent === 'refuse' ? answer.errors?.reason : undefined
              return (
                <article key={c.id} className="card candidate" aria-labelledby={`c-${c.id}`}>
                  <div className="candidate__head">
                    <CandidatePhoto userId={c.userId} name={c.name} hasPhoto={c.hasPhoto} size={56} />
                    <div>
                      <h4 id={`c-${c.id}`} className="candidate__name">
                        {c.name}
                      </h4>
                      <p className="muted">
                        {c.promotion ? `${t('elections.candidates.promotion', { promotion: String(c.promotion) })} · ` : ''}
                        {t('elections.admin.candidacies.submitted', { date: formatDate(locale, new Date(c.updatedAt)) })}
                      </p>
                    </div>
                  </div>
                  <RichText text={c.statement} className="rich-text candidate__statement" />
                  {c.status === 'refused' && c.refusalReason ? <p>{t('elections.candidacy.refusedReason', { reason: c.refusalReason })}</p> : null}
                  {election.decidable && election.stage !== 'announced' && c.status !== 'withdrawn' ? (
                    <div className="actions">
                      {c.status !== 'validated' ? (
                        <Form method="post">
                          <input type="hidden" name="candidacyId" value={c.id} />
                          <SubmitButton intent="validate">{t('elections.admin.candidacies.validate')}</SubmitButton>
                        </Form>
                      ) : null}
                      {c.status !== 'refused' ? (
                        <details className="confirm" open={failed ? true : undefined}>
                          <summary className="button button--ghost">{t('elections.admin.candidacies.refuse')}</summary>
                          <FieldScope name={`candidacy-${c.id}`}>
                            <Form method="post" className="confirm__panel form" noValidate>
                              <input type="hidden" name="candidacyId" value={c.id} />
                              <ErrorSummary errors={failed ? { reason: failed } : undefined} />
                              <Field
                                label={t('elections.admin.candidacies.reason')}
                                name="reason"
                                required
                                maxLength={ELECTION_LIMITS.refusalReason}
                                defaultValue={failed ? (answer?.values?.reason ?? '') : ''}
                                errors={failed}
                              />
                              <button type="submit" name="intent" value="refuse" className="button button--danger">
                                {t('elections.admin.candidacies.confirmRefuse')}
                              </button>
                            </Form>
                          </FieldScope>
                        </details>
                      ) : null}
                    </div>
                  ) : null}
                </article>
              )
            })}
          </section>
        )
      })}
    </section>
  )
}
