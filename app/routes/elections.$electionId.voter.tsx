import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDateTime, translator } from '~/i18n'
import { requireUser } from '~/features/accounts/guards.server'
import { minutesUntil } from '~/features/accounts/throttle.server'
import { VoteForm } from '~/features/elections/components/vote-form'
import voteCss from '~/features/elections/components/vote-pages.css'
import { findElection } from '~/features/elections/elections.server'
import { CAST_ERROR_FIELD, type CastError, castBallot, reauthenticateVoter, requestVoteCode, voterView } from '~/features/elections/voting.server'
import { castForm, reauthForm } from '~/features/elections/voting-schema'
import { formError } from '~/shared/form-result.server'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { useHydrated } from '~/shared/hooks'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { parseForm } from '~/shared/validation'

export const meta = titleMeta('elections.vote.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: voteCss }]

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const { app } = context
  const election = findElection(app.db, params.electionId ?? '')
  invariantResponse(election, 'Not found', { status: 404 })
  const view = voterView(app, election, viewer.id)
  const sealed = view.sealed
  return {
    election: { id: election.id, title: election.title, seats: election.seats, opensAt: election.votingOpensAt, closesAt: election.votingClosesAt },
    status: view.status,
    voted: view.voted,
    requireMailCode: view.requireMailCode,
    codePending: view.codePending,
    ballot:
      sealed && view.status === 'open'
        ? {
            fingerprint: sealed.fingerprint,
            publicKey: sealed.parameters.publicKey,
            candidates: sealed.parameters.candidates.length,
            seats: sealed.parameters.seats,
          }
        : null,
    candidates: sealed ? sealed.parameters.candidates : [],
    fingerprint: sealed?.fingerprint ?? null,
    contact: app.config.ASSOCIATION_EMAIL,
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const { app } = context
  const t = translator(context.locale)
  const election = findElection(app.db, params.electionId ?? '')
  invariantResponse(election, 'Not found', { status: 404 })
  const formData = await readForm(request)
  const intent = formData.get('intent')

  if (intent === 'code') {
    const sent = requestVoteCode(app, { electionId: election.id, userId: viewer.id })
    if (sent.ok) return { intent: 'code' as const, sent: true as const }
    const message =
      sent.error === 'throttled'
        ? t('elections.vote.error.codeThrottled', { minutes: minutesUntil(sent.retryAfterMs ?? 0) })
        : t(`elections.vote.error.${sent.error}`)
    const status = sent.error === 'throttled' ? 429 : sent.error === 'notOnRoll' ? 403 : sent.error === 'notFound' ? 404 : 409
    return formError({ code: [message] }, {}, { status, extra: { intent: 'code' } })
  }
  if (intent === 'reauth') {
    const parsed = parseForm(reauthForm, formData, t)
    if (!parsed.success) return formError(parsed.errors, {}, { extra: { intent: 'reauth' } })
    const result = await reauthenticateVoter(app, {
      electionId: election.id,
      userId: viewer.id,
      sessionId: context.session?.id ?? '',
      password: parsed.data.password,
      code: parsed.data.code,
    })
    if (result.ok) return { intent: 'reauth' as const, grant: result.grant, expiresAt: result.expiresAt.toISOString() }
    return castRefusal(t, result, 'reauth')
  }
  if (intent !== 'cast') return formError({ form: [t('elections.vote.error.intent')] }, {}, { extra: { intent: 'cast' } })

  const parsed = parseForm(castForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, {}, { extra: { intent: 'cast' } })
  const { ballot, grant, password, code } = parsed.data
  const voter = { electionId: election.id, userId: viewer.id, ballot, baseUrl: baseUrl(request, app.config.APP_URL) }
  const result = await castBallot(app, grant ? { ...voter, grant, sessionId: context.session?.id ?? '' } : { ...voter, password: password ?? '', code })
  if (result.ok) return { intent: 'cast' as const, tracker: result.tracker, replaced: result.replaced }
  return castRefusal(t, result, 'cast')
}

/** A refused step, in French next to its field, with the status that says why. */
function castRefusal(t: ReturnType<typeof translator>, result: { error: CastError; detail?: string; retryAfterMs?: number }, intent: 'reauth' | 'cast') {
  const message =
    result.error === 'throttled'
      ? t('elections.vote.error.throttled', { minutes: minutesUntil(result.retryAfterMs ?? 0) })
      : result.error === 'ballot'
        ? t('elections.vote.error.ballot', { detail: result.detail ?? '' })
        : t(`elections.vote.error.${result.error}`)
  const status =
    result.error === 'throttled'
      ? 429
      : result.error === 'notOnRoll'
        ? 403
        : result.error === 'notFound'
          ? 404
          : result.error === 'notOpen' || result.error === 'closed'
            ? 409
            : result.error === 'tooLarge'
              ? 413
              : result.error === 'grantExpired'
                ? 403
                : 400
  return formError({ [CAST_ERROR_FIELD[result.error]]: [message] }, {}, { status, extra: { intent } })
}

export default function VotePage() {
  const t = useT()
  const { locale } = useRootData()
  const data = useLoaderData<typeof loader>()
  const hydrated = useHydrated()
  const { election } = data
  const dates = { opens: formatDateTime(locale, new Date(election.opensAt)), closes: formatDateTime(locale, new Date(election.closesAt)) }
  return (
    <section className="vote-page" aria-labelledby="vote-title">
      <p>
        <Link to={`/elections/${election.id}`}>{t('elections.vote.back')}</Link>
      </p>
      <h1 id="vote-title">{t('elections.vote.title')}</h1>
      <p className="lead">{election.title}</p>
      {data.status === 'open' ? <p className="muted">{t('elections.vote.closes', dates)}</p> : null}

      {data.status === 'notOnRoll' ? (
        <div className="alert alert--info" role="status">
          <p>{t('elections.vote.notOnRoll')}</p>
          <p>
            <Link to={`/elections/${election.id}/liste`}>{t('elections.vote.rollLink')}</Link>
          </p>
        </div>
      ) : data.status === 'notOpen' ? (
        <p className="alert alert--info" role="status">
          {t('elections.vote.notOpen', dates)}
        </p>
      ) : data.status === 'closed' ? (
        <div className="alert alert--info" role="status">
          <p>{t('elections.vote.closed', dates)}</p>
          <p>
            <Link to={`/elections/${election.id}/urne`}>{t('elections.vote.boardLink')}</Link> ·{' '}
            <Link to={`/elections/${election.id}/resultats`}>{t('elections.vote.resultsLink')}</Link>
          </p>
        </div>
      ) : null}

      <details className="vote-secrecy">
        <summary>{t('elections.vote.secrecy.title')}</summary>
        <p>{t('elections.vote.secrecy.body')}</p>
      </details>

      {data.status === 'open' && data.ballot ? (
        <>
          <noscript>
            <p className="alert alert--error">{t('elections.vote.noscript', { email: data.contact })}</p>
          </noscript>
          {data.voted ? <p className="alert alert--info">{t('elections.vote.previous')}</p> : null}
          {data.fingerprint ? (
            <p className="muted vote-fingerprint">
              {t('elections.vote.fingerprint')} <code>{data.fingerprint}</code>
            </p>
          ) : null}
          {hydrated ? (
            <VoteForm
              electionId={election.id}
              election={data.ballot}
              candidates={data.candidates}
              seats={election.seats}
              requireMailCode={data.requireMailCode}
              codePending={data.codePending}
            />
          ) : (
            <p className="muted">{t('elections.vote.loading')}</p>
          )}
          <p>
            <Link to={`/elections/${election.id}/candidats`}>{t('elections.vote.candidatesLink')}</Link> ·{' '}
            <Link to={`/elections/${election.id}/urne`}>{t('elections.vote.boardLink')}</Link>
          </p>
        </>
      ) : null}
    </section>
  )
}
