import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { formatDateTime, translator } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { restartCeremony, stepOf, trusteesOf } from '~/features/elections/ceremony.server'
import { publishCandidatesIfDue } from '~/features/elections/candidacies.server'
import { findElection } from '~/features/elections/elections.server'
import { freezeRollIfDue, rollSize } from '~/features/elections/roll.server'
import { sealBlockers, sealElection } from '~/features/elections/seal.server'
import { ErrorSummary, SubmitButton } from '~/shared/components/forms'
import { formError } from '~/shared/form-result.server'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'

export const meta = titleMeta('elections.seal.title')

function electionOr404(context: LoaderFunctionArgs['context'], id: string | undefined) {
  const election = findElection(context.app.db, id ?? '')
  invariantResponse(election, 'Not found', { status: 404 })
  // The site is right without the job: a due freeze or publication happens before the check.
  freezeRollIfDue(context.app, election)
  publishCandidatesIfDue(context.app, election)
  return findElection(context.app.db, election.id)!
}

export function loader({ request, context, params }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const { app } = context
  const election = electionOr404(context, params.electionId)
  const trustees = trusteesOf(app.db, election.id)
  return {
    election: { id: election.id, title: election.title, state: election.state, sealedAt: election.sealedAt, fingerprint: election.fingerprint },
    blockers: sealBlockers(app, election),
    roll: rollSize(app.db, election.id),
    trustees: trustees.map((tr) => ({ position: tr.position, name: tr.name, step: stepOf(tr) })),
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  requireWebmaster(request, context)
  const { app } = context
  const t = translator(context.locale)
  const election = electionOr404(context, params.electionId)
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'seal') {
    if (form.get('confirm') !== 'yes') return formError({ confirm: [t('elections.seal.confirmRequired')] }, {}, { extra: { intent } })
    const sealed = sealElection(app, election.id, baseUrl(request, app.config.APP_URL))
    if (!sealed.ok) return formError({ form: sealed.blockers.map((b) => t(`elections.seal.blocker.${b}`)) }, {}, { status: 409, extra: { intent } })
    return redirectWithToast(context, `/admin/elections/${election.id}/scellement`, {
      type: 'success',
      key: 'elections.seal.toast',
      params: { count: sealed.mailed },
    })
  }
  if (intent === 'restart-ceremony') {
    const restarted = restartCeremony(app, election)
    if (!restarted.ok) return formError({ form: [t('elections.seal.blocker.state')] }, {}, { status: 409, extra: { intent } })
    return redirectWithToast(context, `/admin/elections/${election.id}/scellement`, { type: 'success', key: 'elections.seal.restart.toast' })
  }
  return formError({ form: [t('elections.seal.error.intent')] }, {})
}

type Answer = { errors?: Record<string, string[]> } | undefined

export default function SealPage() {
  const t = useT()
  const { locale } = useRootData()
  const { election, blockers, roll, trustees } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>() as Answer
  const draft = election.state === 'draft'
  return (
    <section aria-labelledby="seal-title">
      <p>
        <Link to={`/admin/elections/${election.id}`}>{t('elections.seal.back')}</Link>
      </p>
      <h2 id="seal-title">
        {t('elections.seal.title')} — {election.title}
      </h2>
      {answer?.errors?.form ? <ErrorSummary errors={{ form: answer.errors.form }} /> : null}
      <p>{t('elections.seal.intro')}</p>
      {election.sealedAt && election.fingerprint ? (
        <div className="alert alert--success">
          <p>{t('elections.seal.sealed', { date: formatDateTime(locale, new Date(election.sealedAt)) })}</p>
          <p className="board-fingerprint">
            {t('elections.seal.fingerprint')} : <code>{election.fingerprint}</code>
          </p>
        </div>
      ) : blockers.length > 0 ? (
        <div className="alert alert--info" role="status">
          <p>{t('elections.seal.blockers')}</p>
          <ul>
            {blockers.map((b) => (
              <li key={b}>{t(`elections.seal.blocker.${b}`)}</li>
            ))}
          </ul>
        </div>
      ) : (
        <Form method="post" className="card">
          <p>{t('elections.seal.ready', { roll })}</p>
          <p className="field">
            <label>
              <input type="checkbox" name="confirm" value="yes" required aria-describedby={answer?.errors?.confirm ? 'confirm-error' : undefined} />{' '}
              {t('elections.seal.confirm')}
            </label>
            {answer?.errors?.confirm ? (
              <span id="confirm-error" className="field__error">
                {answer.errors.confirm[0]}
              </span>
            ) : null}
          </p>
          <SubmitButton intent="seal">{t('elections.seal.submit')}</SubmitButton>
        </Form>
      )}
      <section aria-labelledby="seal-trustees">
        <h3 id="seal-trustees">{t('elections.seal.trustees')}</h3>
        <ul>
          {trustees.map((tr) => (
            <li key={tr.position}>{t('elections.seal.trusteeStep', { name: tr.name, step: String(tr.step) })}</li>
          ))}
        </ul>
        {draft && trustees.some((tr) => tr.step > 0) ? (
          <details className="confirm">
            <summary className="button button--ghost">{t('elections.seal.restart.title')}</summary>
            <p>{t('elections.seal.restart.body')}</p>
            <Form method="post">
              <SubmitButton intent="restart-ceremony" className="button--danger">
                {t('elections.seal.restart.confirm')}
              </SubmitButton>
            </Form>
          </details>
        ) : null}
      </section>
    </section>
  )
}
