import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Chat } from '~/features/groups/components/chat'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { FormAlert, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { ThreadForm } from '~/features/groups/components/thread-form'
import { formFailure } from '~/shared/form-result'
import { createThread, history, openReports, removeReportedMessage } from '~/features/groups/discussions.server'
import { forumThreads } from '~/features/groups/forum.server'
import { ThreadList } from '~/features/groups/components/thread-list'
import { ownProfile } from '~/features/directory/profiles.server'
import { Avatar } from '~/shared/components/avatar'
import communityCss from '~/features/groups/components/community.css'
import { ReportCard } from '~/features/groups/components/report-card'
import { approveJoinRequest, groupDetails, leaveGroup, membershipIn } from '~/features/groups/groups.server'
import { requireMember } from '~/features/accounts/guards.server'
import { requireUnrestricted } from '~/features/moderation/restrictions.server'
import { handleChatForm, parseNewThread } from '~/features/groups/chat-actions.server'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'
import { ReportLink } from '~/features/moderation/components/report-form'
import { HeldNotice } from '~/features/moderation/components/held-notice'

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context)
  const groupId = Number(params.groupId)
  const details = Number.isInteger(groupId) ? groupDetails(context.app, viewer, groupId) : null
  invariantResponse(details, 'Not found', { status: 404 })
  const mine = membershipIn(context.app, viewer.id, groupId)
  const isMember = mine?.status === 'active'
  const chat = isMember && details.chatThreadId ? history(context.app, details.chatThreadId, { reader: viewer }).reverse() : []
  return {
    viewerId: viewer.id,
    viewerPhoto: !!ownProfile(context.app, viewer.id)?.photo,
    now: context.app.now().toISOString(),
    group: details.group,
    // Held for review after reports: only its creator and webmasters reach this page meanwhile.
    hold: details.hold,
    reviewer: viewer.isWebmaster && details.group.createdBy !== viewer.id,
    members: details.members.filter((m) => m.status === 'active'),
    pending: mine?.role === 'moderator' ? details.members.filter((m) => m.status === 'pending') : [],
    myStatus: mine?.status ?? null,
    canModerate: isMember && (mine?.role === 'moderator' || viewer.isWebmaster),
    chatThreadId: details.chatThreadId,
    chat,
    threads: isMember ? forumThreads(context.app, viewer, groupId) : [],
    reports: mine?.role === 'moderator' ? openReports(context.app, groupId) : [],
  }
}

export const links = () => [{ rel: 'stylesheet', href: communityCss }]

export const meta = ({ data }: { data?: { group: { name: string } } }) => [{ title: data?.group.name ?? 'Groupe' }]

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireMember(request, context)
  const groupId = Number(params.groupId)
  const formData = await readForm(request)
  const values = formObject(formData)
  const back = `/groupes/${groupId}`
  if (values.intent === 'post' || values.intent === 'report' || values.intent === 'delete') return handleChatForm(request, context, viewer, formData, back)
  if (values.intent === 'approve') {
    invariantResponse(approveJoinRequest(context.app, viewer.id, groupId, values.userId ?? ''), 'Forbidden', { status: 403 })
    return redirectWithToast(context, back, { type: 'success', key: 'groups.approved' })
  }
  if (values.intent === 'remove') {
    const handled = removeReportedMessage(context.app, viewer, { reportId: Number(values.id) })
    invariantResponse(handled, 'Forbidden', { status: 403 })
    return redirectWithToast(context, back, { type: 'success', key: 'admin.groups.reportClosed' })
  }
  if (values.intent === 'leave') {
    leaveGroup(context.app, viewer.id, groupId)
    return redirectWithToast(context, '/groupes', { type: 'info', key: 'groups.left' })
  }
  const parsed = parseNewThread(context, formData)
  if (!parsed.ok) return parsed.response
  requireUnrestricted(context.app, viewer.id)
  const created = createThread(context.app, viewer, { groupId, ...parsed.data })
  invariantResponse(created.ok, 'Forbidden', { status: 403 })
  return redirectWithToast(context, `/discussions/${created.threadId}`, { type: 'success', key: 'chat.threadCreated' })
}

/** The loader sends members only to whoever may see them (`canSeeGroupMembers`). */
function MemberList({
  members,
  children,
}: {
  members: { id: string; firstName: string; lastName: string; role: string; photo: boolean }[]
  children?: ReactNode
}) {
  const t = useT()
  return (
    <section className="card">
      <h2>{t('groups.membersTitle', { count: members.length })}</h2>
      <ul className="list-plain member-names">
        {members.slice(0, 100).map((m) => (
          <li key={m.id}>
            <Avatar person={m} size="small" />
            <Link to={`/membres/${m.id}`}>
              {m.firstName} {m.lastName}
            </Link>
            {m.role === 'moderator' ? <span className="muted"> · {t('groups.moderator')}</span> : null}
          </li>
        ))}
      </ul>
      {children}
    </section>
  )
}

export default function GroupPage() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { group } = data
  const isMember = data.myStatus === 'active'
  return (
    <>
      <p>
        <Link to="/groupes">← {t('nav.groups')}</Link>
      </p>
      <PageHeader title={group.name} lead={group.description}>
        <ReportLink kind="group" id={group.id} back={`/groupes/${group.id}`} label={t('moderation.reports.linkGroup')} />
      </PageHeader>
      <HeldNotice kind="group" id={group.id} hold={data.hold} reviewer={data.reviewer} />
      <FormAlert messages={result && 'error' in result ? [String(result.error)] : undefined} />
      {!isMember ? (
        <>
          <div className="card state">
            <p>{t(data.myStatus === 'pending' ? 'groups.pending' : 'groups.notMember')}</p>
            {data.myStatus ? null : (
              <Form method="post" action="/groupes?index">
                <input type="hidden" name="groupId" value={group.id} />
                <SubmitButton intent="join">{t(group.visibility === 'public' ? 'groups.join' : 'groups.request')}</SubmitButton>
              </Form>
            )}
          </div>
          {data.members.length ? <MemberList members={data.members} /> : null}
        </>
      ) : (
        <div className="group-layout">
          <div>
            <h2>{t('chat.live')}</h2>
            {data.chatThreadId ? (
              <Chat
                threadId={data.chatThreadId}
                groupId={group.id}
                initial={data.chat}
                viewer={{ id: data.viewerId, photo: data.viewerPhoto }}
                canModerate={data.canModerate}
                hasOlder={data.chat.length >= 30}
                now={data.now}
              />
            ) : null}
          </div>
          <aside className="group-side">
            <section className="card">
              <h2>{t('chat.threads')}</h2>
              {data.threads.length ? <ThreadList threads={data.threads} now={data.now} heading="h3" /> : <p className="muted">{t('chat.noThreads')}</p>}
              <ThreadForm result={formFailure(result, 'thread')} />
            </section>
            {data.reports.length ? (
              <section className="card" aria-labelledby="signalements">
                <h2 id="signalements">{t('admin.groups.reports')}</h2>
                <ul className="list-plain">
                  {data.reports.map((r) => (
                    <li key={r.id}>
                      <ReportCard report={r} />
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {data.pending.length ? (
              <section className="card">
                <h2>{t('groups.pendingRequests')}</h2>
                <ul className="list-plain">
                  {data.pending.map((m) => (
                    <li key={m.id}>
                      <Form method="post" className="actions">
                        <Avatar person={m} size="small" />
                        <span>
                          {m.firstName} {m.lastName}
                        </span>
                        <input type="hidden" name="userId" value={m.id} />
                        <SubmitButton intent="approve" className="button button--secondary button--small">
                          {t('groups.approve')}
                        </SubmitButton>
                      </Form>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            <MemberList members={data.members}>
              <Form method="post">
                <SubmitButton intent="leave" className="button button--ghost button--small">
                  {t('groups.leave')}
                </SubmitButton>
              </Form>
            </MemberList>
          </aside>
        </div>
      )}
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
