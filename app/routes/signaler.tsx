import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { FormAlert } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { formatDate, translator } from '~/i18n'
import { requireUser } from '~/features/accounts/guards.server'
import { fileReport, reportableTarget } from '~/features/moderation/reports.server'
import { citableClauses } from '~/features/moderation/clauses.server'
import { ReportForm as ReportFields, REPORTS_PER_DAY, ReportTargetQuery, clauseError } from '~/features/moderation/schema'
import { ReportForm, ReportTargetCard } from '~/features/moderation/components/report-form'
import { invariantResponse, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseFields, safeRedirect } from '~/shared/validation'
import type { Viewer } from '~/shared/viewer'
import type { AppLoadContext } from '@remix-run/node'

export const meta = titleMeta('moderation.reports.title')

/** The target named by `cible` and `id`, if this viewer may see it; else 404, the same whether it exists or not. */
function targetFrom(context: AppLoadContext, viewer: Viewer, values: { cible?: string | null; id?: string | null }) {
  const query = ReportTargetQuery.safeParse({ cible: values.cible ?? undefined, id: values.id ?? undefined })
  invariantResponse(query.success, 'Not found', { status: 404 })
  const reportable = reportableTarget(context.app, viewer, query.data.cible, query.data.id)
  invariantResponse(reportable, 'Not found', { status: 404 })
  return reportable
}

/** `/signaler?cible=member&id=…&retour=/membres/…`: the target summarised and the form, for anyone logged in. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const params = new URL(request.url).searchParams
  const { target, self, alreadyOpen } = targetFrom(context, viewer, { cible: params.get('cible'), id: params.get('id') })
  const { snapshot } = target
  return {
    target: { kind: target.kind, id: target.id, title: snapshot.title, text: snapshot.text, authorName: snapshot.authorName, createdAt: snapshot.createdAt },
    dateLabel: snapshot.createdAt && target.kind !== 'member' ? formatDate(context.locale, new Date(snapshot.createdAt)) : null,
    back: safeRedirect(params.get('retour'), snapshot.path),
    self,
    alreadyOpen,
    clauses: citableClauses(context.app)?.map((c) => ({ number: c.number, title: c.title })) ?? null,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const t = translator(context.locale)
  const values = formObject(await readForm(request))
  const { target } = targetFrom(context, viewer, values)
  const back = safeRedirect(values.retour, target.snapshot.path)
  const parsed = parseFields(ReportFields, values, t)
  const clause = clauseError(parsed.data.reason, parsed.data.clause, citableClauses(context.app)?.map((c) => c.number) ?? null)
  const errors = clause ? { ...parsed.errors, clause: [t(clause)] } : parsed.errors
  const kept = { reason: values.reason ?? '', clause: values.clause ?? '', text: values.text ?? '' }
  if (Object.keys(errors).length > 0 || !parsed.data.reason || parsed.data.text === undefined) return formError(errors, kept)
  const result = fileReport(context.app, {
    reporterId: viewer.id,
    targetKind: target.kind,
    targetId: target.id,
    reason: parsed.data.reason,
    clause: parsed.data.clause || null,
    text: parsed.data.text,
  })
  if (!result.ok) {
    invariantResponse(result.error !== 'notFound', 'Not found', { status: 404 })
    const refusal = {
      duplicate: { message: t('moderation.reports.duplicate'), status: 409 },
      self: { message: t('moderation.reports.self'), status: 403 },
      throttled: { message: t('moderation.reports.throttled', { max: REPORTS_PER_DAY }), status: 429 },
    }[result.error]
    return formError({ form: [refusal.message] }, kept, { status: refusal.status })
  }
  return redirectWithToast(context, back, { type: 'success', key: 'moderation.reports.sent' })
}

export default function ReportPage() {
  const t = useT()
  const { target, dateLabel, back, self, alreadyOpen, clauses } = useLoaderData<typeof loader>()
  const result = useFormFailure()
  return (
    <div className="stack narrow">
      <PageHeader title={t('moderation.reports.title')} lead={t('moderation.reports.intro')} />
      <ReportTargetCard target={target} dateLabel={dateLabel} />
      {self || alreadyOpen ? (
        <div className="card stack">
          <FormAlert tone="info" messages={[t(self ? 'moderation.reports.self' : 'moderation.reports.duplicate')]} />
          <p>
            <Link to={back} className="button button--primary">
              {t('moderation.reports.continue')}
            </Link>
          </p>
        </div>
      ) : (
        <ReportForm target={target} back={back} result={result} clauses={clauses} />
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
