import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from '@remix-run/react'
import { translator } from '~/i18n'
import { requireUser } from '~/features/accounts/guards.server'
import { ceremonyContextFor, stepOf, submitCeremonyStep, trusteeOfUser, trusteesOf, type StepFailure } from '~/features/elections/ceremony.server'
import { TrusteeCeremony } from '~/features/elections/components/trustee-ceremony'
import { TrusteeRevalidate } from '~/features/elections/components/trustee-revalidate'
import { TrusteeTally } from '~/features/elections/components/trustee-tally'
import { findElection } from '~/features/elections/elections.server'
import { closeBoxIfDue, type DecryptError, submitPartialDecryption } from '~/features/elections/tally.server'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { formError } from '~/shared/form-result.server'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useHydrated } from '~/shared/hooks'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('elections.ceremony.title')

/** The election and the viewer's trustee row, or 404/403 (loader and action alike). */
async function load(request: Request, context: LoaderFunctionArgs['context'], electionId: string | undefined) {
  const viewer = requireUser(request, context)
  const { app } = context
  const found = findElection(app.db, electionId ?? '')
  invariantResponse(found, 'Not found', { status: 404 })
  const me = trusteeOfUser(app.db, found.id, viewer.id)
  invariantResponse(me, 'Forbidden', { status: 403 })
  const election = await closeBoxIfDue(app, found)
  return { viewer, election, me }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { app } = context
  const { election, me } = await load(request, context, params.electionId)
  const trustees = trusteesOf(app.db, election.id)
  const steps = trustees.map(stepOf)
  const lowest = Math.min(...steps)
  const decryptions = trustees.filter((t) => t.partialDecryption).length
  const mine = trustees.find((t) => t.position === me.position)!
  return {
    election: { id: election.id, title: election.title, state: election.state, fingerprint: election.fingerprint },
    me: { position: me.position, name: me.name, step: stepOf(mine), decrypted: Boolean(mine.partialDecryption) },
    trustees: trustees.map((t) => ({ position: t.position, name: t.name, step: stepOf(t), decrypted: Boolean(t.partialDecryption) })),
    context: ceremonyContextFor(election, trustees),
    // The public messages the browser needs for its next step (all of them once every trustee is there).
    commitments: lowest >= 1 ? trustees.map((t) => t.commitment!) : null,
    shares: lowest >= 2 ? trustees.map((t) => t.shares!) : null,
    encryptedTally: election.state === 'tallying' && !mine.partialDecryption ? election.encryptedTally : null,
    decryptions,
    threshold: election.threshold,
    published: election.state === 'published',
    contact: app.config.ASSOCIATION_EMAIL,
  }
}

const STEP_STATUS: Record<StepFailure, number> = { sealed: 409, notTrustee: 403, order: 409, waiting: 409, json: 400, index: 400, invalid: 422 }
const TALLY_STATUS: Record<DecryptError, number> = { notTallying: 409, notTrustee: 403, already: 409, format: 400, wrongTrustee: 400, proof: 422 }
const MAX_MESSAGE = 200_000

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { app } = context
  const t = translator(context.locale)
  const { viewer, election, me } = await load(request, context, params.electionId)
  const formData = await readForm(request)
  const intent = formData.get('intent')

  if (intent === 'publish' || intent === 'share' || intent === 'finalise') {
    const message = formData.get('message')
    if (typeof message !== 'string' || !message || message.length > MAX_MESSAGE)
      return formError({ message: [t('elections.ceremony.error.json')] }, {}, { extra: { intent } })
    const done = submitCeremonyStep(app, election.id, viewer.id, intent, message)
    if (done.ok) return { intent, ok: true as const }
    return formError(
      { message: [t(`elections.ceremony.error.${done.failure}`, { detail: done.detail ?? '' })] },
      {},
      { status: STEP_STATUS[done.failure], extra: { intent } },
    )
  }
  if (intent === 'decrypt') {
    const partial = formData.get('partial')
    if (typeof partial !== 'string' || !partial) return formError({ partial: [t('elections.tally.error.format')] }, {}, { extra: { intent } })
    const done = submitPartialDecryption(app, election, me.position, partial)
    if (done.ok) return { intent, ok: true as const, published: done.published }
    return formError(
      { partial: [t(`elections.tally.error.${done.error}`, { detail: done.detail ?? '' })] },
      {},
      { status: TALLY_STATUS[done.error], extra: { intent } },
    )
  }
  return formError({ form: [t('elections.ceremony.error.intent')] }, {}, { extra: { intent: 'none' } })
}

export default function TrusteePage() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const hydrated = useHydrated()
  const { election } = data
  const ceremonyOpen = election.state === 'draft'
  const tallying = election.state === 'tallying'
  return (
    <section className="stack trustee-page" aria-labelledby="trustee-title">
      <p>
        <Link to={`/elections/${election.id}`}>{t('elections.ceremony.back')}</Link>
      </p>
      <h1 id="trustee-title">{t('elections.ceremony.title')}</h1>
      <p className="lead">{election.title}</p>
      <p>{t('elections.ceremony.intro', { position: data.me.position })}</p>
      <noscript>
        <p className="alert alert--error">{t('elections.ceremony.noscript', { email: data.contact })}</p>
      </noscript>

      {election.state === 'cancelled' ? (
        <p className="alert alert--info" role="status">
          {t('elections.ceremony.cancelled')}
        </p>
      ) : data.published ? (
        <div className="alert alert--success" role="status">
          <p>{t('elections.tally.published')}</p>
          <p>
            <Link to={`/elections/${election.id}/resultats`}>{t('elections.tally.resultsLink')}</Link>
          </p>
        </div>
      ) : null}

      {election.fingerprint ? (
        <p className="muted">
          {t('elections.ceremony.fingerprint')} <code className="trustee-code">{election.fingerprint}</code>
        </p>
      ) : null}

      <h2>{t('elections.ceremony.progress')}</h2>
      <ul className="trustee-progress">
        {data.trustees.map((tr) => (
          <li key={tr.position}>
            <strong>
              {tr.position}. {tr.name}
            </strong>
            {tr.position === data.me.position ? ` ${t('elections.ceremony.you')}` : ''} —{' '}
            {tallying || data.published
              ? t(tr.decrypted ? 'elections.tally.trusteeDone' : 'elections.tally.trusteeWaiting')
              : t(`elections.ceremony.stepDone.${tr.step}`)}
          </li>
        ))}
      </ul>

      {ceremonyOpen ? (
        hydrated ? (
          <TrusteeCeremony
            electionId={election.id}
            position={data.me.position}
            step={data.me.step}
            trustees={data.trustees}
            context={data.context}
            commitments={data.commitments}
            shares={data.shares}
          />
        ) : (
          <p className="muted">{t('elections.ceremony.loading')}</p>
        )
      ) : election.state === 'sealed' ? (
        <p className="alert alert--info" role="status">
          {t('elections.ceremony.sealed')}
        </p>
      ) : null}

      {tallying ? (
        data.me.decrypted ? (
          <p className="alert alert--success" role="status">
            {t('elections.tally.doneWaiting', { count: data.decryptions, threshold: data.threshold })}
          </p>
        ) : hydrated && data.encryptedTally && election.fingerprint ? (
          <TrusteeTally
            electionId={election.id}
            position={data.me.position}
            fingerprint={election.fingerprint}
            encryptedTally={data.encryptedTally}
            decryptions={data.decryptions}
            threshold={data.threshold}
          />
        ) : (
          <p className="muted">{t('elections.ceremony.loading')}</p>
        )
      ) : null}
      {tallying && data.me.decrypted ? <TrusteeRevalidate /> : null}
    </section>
  )
}

/** A member who is not one of this election's trustees is told so (not « réservé aux webmestres »). */
export function ErrorBoundary() {
  const t = useT()
  const error = useRouteError()
  if (!isRouteErrorResponse(error) || error.status !== 403) return <GeneralErrorBoundary />
  return (
    <section className="state">
      <h1>{t('elections.ceremony.forbidden.title')}</h1>
      <p>{t('elections.ceremony.forbidden.body')}</p>
      <Link to="/elections" className="button button--primary">
        {t('elections.ceremony.forbidden.back')}
      </Link>
    </section>
  )
}
