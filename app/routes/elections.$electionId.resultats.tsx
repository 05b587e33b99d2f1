import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDateTime } from '~/i18n'
import { requireMember } from '~/features/accounts/guards.server'
import voteCss from '~/features/elections/components/vote-pages.css'
import { findElection } from '~/features/elections/elections.server'
import { closeBoxIfDue, decryptingTrustees, publishedResult } from '~/features/elections/tally.server'
import { sealedElection } from '~/features/elections/voting.server'
import { invariantResponse } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('elections.results.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: voteCss }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireMember(request, context)
  const { app } = context
  const found = findElection(app.db, params.electionId ?? '')
  invariantResponse(found, 'Not found', { status: 404 })
  const election = await closeBoxIfDue(app, found)
  const sealed = sealedElection(election)
  const result = publishedResult(election)
  const base = { id: election.id, title: election.title }
  if (!sealed || !result || !election.publishedAt) return { election: base, published: null }
  const p = sealed.parameters
  return {
    election: base,
    published: {
      at: election.publishedAt,
      fingerprint: sealed.fingerprint,
      rollSize: p.roll.size,
      counted: result.counted,
      blank: result.blank,
      candidates: p.candidates.map((c, i) => ({ id: c.id, name: c.name, votes: result.votes[i] ?? 0, elected: result.elected.includes(c.id) })),
      elected: result.elected.map((id) => p.candidates.find((c) => c.id === id)?.name ?? id),
      tieRule: p.tieRule,
      decrypting: decryptingTrustees(app, election.id).map((tr) => tr.name),
    },
  }
}

export default function ResultsPage() {
  const t = useT()
  const { locale } = useRootData()
  const { election, published } = useLoaderData<typeof loader>()
  const percent = (n: number, of: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(of > 0 ? n / of : 0)
  return (
    <section className="board-page results-page" aria-labelledby="results-title">
      <p>
        <Link to={`/elections/${election.id}`}>{t('elections.results.back')}</Link>
      </p>
      <h1 id="results-title">
        {t('elections.results.title')} — {election.title}
      </h1>
      {!published ? (
        <p className="alert alert--info" role="status">
          {t('elections.results.notYet')}
        </p>
      ) : (
        <>
          <p>{t('elections.results.published', { date: formatDateTime(locale, new Date(published.at)) })}</p>
          <p>
            {t('elections.results.turnout', {
              counted: published.counted,
              roll: published.rollSize,
              percent: percent(published.counted, published.rollSize),
            })}
          </p>
          <section aria-labelledby="results-elected" className="card">
            <h2 id="results-elected">{t('elections.results.elected')}</h2>
            {published.elected.length > 0 ? (
              <ol>
                {published.elected.map((name) => (
                  <li key={name}>
                    <strong>{name}</strong>
                  </li>
                ))}
              </ol>
            ) : (
              <p>{t('elections.results.noneElected')}</p>
            )}
            <p className="muted">
              {published.tieRule.kind === 'ranking'
                ? t('elections.results.tie.ranking', { label: published.tieRule.label })
                : t('elections.results.tie.drawn-order')}
            </p>
          </section>
          <div className="table-wrap">
            <table className="table results-table">
              <caption>{t('elections.results.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('elections.results.candidate')}</th>
                  <th scope="col">{t('elections.results.votes')}</th>
                  <th scope="col">{t('elections.results.share')}</th>
                </tr>
              </thead>
              <tbody>
                {published.candidates.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      {c.name}
                      {c.elected ? <span className="badge badge--success">{t('elections.results.electedMark')}</span> : null}
                    </th>
                    <td data-label={t('elections.results.votes')}>{c.votes}</td>
                    <td data-label={t('elections.results.share')}>
                      <span className="results-bar" aria-hidden="true">
                        <span style={{ width: `${published.counted > 0 ? (100 * c.votes) / published.counted : 0}%` }} />
                      </span>
                      {percent(c.votes, published.counted)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>{t('elections.results.blank', { count: String(published.blank) })}</p>
          <p>{t('elections.results.trustees', { names: published.decrypting.join(', ') })}</p>
          <p className="board-fingerprint">
            {t('elections.vote.fingerprint')} <code>{published.fingerprint}</code>
          </p>
          <p>
            <a className="button" href={`/elections/${election.id}/proces-verbal.pdf`}>
              {t('elections.results.pv')}
            </a>
          </p>
          <section aria-labelledby="results-verify">
            <h2 id="results-verify">{t('elections.results.verify.title')}</h2>
            <p>{t('elections.results.verify.body')}</p>
            <p>
              <a href={`/elections/${election.id}/urne.json`} download>
                {t('elections.results.verify.download')}
              </a>
            </p>
            <pre className="results-command">
              <code>npm run election:verify -- urne.json</code>
            </pre>
          </section>
        </>
      )}
    </section>
  )
}
