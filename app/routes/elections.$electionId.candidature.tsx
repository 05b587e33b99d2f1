import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { formatDateTime, translator } from '~/i18n'
import { requireUser } from '~/features/accounts/guards.server'
import { applyForElection, electionForCandidacies, hasProfilePhoto, myCandidacy, withdrawCandidacy } from '~/features/elections/candidacies.server'
import { CANDIDACY_INTENTS, candidacyForm } from '~/features/elections/candidacies-schema'
import { CandidatePhoto } from '~/features/elections/components/candidate-card'
import { CandidateForm } from '~/features/elections/components/candidate-form'
import candidateCss from '~/features/elections/components/candidate-cards.css'
import { isEligible, memberIdentity, stageOf } from '~/features/elections/elections.server'
import { CheckboxField, ErrorSummary } from '~/shared/components/forms'
import { RichText } from '~/shared/components/rich-text'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { isPayingMember } from '~/shared/viewer'
import { formObject, parseForm } from '~/shared/validation'

export const meta = titleMeta('elections.candidacy.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: candidateCss }]

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const { app } = context
  const election = electionForCandidacies(app, params.electionId)
  invariantResponse(election, 'Not found', { status: 404 })
  const now = app.now()
  const candidacy = myCandidacy(app.db, election.id, viewer.id)
  const member = isPayingMember(viewer)
  const identity = memberIdentity(app.db, viewer.id)
  return {
    election: {
      id: election.id,
      title: election.title,
      opensAt: election.candidacyOpensAt,
      closesAt: election.candidacyClosesAt,
      stage: stageOf(app, election),
    },
    member,
    eligible: member && isEligible(app.db, election, viewer.id, now),
    identity,
    userId: viewer.id,
    hasPhoto: hasProfilePhoto(app.db, viewer.id),
    contact: app.config.ASSOCIATION_EMAIL,
    candidacy: candidacy ? { status: candidacy.status, statement: candidacy.statement, refusalReason: candidacy.refusalReason, name: candidacy.name } : null,
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const { app } = context
  const t = translator(context.locale)
  const election = electionForCandidacies(app, params.electionId)
  invariantResponse(election, 'Not found', { status: 404 })
  const formData = await readForm(request)
  const values = formObject(formData)
  const intent = CANDIDACY_INTENTS.find((i) => i === values.intent)
  if (!intent) return formError({ form: [t('elections.candidacy.error.intent')] }, {}, { extra: { intent: 'apply' } })
  const kept = { statement: (values.statement ?? '').slice(0, 10_000) }
  const options = { extra: { intent } }
  if (!isPayingMember(viewer)) return formError({ form: [t('elections.candidacy.notMemberNotice')] }, kept, { ...options, status: 403 })

  if (intent === 'withdraw') {
    if (values.confirm !== 'on') return formError({ confirm: [t('elections.candidacy.error.confirm')] }, {}, options)
    const done = withdrawCandidacy(app, election.id, viewer.id)
    if (!done.ok) return formError({ form: [t(`elections.candidacy.error.${done.error}`)] }, {}, { ...options, status: done.error === 'notFound' ? 404 : 409 })
    return redirectWithToast(context, `/elections/${election.id}/candidature`, { type: 'success', key: 'elections.candidacy.toast.withdrawn' })
  }

  const parsed = parseForm(candidacyForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, kept, options)
  const done = applyForElection(app, election.id, viewer.id, parsed.data.statement)
  if (!done.ok) {
    const status = done.error === 'notEligible' ? 403 : done.error === 'notFound' ? 404 : 409
    return formError({ form: [t(`elections.candidacy.error.${done.error}`)] }, kept, { ...options, status })
  }
  return redirectWithToast(context, `/elections/${election.id}/candidature`, { type: 'success', key: 'elections.candidacy.toast.applied' })
}

export default function CandidacyPage() {
  const t = useT()
  const { locale } = useRootData()
  const data = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const apply = formFailure(answer, 'apply')
  const withdraw = formFailure(answer, 'withdraw')
  const { election, candidacy } = data
  const open = election.stage === 'candidacy'
  const dates = { opens: formatDateTime(locale, new Date(election.opensAt)), closes: formatDateTime(locale, new Date(election.closesAt)) }
  const canEdit = open && data.eligible && (!candidacy || candidacy.status === 'pending' || candidacy.status === 'withdrawn')
  const canWithdraw = open && candidacy && (candidacy.status === 'pending' || candidacy.status === 'validated')
  const submitLabel = !candidacy
    ? t('elections.candidacy.apply')
    : candidacy.status === 'withdrawn'
      ? t('elections.candidacy.reapply')
      : t('elections.candidacy.update')
  return (
    <section className="candidacy-page" aria-labelledby="candidacy-title">
      <p>
        <Link to={`/elections/${election.id}`}>{t('elections.candidacy.back')}</Link>
      </p>
      <h1 id="candidacy-title">{t('elections.candidacy.title')}</h1>
      <p className="lead">{election.title}</p>
      <p className="muted">{t('elections.candidacy.window', dates)}</p>

      {candidacy ? (
        <section className="card" aria-labelledby="candidacy-status">
          <h2 id="candidacy-status">{t('elections.candidacy.yourStatus', { status: t(`elections.candidacy.status.${candidacy.status}`) })}</h2>
          {candidacy.status === 'pending' ? <p>{t('elections.candidacy.pendingExplained')}</p> : null}
          {candidacy.status === 'validated' ? <p>{t('elections.candidacy.validatedExplained')}</p> : null}
          {candidacy.status === 'refused' && candidacy.refusalReason ? (
            <p className="alert alert--error">{t('elections.candidacy.refusedReason', { reason: candidacy.refusalReason })}</p>
          ) : null}
          {!canEdit ? <RichText text={candidacy.statement} /> : null}
        </section>
      ) : null}

      {!data.member ? (
        <div className="alert alert--info" role="status">
          <p>{t('elections.candidacy.notMemberNotice')}</p>
          <p>
            <Link className="button button--primary" to="/cotiser">
              {t('elections.candidacy.cotiser')}
            </Link>
          </p>
        </div>
      ) : !open ? (
        <p className="alert alert--info" role="status">
          {t('elections.candidacy.closedNotice', dates)}
        </p>
      ) : !data.eligible ? (
        <p className="alert alert--info" role="status">
          {t('elections.candidacy.notEligibleNotice', { email: data.contact })}
        </p>
      ) : null}

      {canEdit ? (
        <>
          <p className="lead">{t('elections.candidacy.lead')}</p>
          <div className="candidate__head">
            <CandidatePhoto userId={data.userId} name={data.identity?.name ?? ''} hasPhoto={data.hasPhoto} />
            <div>
              <p>
                {data.identity?.promotion
                  ? t('elections.candidacy.identity', { name: data.identity.name, promotion: String(data.identity.promotion) })
                  : t('elections.candidacy.identityNoPromotion', { name: data.identity?.name ?? '' })}
              </p>
              <p className="muted">{data.hasPhoto ? t('elections.candidacy.photo') : t('elections.candidacy.noPhoto')}</p>
              {!data.hasPhoto ? <Link to="/mon-compte/profil">{t('elections.candidacy.addPhoto')}</Link> : null}
            </div>
          </div>
          <CandidateForm statement={candidacy?.statement ?? ''} failure={apply} submitLabel={submitLabel} />
        </>
      ) : (
        <ErrorSummary errors={apply.failed ? apply.errors : undefined} />
      )}

      {canWithdraw ? (
        <details className="confirm" open={withdraw.failed || undefined}>
          <summary className="button button--ghost">{t('elections.candidacy.withdraw')}</summary>
          <Form method="post" className="confirm__panel form" noValidate>
            <ErrorSummary errors={withdraw.errors} />
            <p className="muted">{t('elections.candidacy.withdrawHint')}</p>
            <CheckboxField label={t('elections.candidacy.withdrawConfirm')} name="confirm" errors={withdraw.errors.confirm} />
            <button type="submit" name="intent" value="withdraw" className="button button--danger">
              {t('elections.candidacy.withdraw')}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  )
}
