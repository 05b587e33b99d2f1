import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/shared/components/forms'
import { formatDateTime } from '~/i18n'
import { openReports, removeReportedMessage } from '~/features/groups/discussions.server'
import { ReportCard } from '~/features/groups/components/report-card'
import { groupProposals, reviewGroupProposal } from '~/features/groups/groups.server'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'

export const meta = titleMeta('admin.groups')

export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  return { proposals: groupProposals(context.app), reports: openReports(context.app) }
}

/** Group proposals to approve or refuse, and reported messages to remove or dismiss. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const form = formObject(await readForm(request))
  const id = Number(form.id)
  invariantResponse(Number.isInteger(id), 'Invalid form')
  if (form.intent === 'approve' || form.intent === 'reject') {
    invariantResponse(reviewGroupProposal(context.app, id, form.intent), 'Already reviewed', { status: 409 })
    return redirectWithToast(context, '/admin/groupes', { type: 'success', key: form.intent === 'approve' ? 'admin.groups.approved' : 'admin.groups.rejected' })
  }
  invariantResponse(form.intent === 'remove' && removeReportedMessage(context.app, viewer, { reportId: id }), 'Not found', { status: 404 })
  return redirectWithToast(context, '/admin/groupes', { type: 'success', key: 'admin.groups.reportClosed' })
}

export default function GroupsAdmin() {
  const t = useT()
  const { locale } = useRootData()
  const { proposals, reports } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      <section aria-labelledby="propositions">
        <h2 id="propositions">{t('admin.groups.proposals')}</h2>
        {proposals.length === 0 ? (
          <p className="card state state--soft">{t('admin.groups.noProposals')}</p>
        ) : (
          <ul className="list-plain">
            {proposals.map((p) => (
              <li key={p.id} className="card">
                <h3>{p.name}</h3>
                <p className="muted">{t('admin.groups.proposedBy', { name: `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim() || '—' })}</p>
                <p>{p.description}</p>
                <Form method="post" className="actions">
                  <input type="hidden" name="id" value={p.id} />
                  <SubmitButton intent="approve">{t('admin.groups.approve')}</SubmitButton>
                  <SubmitButton intent="reject" className="button button--ghost">
                    {t('admin.groups.reject')}
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="signalements">
        <h2 id="signalements">{t('admin.groups.reports')}</h2>
        {reports.length === 0 ? (
          <p className="card state state--soft">{t('admin.groups.noReports')}</p>
        ) : (
          <ul className="list-plain">
            {reports.map((r) => (
              <li key={r.id} className="card">
                <p className="muted">
                  {t('admin.groups.reportedBy', { email: r.reporter, date: formatDateTime(locale, new Date(r.createdAt)) })} —{' '}
                  <Link to={`/discussions/${r.threadId}`}>{t('admin.groups.openThread')}</Link>
                </p>
                <ReportCard report={r} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
