import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData, useLocation } from '@remix-run/react'
import { z } from 'zod'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { Avatar } from '~/shared/components/avatar'
import { setEventOrganizer } from '~/features/events/events.server'
import { findAccount, listAccounts } from '~/features/groups/moderation.server'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { invariantResponse, readForm } from '~/shared/http.server'
import { accountDecisionAction } from '~/features/moderation/account-decision-action.server'
import { AccountDecisionForm } from '~/features/moderation/components/decision-account-form'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, safeRedirect } from '~/shared/validation'

const StatusForm = z.object({
  intent: z.enum(['deactivate', 'reactivate', 'grantOrganizer', 'revokeOrganizer']),
  userId: z.string().min(1).max(64),
  redirectTo: z.string().optional(),
})

export const meta = titleMeta('admin.members')

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100)
  const page = pageParam(request)
  return { q, page, ...listAccounts(context.app, { q, page, viewer }) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const formData = await readForm(request)
  const parsed = StatusForm.safeParse(formObject(formData))
  invariantResponse(parsed.success, 'Invalid form')
  const { intent, userId } = parsed.data
  const back = safeRedirect(parsed.data.redirectTo, '/admin/comptes')
  if (userId === viewer.id) return redirectWithToast(context, back, { type: 'error', key: 'admin.members.self' })
  const account = findAccount(context.app, userId)
  invariantResponse(account, 'Unknown account', { status: 404 })
  if (intent === 'grantOrganizer' || intent === 'revokeOrganizer') {
    setEventOrganizer(context.app, { userId, grantedBy: viewer.id, allowed: intent === 'grantOrganizer' })
    const key = intent === 'grantOrganizer' ? 'admin.members.organizerGranted' : 'admin.members.organizerRevoked'
    return redirectWithToast(context, back, { type: 'success', key, params: { name: `${account.firstName} ${account.lastName}` } })
  }
  // Deactivation and reactivation are decisions: a statement of reasons, mailed, open to appeal.
  return accountDecisionAction(request, context, formData, { viewer, userId, intent, name: `${account.firstName} ${account.lastName}`, back })
}

export default function Accounts() {
  const t = useT()
  const { viewer } = useRootData()
  const location = useLocation()
  const { q, rows, page, pages } = useLoaderData<typeof loader>()
  return (
    <section>
      <h2>{t('admin.members')}</h2>
      <p className="muted">{t('admin.members.lead')}</p>
      <Form method="get" className="search-bar" role="search">
        <label htmlFor="q" className="visually-hidden">
          {t('admin.members.search')}
        </label>
        <input id="q" name="q" type="search" defaultValue={q} placeholder={t('admin.members.search')} />
        <button type="submit" className="button button--primary">
          {t('admin.members.searchSubmit')}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p className="card state state--soft">{t('admin.members.empty', { q })}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.members.name')}</th>
                <th scope="col">{t('field.email')}</th>
                <th scope="col">{t('admin.members.status')}</th>
                <th scope="col">{t('admin.members.organizer')}</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <span className="person-cell">
                      <Avatar person={r} size="small" />
                      <span>
                        {r.lastName.toLocaleUpperCase('fr-FR')} {r.firstName}
                      </span>
                    </span>
                  </td>
                  <td>{r.email}</td>
                  <td>
                    <span className={`badge ${r.status === 'active' ? 'badge--success' : 'badge--danger'}`}>
                      {t(r.status === 'active' ? 'admin.members.active' : 'admin.members.deactivated')}
                    </span>
                  </td>
                  <td>
                    {r.role === 'webmaster' ? (
                      <span className="muted">{t('admin.members.organizerAlways')}</span>
                    ) : r.membershipKind ? (
                      <Form method="post">
                        <input type="hidden" name="userId" value={r.id} />
                        <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
                        <button
                          type="submit"
                          name="intent"
                          value={r.eventOrganizer ? 'revokeOrganizer' : 'grantOrganizer'}
                          className="button button--ghost button--small"
                          aria-pressed={Boolean(r.eventOrganizer)}
                        >
                          {t(r.eventOrganizer ? 'admin.members.organizerRevoke' : 'admin.members.organizerGrant')}
                        </button>
                      </Form>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    {r.id === viewer?.id ? null : r.status === 'active' ? (
                      <AccountDecisionForm
                        userId={r.id}
                        intent="deactivate"
                        redirectTo={location.pathname + location.search}
                        summary={t('admin.members.deactivate')}
                        warning={t('admin.members.deactivateWarning')}
                        confirm={t('admin.members.deactivateConfirm')}
                      />
                    ) : (
                      <AccountDecisionForm
                        userId={r.id}
                        intent="reactivate"
                        redirectTo={location.pathname + location.search}
                        summary={t('admin.members.reactivate')}
                        warning={t('moderation.actionHint.reactivate')}
                        confirm={t('admin.members.reactivate')}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  )
}
