import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDateTime } from '~/i18n'
import { requireMember } from '~/features/accounts/guards.server'
import { electionForCandidacies, publishedCandidates } from '~/features/elections/candidacies.server'
import { CandidateCard } from '~/features/elections/components/candidate-card'
import candidateCss from '~/features/elections/components/candidate-cards.css'
import { stageOf } from '~/features/elections/elections.server'
import { invariantResponse } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('elections.candidates.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: candidateCss }]

export function loader({ request, context, params }: LoaderFunctionArgs) {
  requireMember(request, context)
  const { app } = context
  const election = electionForCandidacies(app, params.electionId)
  invariantResponse(election, 'Not found', { status: 404 })
  return {
    election: { id: election.id, title: election.title, closesAt: election.candidacyClosesAt, stage: stageOf(app, election) },
    published: election.candidatesPublishedAt !== null,
    candidates: publishedCandidates(app.db, election.id),
  }
}

export default function CandidatesPage() {
  const t = useT()
  const { locale } = useRootData()
  const { election, published, candidates } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="candidates-title">
      <p>
        <Link to={`/elections/${election.id}`}>{t('elections.candidacy.back')}</Link>
      </p>
      <h1 id="candidates-title">{t('elections.candidates.title')}</h1>
      <p className="lead">{election.title}</p>
      {!published ? (
        <div className="card state state--soft">
          <p>
            {election.stage === 'candidacy' || election.stage === 'announced'
              ? t('elections.candidates.notYet', { date: formatDateTime(locale, new Date(election.closesAt)) })
              : t('elections.candidates.waiting')}
          </p>
          {election.stage === 'candidacy' ? (
            <Link className="button button--primary" to={`/elections/${election.id}/candidature`}>
              {t('elections.candidates.apply')}
            </Link>
          ) : null}
        </div>
      ) : candidates.length === 0 ? (
        <p className="card state state--soft">{t('elections.candidates.empty')}</p>
      ) : (
        <>
          <p className="muted">{t('elections.candidates.drawn')}</p>
          <ol className="candidate-list">
            {candidates.map((c) => (
              <li key={c.id}>
                <CandidateCard candidate={c} />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  )
}
