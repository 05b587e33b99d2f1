import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { formatDateTime, translator } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { publishCandidatesIfDue } from '~/features/elections/candidacies.server'
import { ElectionForm } from '~/features/elections/components/setup-election-form'
import { SetupContests } from '~/features/elections/components/setup-contests'
import setupCss from '~/features/elections/components/setup-pages.css'
import { SetupTrustees } from '~/features/elections/components/setup-trustees'
import { FingerprintFact, StageBadge } from '~/features/elections/components/stage-timeline'
import { findElection, stageOf } from '~/features/elections/elections.server'
import { answerContest, contestsOf, freezeRollIfDue, openContests, rollSize } from '~/features/elections/roll.server'
import { cancelForm, contestAnswerForm, SETUP_INTENTS } from '~/features/elections/setup-schema'
import {
  cancelElection,
  candidacyCounts,
  electionDates,
  electionFormValues,
  keptFormValues,
  readElectionForm,
  trusteesOf,
  updateElection,
} from '~/features/elections/setup.server'
import { CheckboxField, ErrorSummary, Field, SubmitButton } from '~/shared/components/forms'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'

export const meta = titleMeta('elections.admin.manage.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: setupCss }]

function loadElection(context: LoaderFunctionArgs['context'], id: string | undefined) {
  const found = findElection(context.app.db, id ?? '')
  invariantResponse(found, 'Not found', { status: 404 })
  const changed = [freezeRollIfDue(context.app, found), publishCandidatesIfDue(context.app, found)].some((o) => o === 'frozen' || o === 'published')
  return changed ? findElection(context.app.db, found.id)! : found
}

export function loader({ request, context, params }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const { app } = context
  const election = loadElection(context, params.electionId)
  const trustees = trusteesOf(app.db, election.id)
  const draft = election.state === 'draft'
  return {
    election: {
      id: election.id,
      title: election.title,
      state: election.state,
      seats: election.seats,
      eligibility: election.eligibility,
      threshold: election.threshold,
      tieRule: election.tieRule,
      requireMailCode: election.requireMailCode,
      rollAt: election.rollAt,
      rollFrozenAt: election.rollFrozenAt,
      candidatesPublishedAt: election.candidatesPublishedAt,
      fingerprint: election.fingerprint,
      cancelledReason: election.cancelledReason,
    },
    stage: stageOf(app, election),
    dates: electionDates(context.locale, election),
    trustees,
    rollSize: election.rollFrozenAt ? rollSize(app.db, election.id) : null,
    rollDue: !election.rollFrozenAt && draft && app.now() >= election.rollAt,
    contests: contestsOf(app.db, election.id),
    openContests: openContests(app.db, election.id),
    candidacies: candidacyCounts(app.db, election.id),
    values: electionFormValues(app.db, election, trustees),
    locks: {
      trustees: trustees.some((tr) => tr.steps.commitment),
      roll: election.rollFrozenAt !== null,
      candidacy: election.candidatesPublishedAt !== null,
    },
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const { app } = context
  const t = translator(context.locale)
  const election = loadElection(context, params.electionId)
  const formData = await readForm(request)
  const values = formObject(formData)
  const intent = SETUP_INTENTS.find((i) => i === values.intent)
  if (!intent) return formError({ form: [t('elections.setup.error.intent')] }, {}, { extra: { intent: 'none' } })
  const options = { extra: { intent, contestId: Number(values.contestId) || null } }
  const back = `/admin/elections/${election.id}`
  const origin = baseUrl(request, app.config.APP_URL)

  if (intent === 'update') {
    const read = readElectionForm(app.db, values, t)
    if (!read.ok) return formError(read.errors, keptFormValues(values), options)
    const done = updateElection(app, election.id, read.input, origin)
    if (!done.ok) {
      if (done.error === 'locked') {
        const errors = Object.fromEntries(Object.entries(done.fields).map(([f, key]) => [f, [t(key as never)]]))
        return formError(errors, keptFormValues(values), { ...options, status: 409 })
      }
      return formError({ form: [t(`elections.setup.error.${done.error}`)] }, keptFormValues(values), {
        ...options,
        status: done.error === 'notFound' ? 404 : 409,
      })
    }
    return redirectWithToast(context, back, { type: 'success', key: 'elections.setup.toast.updated' })
  }

  if (intent === 'cancel') {
    const parsed = parseForm(cancelForm, formData, t)
    if (!parsed.success) return formError(parsed.errors, { reason: (values.reason ?? '').slice(0, 3000) }, options)
    const done = cancelElection(app, election.id, parsed.data.reason)
    if (!done.ok) return formError({ form: [t(`elections.setup.error.${done.error}`)] }, {}, { ...options, status: 409 })
    return redirectWithToast(context, back, { type: 'success', key: 'elections.setup.toast.cancelled' })
  }

  if (intent === 'freeze') {
    const outcome = freezeRollIfDue(app, election)
    if (outcome === 'notDue') return formError({ form: [t('elections.setup.error.freezeNotDue')] }, {}, { ...options, status: 409 })
    return redirectWithToast(context, back, { type: 'success', key: 'elections.setup.toast.frozen' })
  }

  const parsed = parseForm(contestAnswerForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, { answer: (values.answer ?? '').slice(0, 3000) }, options)
  const done = answerContest(app, {
    electionId: election.id,
    contestId: parsed.data.contestId,
    webmasterId: viewer.id,
    accept: intent === 'contest-accept',
    answer: parsed.data.answer,
    origin,
  })
  if (!done.ok)
    return formError({ form: [t(`elections.setup.error.contest.${done.error}`)] }, {}, { ...options, status: done.error === 'notFound' ? 404 : 409 })
  return redirectWithToast(context, back, {
    type: 'success',
    key: intent === 'contest-accept' ? 'elections.setup.toast.accepted' : 'elections.setup.toast.refused',
  })
}

type Answer = { errors: Record<string, string[]>; values: Record<string, string>; intent?: string; contestId?: number | null } | undefined

export default function ManageElection() {
  const t = useT()
  const { locale } = useRootData()
  const data = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>() as Answer
  const { election, stage } = data
  const draft = election.state === 'draft'
  const cancellable = ['draft', 'sealed', 'tallying'].includes(election.state)
  const update = formFailure(answer, 'update')
  const cancel = formFailure(answer, 'cancel')
  const otherError = answer && answer.intent !== 'update' && answer.intent !== 'cancel' && !answer.contestId ? answer.errors : undefined
  const c = data.candidacies
  return (
    <section aria-labelledby="manage-title" className="setup-page">
      <p>
        <Link to="/admin/elections">{t('elections.setup.backToList')}</Link>
      </p>
      <h2 id="manage-title">{election.title}</h2>
      <p>
        <StageBadge stage={stage} /> <Link to={`/elections/${election.id}`}>{t('elections.admin.manage.publicPage')}</Link>
      </p>
      <ErrorSummary errors={otherError} />
      {election.cancelledReason ? <p className="alert alert--error">{t('elections.overview.cancelled', { reason: election.cancelledReason })}</p> : null}

      <section className="card" aria-labelledby="manage-next">
        <h3 id="manage-next">{t('elections.admin.manage.next')}</h3>
        <ul className="list-plain">
          <li>
            <Link to={`/admin/elections/${election.id}/candidatures`}>{t('elections.admin.manage.candidacies')}</Link>{' '}
            <span className="muted">
              {t('elections.admin.manage.candidacyCounts', { pending: c.pending, validated: c.validated, refused: c.refused, withdrawn: c.withdrawn })}
            </span>
          </li>
          <li>
            <Link to={`/admin/elections/${election.id}/scellement`}>{t('elections.admin.manage.seal')}</Link>{' '}
            {election.fingerprint ? <span className="muted">{t('elections.admin.manage.sealed')}</span> : null}
          </li>
        </ul>
        {data.openContests > 0 && draft ? (
          <p className="alert alert--info" role="status">
            {t('elections.admin.manage.contestsWait', { count: data.openContests })}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="manage-facts">
        <h3 id="manage-facts">{t('elections.admin.manage.parameters')}</h3>
        <dl className="facts">
          <dt>{t('elections.setup.field.seats')}</dt>
          <dd>{election.seats}</dd>
          <dt>{t('elections.setup.field.candidacyOpensAt')}</dt>
          <dd>{data.dates.candidacyOpensAt}</dd>
          <dt>{t('elections.setup.field.candidacyClosesAt')}</dt>
          <dd>{data.dates.candidacyClosesAt}</dd>
          <dt>{t('elections.setup.field.rollAt')}</dt>
          <dd>{data.dates.rollAt}</dd>
          <dt>{t('elections.setup.field.votingOpensAt')}</dt>
          <dd>{data.dates.votingOpensAt}</dd>
          <dt>{t('elections.setup.field.votingClosesAt')}</dt>
          <dd>{data.dates.votingClosesAt}</dd>
          <dt>{t('elections.setup.field.eligibility')}</dt>
          <dd>{t(`elections.setup.eligibility.${election.eligibility}`)}</dd>
          <dt>{t('elections.setup.field.threshold')}</dt>
          <dd>{t('elections.admin.manage.thresholdOf', { threshold: election.threshold, count: data.trustees.length })}</dd>
          <dt>{t('elections.setup.field.tieRule')}</dt>
          <dd>{t(`elections.setup.tieRule.${election.tieRule}`)}</dd>
          <dt>{t('elections.admin.manage.mailCode')}</dt>
          <dd>{election.requireMailCode ? t('elections.admin.manage.yes') : t('elections.admin.manage.no')}</dd>
          <FingerprintFact fingerprint={election.fingerprint} />
        </dl>
      </section>

      <section aria-labelledby="manage-roll">
        <h3 id="manage-roll">{t('elections.admin.manage.roll')}</h3>
        {data.rollSize !== null ? (
          <p>
            {t('elections.admin.manage.rollFrozen', { count: data.rollSize, date: formatDateTime(locale, new Date(election.rollFrozenAt!)) })}{' '}
            <Link to={`/elections/${election.id}/liste`}>{t('elections.admin.manage.rollLink')}</Link>
          </p>
        ) : (
          <p>{t('elections.admin.manage.rollPending', { date: data.dates.rollAt })}</p>
        )}
        {data.rollDue ? (
          <Form method="post">
            <SubmitButton intent="freeze">{t('elections.admin.manage.freeze')}</SubmitButton>
          </Form>
        ) : null}
        <SetupContests contests={data.contests} answerable={draft} answer={answer} />
      </section>

      <SetupTrustees trustees={data.trustees} threshold={election.threshold} />

      {draft ? (
        <section aria-labelledby="manage-edit">
          <h3 id="manage-edit">{t('elections.admin.manage.edit')}</h3>
          <ElectionForm
            values={data.values}
            failure={update}
            trusteeCount={Math.min(9, data.trustees.length + 2)}
            locks={data.locks}
            intent="update"
            submitLabel={t('elections.admin.manage.save')}
          />
        </section>
      ) : (
        <p className="muted">{t('elections.admin.manage.notEditable')}</p>
      )}

      {cancellable ? (
        <details className="confirm" open={cancel.failed || undefined}>
          <summary className="button button--ghost">{t('elections.admin.manage.cancel')}</summary>
          <Form method="post" className="confirm__panel form" noValidate>
            <ErrorSummary errors={cancel.failed ? cancel.errors : undefined} />
            <p>{t('elections.admin.manage.cancelHint')}</p>
            <Field
              label={t('elections.admin.manage.cancelReason')}
              name="reason"
              required
              maxLength={1000}
              defaultValue={cancel.values.reason}
              errors={cancel.errors.reason}
            />
            <CheckboxField label={t('elections.admin.manage.cancelConfirm')} name="confirm" errors={cancel.errors.confirm} />
            <button type="submit" name="intent" value="cancel" className="button button--danger">
              {t('elections.admin.manage.cancelSubmit')}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  )
}
