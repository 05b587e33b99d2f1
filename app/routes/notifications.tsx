import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { RelativeTime, useNow } from '~/features/groups/components/time'
import { Avatar } from '~/shared/components/avatar'
import communityCss from '~/features/groups/components/community.css'
import { listNotifications } from '~/features/groups/notifications.server'
import { requireMember } from '~/features/accounts/guards.server'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { toPlainText } from '~/shared/rich-text'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('notifications.title')
export const links = () => [{ rel: 'stylesheet', href: communityCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context)
  return { items: listNotifications(context.app, viewer), now: context.app.now().toISOString() }
}

type Item = ReturnType<typeof listNotifications>[number]

/** « Alice vous a mentionné dans Voile » — the group named, and the thread when it is a forum one. */
function mentionText(t: ReturnType<typeof useT>, n: Pick<Item, 'firstName' | 'lastName' | 'threadTitle' | 'groupName' | 'kind'>) {
  const name = `${n.firstName ?? ''} ${n.lastName ?? ''}`.trim() || '—'
  if (!n.groupName) return t('notifications.mention', { name, thread: n.threadTitle ?? '' })
  if (n.kind === 'chat') return t('notifications.mentionInChat', { name, group: n.groupName })
  return t('notifications.mentionInGroupThread', { name, group: n.groupName, thread: n.threadTitle ?? '' })
}

export default function Notifications() {
  const t = useT()
  const { items, now: serverNow } = useLoaderData<typeof loader>()
  const now = useNow(serverNow)
  return (
    <AccountLayout>
      <PageHeader title={t('notifications.title')} />
      {items.length === 0 ? (
        <p className="card state state--soft">{t('notifications.empty')}</p>
      ) : (
        <ul className="list-plain">
          {items.map((n) => (
            <li key={n.id} className={`card notification${n.readAt ? '' : ' card--unread'}`}>
              <Avatar
                person={n.authorId ? { id: n.authorId, firstName: n.firstName ?? '', lastName: n.lastName ?? '', photo: !!n.photo } : null}
                size="small"
              />
              <div className="notification__body">
                <p className="notification__text">
                  {mentionText(t, n)}{' '}
                  <Link to={n.kind === 'chat' && n.groupId ? `/groupes/${n.groupId}` : `/discussions/${n.threadId}`}>{t('notifications.open')}</Link>
                </p>
                {n.body ? <p className="muted">« {toPlainText(n.body, { maxLength: 160 })} »</p> : null}
                <p className="muted">
                  <RelativeTime date={new Date(n.createdAt).toISOString()} now={now} />
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
