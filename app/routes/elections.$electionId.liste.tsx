import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { formatDateTime, translator } from '~/i18n'
import { requireMember } from '~/features/accounts/guards.server'
import setupCss from '~/features/elections/components/setup-pages.css'
import { findElection, onRoll, stageOf } from '~/features/elections/elections.server'
import { contestRoll, freezeRollIfDue, myContest, rollPage } from '~/features/elections/roll.server'
import { contestForm, ROLL_PAGE_SIZE, rollQuery } from '~/features/elections/setup-schema'
import { ELECTION_LIMITS } from '~/features/elections/stage'
import { ErrorSummary, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'

export const meta = titleMeta('elections.roll.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: setupCss }]

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context)
  const { app } = context
  const found = findElection(app.db, params.electionId ?? '')
  invariantResponse(found, 'Not found', { status: 404 })
  const election = freezeRollIfDue(app, found) === 'frozen' ? findElection(app.db, found.id)! : found
  const query = rollQuery(new URL(request.url))
  const contest = myContest(app.db, election.id, viewer.id)
  return {
    election: { id: election.id, title: election.title, rollAt: election.rollAt, frozen: election.rollFrozenAt !== null, draft: election.state === 'draft' },
    stage: stageOf(app, election),
    query,
    roll: election.rollFrozenAt ? rollPage(app.db, election.id, query, pageParam(request)) : null,
    mine: election.rollFrozenAt ? onRoll(app.db, election.id, viewer.id) !== null : false,
    contest: contest ? { status: contest.status, answer: contest.answer, createdAt: contest.createdAt } : null,
    contact: app.config.ASSOCIATION_EMAIL,
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireMember(request, context)
  const { app } = context
  const t = translator(context.locale)
  const election = findElection(app.db, params.electionId ?? '')
  invariantResponse(election, 'Not found', { status: 404 })
  freezeRollIfDue(app, election)
  const formData = await readForm(request)
  const values = formObject(formData)
  const kept = { message: (values.message ?? '').slice(0, 5000) }
  if (values.intent !== 'contest') return formError({ form: [t('elections.setup.error.intent')] }, kept)
  const parsed = parseForm(contestForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, kept)
  const done = contestRoll(app, election.id, viewer.id, parsed.data.message)
  if (!done.ok) return formError({ form: [t(`elections.roll.error.${done.error}`)] }, kept, { status: done.error === 'notFound' ? 404 : 409 })
  return redirectWithToast(context, `/elections/${election.id}/liste`, { type: 'success', key: 'elections.roll.toast.contested' })
}

export default function RollPage() {
  const t = useT()
  const { locale } = useRootData()
  const data = useLoaderData<typeof loader>()
  const failure = formFailure(useActionData<typeof action>())
  const { election, roll } = data
  const canContest = election.frozen && election.draft && !data.mine && data.contest?.status !== 'open'
  return (
    <div className="setup-page roll-page">
      <p>
        <Link to={`/elections/${election.id}`}>{t('elections.roll.back')}</Link>
      </p>
      <div className="page-header">
        <h1>{t('elections.roll.title')}</h1>
        <p className="lead">{election.title}</p>
      </div>
      {!election.frozen ? (
        <div className="card state">
          <p>{t('elections.roll.notFrozen', { date: formatDateTime(locale, new Date(election.rollAt)) })}</p>
        </div>
      ) : (
        <>
          <p>{t('elections.roll.explained', { date: formatDateTime(locale, new Date(election.rollAt)) })}</p>
          {data.mine ? (
            <p className="alert alert--success" role="status">
              {t('elections.roll.youAreOn')}
            </p>
          ) : (
            <p className="alert alert--info" role="status">
              {t('elections.roll.youAreNotOn')}
            </p>
          )}
          {data.contest ? (
            <section className="card" aria-labelledby="my-contest">
              <h2 id="my-contest">{t('elections.roll.myContest', { status: t(`elections.roll.contestStatus.${data.contest.status}`) })}</h2>
              <p className="muted">{t('elections.roll.contestSent', { date: formatDateTime(locale, new Date(data.contest.createdAt)) })}</p>
              {data.contest.answer ? <p className="election-description">{t('elections.roll.contestAnswer', { answer: data.contest.answer })}</p> : null}
            </section>
          ) : null}
          {canContest ? (
            <section className="card" aria-labelledby="contest-title">
              <h2 id="contest-title">{t('elections.roll.contestTitle')}</h2>
              <p>{t('elections.roll.contestLead')}</p>
              <Form method="post" className="form" noValidate>
                <ErrorSummary errors={failure.failed ? failure.errors : undefined} />
                <TextAreaField
                  label={t('elections.roll.field.message')}
                  hint={t('elections.roll.field.messageHint', { max: ELECTION_LIMITS.contest })}
                  name="message"
                  rows={4}
                  required
                  maxLength={ELECTION_LIMITS.contest}
                  defaultValue={failure.values.message}
                  errors={failure.errors.message}
                />
                <SubmitButton intent="contest">{t('elections.roll.contestSubmit')}</SubmitButton>
              </Form>
            </section>
          ) : !data.mine && !election.draft ? (
            <p className="muted">{t('elections.roll.contestClosed', { email: data.contact })}</p>
          ) : null}
          {!canContest && failure.failed ? <ErrorSummary errors={failure.errors} /> : null}

          <section aria-labelledby="roll-list">
            <h2 id="roll-list">{t('elections.roll.size', { count: roll?.total ?? 0 })}</h2>
            <Form method="get" className="search-bar search-bar--end" role="search">
              <div className="field">
                <label htmlFor="roll-q">{t('elections.roll.search')}</label>
                <input id="roll-q" type="search" name="q" defaultValue={data.query} maxLength={100} />
              </div>
              <button type="submit" className="button button--secondary">
                {t('elections.roll.searchSubmit')}
              </button>
            </Form>
            {roll && roll.rows.length === 0 ? (
              <div className="card state state--soft">
                <p>{data.query ? t('elections.roll.noMatch', { query: data.query }) : t('elections.roll.empty')}</p>
                {data.query ? <Link to={`/elections/${election.id}/liste`}>{t('elections.roll.clear')}</Link> : null}
              </div>
            ) : (
              <ol className="roll-list" start={roll ? (roll.page - 1) * ROLL_PAGE_SIZE + 1 : 1}>
                {roll?.rows.map((r) => (
                  <li key={r.id}>
                    {r.name}
                    {r.promotion ? <span className="muted"> ({r.promotion})</span> : null}
                    {r.source === 'contest' ? <span className="badge roll-list__added">{t('elections.roll.addedOnContest')}</span> : null}
                  </li>
                ))}
              </ol>
            )}
            {roll ? <Pagination page={roll.page} pages={roll.pages} /> : null}
          </section>
        </>
      )}
    </div>
  )
}
