import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ThreadForm } from '~/features/groups/components/thread-form'
import { formFailure } from '~/shared/form-result'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { FormAlert } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { formatDateTime, translator } from '~/i18n'
import { createThread, forumThreads } from '~/features/groups/discussions.server'
import { requireMember } from '~/features/accounts/guards.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { parseNewThread } from '~/features/groups/chat-actions.server'
import { readForm } from '~/shared/http.server'

export const meta = titleMeta('nav.discussions')

export function loader({ request, context }: LoaderFunctionArgs) {
  requireMember(request, context)
  return { threads: forumThreads(context.app, null) }
}

/** The association-wide forum: every member reads and writes. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context)
  const parsed = parseNewThread(context, await readForm(request))
  if (!parsed.ok) return parsed.response
  const created = createThread(context.app, viewer, { groupId: null, ...parsed.data })
  if (!created.ok) return data({ error: translator(context.locale)(`chat.error.${created.error}`) }, { status: 400 })
  return redirectWithToast(context, `/discussions/${created.threadId}`, { type: 'success', key: 'chat.threadCreated' })
}

export default function Forum() {
  const t = useT()
  const { locale } = useRootData()
  const { threads } = useLoaderData<typeof loader>()
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
        <ul className="list-plain">
          {threads.map((th) => (
            <li key={th.id} className="card thread-card">
              <h2>
                <Link to={`/discussions/${th.id}`}>{th.title}</Link>
              </h2>
              <p className="muted">
                {th.firstName ? `${th.firstName} ${th.lastName} · ` : ''}
                {t('chat.lastMessage', { date: formatDateTime(locale, new Date(th.lastMessageAt)) })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
