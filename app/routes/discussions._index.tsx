import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ThreadForm } from '~/features/groups/components/thread-form'
import { formFailure } from '~/shared/form-result'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { FormAlert } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { createThread } from '~/features/groups/discussions.server'
import { forumThreads } from '~/features/groups/forum.server'
import { ThreadList } from '~/features/groups/components/thread-list'
import communityCss from '~/features/groups/components/community.css'
import { requireMember } from '~/features/accounts/guards.server'
import { requireUnrestricted } from '~/features/moderation/restrictions.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { parseNewThread } from '~/features/groups/chat-actions.server'
import { readForm } from '~/shared/http.server'

export const meta = titleMeta('nav.discussions')
export const links = () => [{ rel: 'stylesheet', href: communityCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context)
  return { threads: forumThreads(context.app, viewer, null), now: context.app.now().toISOString() }
}

/** The association-wide forum: every member reads and writes. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context)
  const parsed = parseNewThread(context, await readForm(request))
  if (!parsed.ok) return parsed.response
  requireUnrestricted(context.app, viewer.id)
  const created = createThread(context.app, viewer, { groupId: null, ...parsed.data })
  if (!created.ok) return data({ error: translator(context.locale)(`chat.error.${created.error}`) }, { status: 400 })
  return redirectWithToast(context, `/discussions/${created.threadId}`, { type: 'success', key: 'chat.threadCreated' })
}

export default function Forum() {
  const t = useT()
  const { threads, now } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <PageHeader title={t('nav.discussions')} lead={t('section.discussions.lead')}>
        <ThreadForm result={formFailure(result, 'thread')} />
      </PageHeader>
      <FormAlert messages={result ? [result.error] : undefined} />
      {threads.length === 0 ? (
        <p className="card state state--soft">{t('chat.noThreads')}</p>
      ) : (
        <div className="card">
          <ThreadList threads={threads} now={now} />
        </div>
      )}
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
