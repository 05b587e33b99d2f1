import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { translator } from '~/i18n'
import { requireMember } from '~/features/accounts/guards.server'
import { boardCounts, hasTracker, trackersPage } from '~/features/elections/board.server'
import { BoardSearch } from '~/features/elections/components/board-search'
import { BoardTrackers } from '~/features/elections/components/board-trackers'
import voteCss from '~/features/elections/components/vote-pages.css'
import { findElection, stageOf } from '~/features/elections/elections.server'
import { sealedElection } from '~/features/elections/voting.server'
import { BOARD_PAGE_SIZE, trackerQuery } from '~/features/elections/voting-schema'
import { formError } from '~/shared/form-result.server'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('elections.board.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: voteCss }]

function sealedOr404(context: LoaderFunctionArgs['context'], id: string | undefined) {
  const election = findElection(context.app.db, id ?? '')
  const sealed = election ? sealedElection(election) : null
  invariantResponse(election && sealed, 'Not found', { status: 404 })
  return { election, sealed }
}

export function loader({ request, context, params }: LoaderFunctionArgs) {
  requireMember(request, context)
  const { app } = context
  const { election, sealed } = sealedOr404(context, params.electionId)
  const counts = boardCounts(app.db, election.id)
  const pages = Math.max(1, Math.ceil(counts.ballots / BOARD_PAGE_SIZE))
  const asked = Number(new URL(request.url).searchParams.get('page') ?? '1')
  const page = Number.isSafeInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1
  return {
    election: { id: election.id, title: election.title, stage: stageOf(app, election) },
    fingerprint: sealed.fingerprint,
    rollSize: sealed.parameters.roll.size,
    counts,
    trackers: trackersPage(app.db, election.id, page),
    page,
    pages,
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  requireMember(request, context)
  const { app } = context
  const t = translator(context.locale)
  const { election } = sealedOr404(context, params.electionId)
  const form = await readForm(request)
  const raw = typeof form.get('tracker') === 'string' ? String(form.get('tracker')) : ''
  const tracker = trackerQuery(raw)
  const values = { tracker: raw.slice(0, 100) }
  if (tracker === null) return formError({ tracker: [t('elections.board.search.required')] }, values, { extra: { intent: 'search' } })
  if (tracker === false) return formError({ tracker: [t('elections.board.search.format')] }, values, { extra: { intent: 'search' } })
  return { intent: 'search' as const, tracker, found: hasTracker(app.db, election.id, tracker) }
}

export default function BoardPage() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const { election, counts } = data
  const equal = counts.voted === counts.ballots
  return (
    <section className="board-page" aria-labelledby="board-title">
      <p>
        <Link to={`/elections/${election.id}`}>{t('elections.vote.back')}</Link>
      </p>
      <h1 id="board-title">{t('elections.board.title')}</h1>
      <p className="lead">{election.title}</p>
      <p>{t('elections.board.lead')}</p>
      <p className="board-fingerprint">
        {t('elections.vote.fingerprint')} <code>{data.fingerprint}</code>
      </p>
      <div className="board-counts">
        <div>
          <strong>{counts.voted}</strong> {t('elections.board.voted', { count: counts.voted, roll: data.rollSize })}
        </div>
        <div>
          <strong>{counts.ballots}</strong> {t('elections.board.ballots', { count: counts.ballots })}
        </div>
      </div>
      {equal ? (
        <p className="alert alert--success">{t('elections.board.equal')}</p>
      ) : (
        <p className="alert alert--error" role="alert">
          {t('elections.board.unequal', { voted: counts.voted, ballots: counts.ballots })}
        </p>
      )}
      <BoardSearch />
      <BoardTrackers trackers={data.trackers} page={data.page} pages={data.pages} total={counts.ballots} />
      <section className="card" aria-labelledby="board-export-title">
        <h2 id="board-export-title">{t('elections.board.export.title')}</h2>
        <p>{t('elections.board.export.body')}</p>
        <p>
          <code>npm run election:verify -- urne-{election.id}.json</code>
        </p>
        <p>
          <a className="button button--ghost" href={`/elections/${election.id}/urne.json`} download={`urne-${election.id}.json`}>
            {t('elections.board.export.download')}
          </a>
          {election.stage === 'results' ? (
            <>
              {' '}
              <Link to={`/elections/${election.id}/resultats`}>{t('elections.vote.resultsLink')}</Link>
            </>
          ) : null}
        </p>
      </section>
    </section>
  )
}
