import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '~/features/accounts/guards.server'
import { myCandidacy, publishCandidatesIfDue, publishedCandidates } from '~/features/elections/candidacies.server'
import setupCss from '~/features/elections/components/setup-pages.css'
import { BallotSecrecy, FingerprintFact, StageBadge, StageTimeline } from '~/features/elections/components/stage-timeline'
import { findElection, isEligible, onRoll, stageOf } from '~/features/elections/elections.server'
import { freezeRollIfDue, rollSize } from '~/features/elections/roll.server'
import { electionDates, resultSummary, trusteesOf } from '~/features/elections/setup.server'
import { invariantResponse } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { isPayingMember } from '~/shared/viewer'

export const meta = titleMeta('elections.overview.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: setupCss }]

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const { app } = context
  const found = findElection(app.db, params.electionId ?? '')
  invariantResponse(found, 'Not found', { status: 404 })
  const changed = [freezeRollIfDue(app, found), publishCandidatesIfDue(app, found)].some((o) => o === 'frozen' || o === 'published')
  const election = changed ? findElection(app.db, found.id)! : found
  const stage = stageOf(app, election)
  const member = isPayingMember(viewer)
  const candidacy = member ? myCandidacy(app.db, election.id, viewer.id) : null
  return {
    election: {
      id: election.id,
      title: election.title,
      description: election.description,
      seats: election.seats,
      eligibility: election.eligibility,
      cancelledReason: election.cancelledReason,
      fingerprint: election.state !== 'draft' ? election.fingerprint : null,
      rollFrozen: election.rollFrozenAt !== null,
      candidatesPublished: election.candidatesPublishedAt !== null,
    },
    stage,
    dates: electionDates(context.locale, election),
    member,
    eligible: member && isEligible(app.db, election, viewer.id, app.now()),
    onRoll: member && election.rollFrozenAt !== null && onRoll(app.db, election.id, viewer.id) !== null,
    rollSize: election.rollFrozenAt ? rollSize(app.db, election.id) : null,
    candidacy: candidacy ? candidacy.status : null,
    trustee: trusteesOf(app.db, election.id).some((tr) => tr.userId === viewer.id),
    candidates: publishedCandidates(app.db, election.id).map((c) => ({ id: c.id, name: c.name, promotion: c.promotion })),
    result: resultSummary(app.db, election),
  }
}

type Action = { to: string; label: string; primary?: boolean }

export default function ElectionOverview() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const { election, stage } = data
  const base = `/elections/${election.id}`
  const actions: Action[] = []
  if (stage === 'voting' && data.onRoll) actions.push({ to: `${base}/voter`, label: t('elections.overview.action.vote'), primary: true })
  if (stage === 'candidacy' && data.member)
    actions.push({
      to: `${base}/candidature`,
      label: data.candidacy && data.candidacy !== 'withdrawn' ? t('elections.overview.action.myCandidacy') : t('elections.overview.action.apply'),
      primary: data.eligible && !data.candidacy,
    })
  if (stage === 'results') actions.push({ to: `${base}/resultats`, label: t('elections.overview.action.results'), primary: true })
  if (data.trustee && stage !== 'cancelled') actions.push({ to: `${base}/assesseur`, label: t('elections.overview.action.trustee') })
  if (election.candidatesPublished) actions.push({ to: `${base}/candidats`, label: t('elections.overview.action.candidates') })
  if (election.rollFrozen && data.member) actions.push({ to: `${base}/liste`, label: t('elections.overview.action.roll') })
  if (['ready', 'voting', 'counting', 'results'].includes(stage)) actions.push({ to: `${base}/urne`, label: t('elections.overview.action.board') })
  return (
    <div className="setup-page election-overview">
      <p>
        <Link to="/elections">{t('elections.overview.back')}</Link>
      </p>
      <div className="page-header">
        <h1>{election.title}</h1>
        <p>
          <StageBadge stage={stage} />
        </p>
        <p className="lead">{t(`elections.overview.now.${stage}`, { ...data.dates })}</p>
      </div>

      {stage === 'cancelled' ? (
        <p className="alert alert--error" role="status">
          {t('elections.overview.cancelled', { reason: election.cancelledReason ?? '' })}
        </p>
      ) : null}

      {!data.member ? (
        <div className="alert alert--info" role="status">
          <p>{t('elections.list.notMember')}</p>
          <p>
            <Link to="/cotiser">{t('elections.list.cotiser')}</Link>
          </p>
        </div>
      ) : stage === 'voting' && !data.onRoll ? (
        <p className="alert alert--info" role="status">
          {t('elections.overview.notOnRoll')}
        </p>
      ) : null}

      {actions.length > 0 ? (
        <section aria-labelledby="overview-actions" className="card">
          <h2 id="overview-actions">{t('elections.overview.canDo')}</h2>
          <ul className="list-plain overview-actions">
            {actions.map((a) => (
              <li key={a.to}>
                <Link to={a.to} className={a.primary ? 'button button--primary' : 'button button--secondary'}>
                  {a.label}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.result ? (
        <section aria-labelledby="overview-result" className="card">
          <h2 id="overview-result">{t('elections.overview.result')}</h2>
          <p>
            {data.result.elected.length > 0
              ? t('elections.overview.elected', { count: data.result.elected.length, names: data.result.elected.join(', ') })
              : t('elections.overview.noneElected')}
          </p>
          <p className="muted">{t('elections.overview.counted', { count: data.result.counted, blank: data.result.blank })}</p>
          <p>
            <Link to={`${base}/resultats`}>{t('elections.overview.action.results')}</Link>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="overview-facts">
        <h2 id="overview-facts">{t('elections.overview.about')}</h2>
        {election.description ? <p className="election-description">{election.description}</p> : null}
        <dl className="facts">
          <dt>{t('elections.overview.seats')}</dt>
          <dd>{t('elections.list.seats', { count: election.seats })}</dd>
          <dt>{t('elections.overview.eligibility')}</dt>
          <dd>{t(`elections.setup.eligibility.${election.eligibility}`)}</dd>
          {data.rollSize !== null ? (
            <>
              <dt>{t('elections.overview.rollSize')}</dt>
              <dd>{t('elections.roll.size', { count: data.rollSize })}</dd>
            </>
          ) : null}
          <FingerprintFact fingerprint={election.fingerprint} />
        </dl>
        {election.fingerprint ? <p className="muted">{t('elections.overview.fingerprintHint')}</p> : null}
      </section>

      {data.candidates.length > 0 ? (
        <section aria-labelledby="overview-candidates">
          <h2 id="overview-candidates">{t('elections.overview.candidates', { count: data.candidates.length })}</h2>
          <p className="muted">{t('elections.overview.drawnOrder')}</p>
          <ol className="overview-candidates">
            {data.candidates.map((c) => (
              <li key={c.id}>
                {c.name}
                {c.promotion ? <span className="muted"> ({c.promotion})</span> : null}
              </li>
            ))}
          </ol>
          <p>
            <Link to={`${base}/candidats`}>{t('elections.overview.action.candidates')}</Link>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="overview-timeline">
        <h2 id="overview-timeline">{t('elections.timeline.title')}</h2>
        <StageTimeline stage={stage} dates={data.dates} />
      </section>
      <BallotSecrecy />
    </div>
  )
}
