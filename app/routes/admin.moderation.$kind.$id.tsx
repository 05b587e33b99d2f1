import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDate, translator, type MessageKey } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { DecisionForm } from '~/features/moderation/components/desk-decision-form'
import { DeskContent, DeskReportList, TargetStateBadge } from '~/features/moderation/components/desk-reports'
import { decide } from '~/features/moderation/decisions.server'
import { DecisionForm as DecisionFormSchema, TargetParams, targetPath } from '~/features/moderation/schema'
import { deskTarget } from '~/features/moderation/desk.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'

export const meta = titleMeta('moderation.desk.title')

function targetOf(params: Record<string, string | undefined>) {
  const parsed = TargetParams.safeParse(params)
  invariantResponse(parsed.success, 'Not found', { status: 404 })
  return parsed.data
}

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const { kind, id } = targetOf(params)
  const target = deskTarget(context.app, kind, id, viewer.id)
  invariantResponse(target, 'Not found', { status: 404 })
  return { target }
}

const decideErrors = {
  notWebmaster: 'moderation.desk.error.notWebmaster',
  notFound: 'moderation.desk.error.notFound',
  notAllowed: 'moderation.desk.error.notAllowed',
  self: 'moderation.desk.error.self',
  durationRequired: 'moderation.desk.error.durationRequired',
  clauseUnknown: 'moderation.desk.error.clauseUnknown',
} as const

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const { kind, id } = targetOf(params)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const values = formObject(formData)
  invariantResponse(values.intent === 'decide', 'Invalid form')
  const parsed = parseForm(DecisionFormSchema, formData, t)
  if (!parsed.success) return formError(parsed.errors, values)
  const { action: decision, facts, clause, durationDays } = parsed.data
  if (decision === 'restrict' && !durationDays) return formError({ durationDays: [t('moderation.desk.error.durationRequired')] }, values)
  const result = await decide(context.app, {
    by: viewer.id,
    targetKind: kind,
    targetId: id,
    action: decision,
    facts,
    clause: clause || null,
    durationDays: durationDays ? Number(durationDays) : null,
    baseUrl: baseUrl(request, context.app.config.APP_URL),
  })
  if (!result.ok) {
    const field = result.error === 'clauseUnknown' ? 'clause' : result.error === 'durationRequired' ? 'durationDays' : 'form'
    return formError({ [field]: [t(decideErrors[result.error])] }, values, { status: result.error === 'notFound' ? 404 : 409 })
  }
  return redirectWithToast(context, targetPath(kind, id), { type: 'success', key: 'moderation.desk.decided' })
}

/** A target's page: its reports, the content as reported and now, its history, and the decision. */
export default function ModerationTarget() {
  const t = useT()
  const { locale } = useRootData()
  const { target } = useLoaderData<typeof loader>()
  const form = useFormFailure()
  const title = target.now.title || target.asReported?.title || t('moderation.desk.untitled')
  const date = (iso: string) => formatDate(locale, new Date(iso))
  const history = target.earlier.length + target.decisions.length + target.subjectReports.length + target.subjectDecisions.length
  return (
    <>
      <p>
        <Link to="/admin/moderation">← {t('moderation.desk.back')}</Link>
      </p>
      <h3 className="desk-group__head">
        <span>{t('moderation.desk.target.title', { kind: target.kind, title })}</span>
        <TargetStateBadge state={target.now.state} held={target.now.held} restricted={!!target.now.restricted} />
      </h3>
      {target.subject && target.kind !== 'member' ? <p className="muted">{t('moderation.desk.about', { name: target.subject.name })}</p> : null}
      <div className="desk-target">
        <div className="card desk-target__decide">
          {target.subject ? null : <p className="muted">{t('moderation.desk.noSubject')}</p>}
          {/* A new form after each decision: the text typed for the last one does not stay. */}
          <DecisionForm key={target.decisions.length} actions={target.actions} clauses={target.clauses} form={form} />
        </div>
        <div className="desk-target__main">
          <section className="card" aria-labelledby="desk-content">
            <h3 id="desk-content">{t('moderation.desk.target.content')}</h3>
            <DeskContent asReported={target.asReported} now={target.now} />
          </section>
          <section className="card" aria-labelledby="desk-reports">
            <h3 id="desk-reports">{t('moderation.desk.target.reports', { count: target.open.length })}</h3>
            {target.open.length === 0 ? <p className="muted">{t('moderation.desk.target.noReports')}</p> : <DeskReportList reports={target.open} />}
          </section>
          <section className="card" aria-labelledby="desk-history">
            <h3 id="desk-history">{t('moderation.desk.target.history')}</h3>
            {history === 0 ? <p className="muted">{t('moderation.desk.target.historyEmpty')}</p> : null}
            {target.decisions.length > 0 ? (
              <>
                <h4>{t('moderation.desk.target.decisions')}</h4>
                <ul className="desk-history">
                  {target.decisions.map((d) => (
                    <li key={d.id}>
                      {t('moderation.desk.target.decidedBy', {
                        action: t(`moderation.action.${d.action}` as MessageKey),
                        date: date(d.decidedAt),
                        name: d.decider ?? '—',
                      })}
                      {d.appealed ? <span className="badge">{t('moderation.desk.target.appealed')}</span> : null}
                      <p className="quote">{d.facts}</p>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {target.earlier.length > 0 ? (
              <>
                <h4>{t('moderation.desk.target.earlier')}</h4>
                <DeskReportList reports={target.earlier} showStatus />
              </>
            ) : null}
            {target.subject && (target.subjectReports.length > 0 || target.subjectDecisions.length > 0) ? (
              <>
                <h4>{t('moderation.desk.target.subjectHistory', { name: target.subject.name })}</h4>
                <ul className="desk-history">
                  {target.subjectDecisions.map((d) => (
                    <li key={`d${d.id}`}>
                      <Link to={targetPath(d.kind, d.targetId)}>
                        {t('moderation.desk.target.decidedBy', {
                          action: t(`moderation.action.${d.action}` as MessageKey),
                          date: date(d.decidedAt),
                          name: d.decider ?? '—',
                        })}
                      </Link>
                    </li>
                  ))}
                </ul>
                {target.subjectReports.length > 0 ? <DeskReportList reports={target.subjectReports} showStatus /> : null}
              </>
            ) : null}
          </section>
        </div>
      </div>
    </>
  )
}
