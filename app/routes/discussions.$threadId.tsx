import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { Chat } from '~/features/groups/components/chat'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { FormAlert } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { canReadThread, threadFor } from '~/features/groups/discussions.server'
import { openThread } from '~/features/groups/forum.server'
import { ownProfile } from '~/features/directory/profiles.server'
import communityCss from '~/features/groups/components/community.css'
import { isGroupModerator } from '~/features/groups/groups.server'
import { requireMember } from '~/features/accounts/guards.server'
import { handleChatForm } from '~/features/groups/chat-actions.server'
import { invariantResponse, readForm } from '~/shared/http.server'
import { useT } from '~/shared/i18n'

function readableThread(request: Request, context: LoaderFunctionArgs['context'], threadId: string | undefined) {
  const viewer = requireMember(request, context)
  const thread = threadFor(context.app, Number(threadId))
  // A group's thread is private to its members: to anyone else it does not exist.
  invariantResponse(thread && canReadThread(context.app, viewer.id, thread), 'Not found', { status: 404 })
  return { viewer, thread }
}

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer, thread } = readableThread(request, context, params.threadId)
  const canModerate = viewer.isWebmaster || (thread.groupId !== null && isGroupModerator(context.app, viewer.id, thread.groupId))
  const { messages, firstUnreadId, hasOlder } = openThread(context.app, viewer, thread.id)
  return {
    viewer: { id: viewer.id, photo: !!ownProfile(context.app, viewer.id)?.photo },
    thread,
    messages,
    firstUnreadId,
    hasOlder,
    canModerate,
    now: context.app.now().toISOString(),
  }
}

export const links = () => [{ rel: 'stylesheet', href: communityCss }]

export const meta = ({ data }: { data?: { thread: { title: string } } }) => [{ title: data?.thread.title ?? 'Discussion' }]

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer, thread } = readableThread(request, context, params.threadId)
  return handleChatForm(request, context, viewer, await readForm(request), `/discussions/${thread.id}`)
}

export default function ThreadPage() {
  const t = useT()
  const { thread, messages, viewer, canModerate, firstUnreadId, hasOlder, now } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <p>
        <Link to={thread.groupId ? `/groupes/${thread.groupId}` : '/discussions'}>← {t(thread.groupId ? 'nav.groups' : 'nav.discussions')}</Link>
      </p>
      <PageHeader title={thread.title} />
      <FormAlert messages={result && 'error' in result ? [String(result.error)] : undefined} />
      <Chat
        threadId={thread.id}
        groupId={thread.groupId}
        initial={messages}
        viewer={viewer}
        canModerate={canModerate}
        hasOlder={hasOlder}
        now={now}
        variant="thread"
        firstUnreadId={firstUnreadId}
      />
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
