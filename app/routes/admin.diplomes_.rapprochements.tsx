import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Avatar } from '~/shared/components/avatar'
import { FormAlert, SubmitButton } from '~/shared/components/forms'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { formatDate, translator, type Translate } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { diplomaLabel } from '~/features/directory/schema'
import { ClaimDecisionForm } from '~/features/roster/activation-schema'
import { decideClaim, openClaims, type DecideError } from '~/features/roster/claims.server'
import activationCss from '~/features/roster/components/activation.css'
import { baseUrl, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'

export const meta = titleMeta('roster.claims.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: activationCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  return openClaims(context.app, pageParam(request))
}

const ERRORS: Record<DecideError, Parameters<Translate>[0]> = {
  notFound: 'roster.claims.error.notFound',
  alreadyDecided: 'roster.claims.error.alreadyDecided',
  notCandidate: 'roster.claims.error.notCandidate',
  accountLinked: 'roster.claims.error.accountLinked',
}

/** `link` gives the account the chosen row (`graduateId`); `dismiss` closes the claim without a link. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const t = translator(context.locale)
  const parsed = ClaimDecisionForm.safeParse(formObject(await readForm(request)))
  if (!parsed.success || (parsed.data.intent === 'link' && !parsed.data.graduateId)) {
    return data({ error: t('roster.claims.error.invalid') }, { status: 400 })
  }
  const result = decideClaim(context.app, {
    actorId: viewer.id,
    claimId: parsed.data.claimId,
    decision: parsed.data.intent,
    graduateId: parsed.data.graduateId,
    baseUrl: baseUrl(request, context.app.config.APP_URL),
  })
  if (!result.ok) return data({ error: t(ERRORS[result.error]) }, { status: result.error === 'notFound' ? 404 : 409 })
  const back = new URL(request.url)
  return redirectWithToast(context, `${back.pathname}${back.search}`, {
    type: 'success',
    key: result.decision === 'link' ? 'roster.claims.linked' : 'roster.claims.dismissed',
  })
}

type Claim = ReturnType<typeof openClaims>['claims'][number]

function Facts({ rows }: { rows: [string, string | null | undefined][] }) {
  const t = useT()
  return (
    <dl className="fact-list">
      {rows.map(([label, value]) => (
        <div key={label} className="fact-list__row">
          <dt>{label}</dt>
          <dd>{value || <span className="muted">{t('roster.claims.none')}</span>}</dd>
        </div>
      ))}
    </dl>
  )
}

function Candidate({ claim, candidate }: { claim: Claim; candidate: Claim['candidates'][number] }) {
  const t = useT()
  const name = `${candidate.firstName} ${candidate.lastName}`
  return (
    <li className="card claim__candidate" data-testid="claim-candidate">
      <h4>{t('roster.claims.row', { name })}</h4>
      <Facts
        rows={[
          [t('roster.claims.birthName'), candidate.birthName],
          [t('roster.claims.promotion'), String(candidate.promotion)],
          [t('roster.claims.email'), candidate.email],
          [t('roster.claims.diplomas'), candidate.diplomas.map((d) => diplomaLabel(t, d)).join(' · ')],
          [t('roster.claims.schoolId'), candidate.schoolId],
        ]}
      />
      {candidate.holder ? (
        <>
          <p className="claim__held">{t('roster.claims.heldBy', { name: candidate.holder.name, email: candidate.holder.email ?? '' })}</p>
          <details className="confirm">
            <summary className="button button--secondary">{t('roster.claims.link')}</summary>
            <Form method="post" className="confirm__panel">
              <p>{t('roster.claims.moveWarning', { from: candidate.holder.name, to: `${claim.firstName} ${claim.lastName}` })}</p>
              <input type="hidden" name="claimId" value={claim.id} />
              <input type="hidden" name="graduateId" value={candidate.id} />
              <SubmitButton intent="link" className="button button--danger">
                {t('roster.claims.moveConfirm')}
              </SubmitButton>
            </Form>
          </details>
        </>
      ) : (
        <Form method="post">
          <input type="hidden" name="claimId" value={claim.id} />
          <input type="hidden" name="graduateId" value={candidate.id} />
          <SubmitButton intent="link">{t('roster.claims.link')}</SubmitButton>
        </Form>
      )}
    </li>
  )
}

function ClaimCard({ claim }: { claim: Claim }) {
  const t = useT()
  const { locale } = useRootData()
  const name = `${claim.firstName} ${claim.lastName}`
  const headingId = `claim-${claim.id}`
  return (
    <li className="card claim" aria-labelledby={headingId} data-testid="claim">
      <h3 id={headingId} className="person-cell">
        <Avatar person={{ id: claim.userId, firstName: claim.firstName, lastName: claim.lastName }} size="small" />
        {name}
      </h3>
      <p className="muted">{t('roster.claims.since', { date: formatDate(locale, new Date(claim.createdAt)), count: claim.candidates.length })}</p>
      <div className="claim__grid">
        <section className="claim__account" aria-label={t('roster.claims.account')}>
          <h4>{t('roster.claims.account')}</h4>
          <Facts
            rows={[
              [t('roster.claims.birthName'), claim.birthName],
              [t('roster.claims.promotion'), claim.promotion ? String(claim.promotion) : null],
              [t('roster.claims.email'), claim.email],
              [t('roster.claims.diplomas'), claim.diplomas.map((d) => diplomaLabel(t, d)).join(' · ')],
              [t('roster.claims.dues'), t(claim.member ? 'roster.claims.member' : 'roster.claims.notMember')],
            ]}
          />
        </section>
        <ul className="claim__candidates" role="list" aria-label={t('roster.claims.candidates')}>
          {claim.candidates.map((candidate) => (
            <Candidate key={candidate.id} claim={claim} candidate={candidate} />
          ))}
        </ul>
      </div>
      <details className="confirm">
        <summary className="button button--ghost">{t('roster.claims.dismiss')}</summary>
        <Form method="post" className="confirm__panel">
          <p>{t('roster.claims.dismissWarning', { name })}</p>
          <input type="hidden" name="claimId" value={claim.id} />
          <SubmitButton intent="dismiss" className="button button--danger">
            {t('roster.claims.dismissConfirm')}
          </SubmitButton>
        </Form>
      </details>
    </li>
  )
}

/** The webmasters' review queue: accounts whose name and promotion match several rows, or a row another account holds. */
export default function RosterClaims() {
  const t = useT()
  const { claims, total, page, pages } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  return (
    <section aria-labelledby="rapprochements" className="activation-page">
      <p className="roster-links">
        <Link to="/admin/diplomes">← {t('roster.claims.back')}</Link>
        <Link to="/admin/diplomes/invitations">{t('roster.invitations.title')}</Link>
      </p>
      <h2 id="rapprochements">{t('roster.claims.title')}</h2>
      <p className="muted">{t('roster.claims.lead')}</p>
      <FormAlert messages={answer?.error ? [answer.error] : undefined} />
      {claims.length === 0 ? (
        <p className="card state state--soft">{t('roster.claims.empty')}</p>
      ) : (
        <>
          <p>{t('roster.claims.count', { count: total })}</p>
          <ul className="claims" role="list">
            {claims.map((claim) => (
              <ClaimCard key={claim.id} claim={claim} />
            ))}
          </ul>
        </>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  )
}
