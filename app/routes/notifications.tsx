import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { formatDateTime } from '~/i18n'
import { listNotifications } from '~/features/groups/notifications.server'
import { requireMember } from '~/features/accounts/guards.server'
import { toPlainText } from '~/shared/rich-text'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('notifications.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context)
  return { items: listNotifications(context.app, viewer.id) }
}

export default function Notifications() {
  const t = useT()
  const { locale } = useRootData()
  const { items } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('notifications.title')} />
      {items.length === 0 ? (
        <p className="card state state--soft">{t('notifications.empty')}</p>
      ) : (
        <ul className="list-plain">
          {items.map((n) => (
            <li key={n.id} className={`card${n.readAt ? '' : ' card--unread'}`}>
              <p>
                {t('notifications.mention', { name: `${n.firstName ?? ''} ${n.lastName ?? ''}`.trim(), thread: n.threadTitle ?? '' })}{' '}
                <Link to={n.kind === 'chat' && n.groupId ? `/groupes/${n.groupId}` : `/discussions/${n.threadId}`}>{t('notifications.open')}</Link>
              </p>
              {n.body ? <p className="muted">« {toPlainText(n.body, { maxLength: 160 })} »</p> : null}
              <p className="muted">
                <time dateTime={new Date(n.createdAt).toISOString()}>{formatDateTime(locale, new Date(n.createdAt))}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
