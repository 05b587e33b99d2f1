import { Link } from '@remix-run/react'
import { NEW_MESSAGES_ANCHOR } from '~/features/groups/components/chat'
import { plural, RelativeTime, useNow } from '~/features/groups/components/time'
import { useRootData, useT } from '~/shared/i18n'
import { Avatar } from '~/shared/components/avatar'

export interface ThreadSummary {
  id: number
  title: string
  lastMessageAt: string
  replies: number
  unread: number
  neverRead: boolean
  lastAuthor: { id: string; firstName: string; lastName: string; photo: boolean } | null
}

/**
 * A forum's threads: the last post's author and when, the replies, and what is new to the reader.
 * A thread read before opens at its first unread post.
 */
export function ThreadList({ threads, now: serverNow, heading = 'h2' }: { threads: ThreadSummary[]; now: string; heading?: 'h2' | 'h3' }) {
  const t = useT()
  const { locale } = useRootData()
  const now = useNow(serverNow)
  const Heading = heading
  return (
    <ul className="thread-list" role="list">
      {threads.map((th) => {
        const fresh = th.unread > 0
        const href = `/discussions/${th.id}${fresh && !th.neverRead ? `#${NEW_MESSAGES_ANCHOR}` : ''}`
        return (
          <li key={th.id} className={`thread-item${fresh ? ' thread-item--unread' : ''}`} data-testid={`thread-${th.id}`}>
            <Avatar person={th.lastAuthor} size="small" />
            <div className="thread-item__body">
              <Heading className="thread-item__title">
                <Link to={href}>{th.title}</Link>
                {fresh ? (
                  <span className="badge badge--new" data-testid="thread-unread">
                    {th.neverRead ? t('forum.neverRead') : plural(t, locale, 'forum.unread', th.unread)}
                  </span>
                ) : null}
              </Heading>
              <p className="thread-item__meta">
                {th.replies === 0 ? t('forum.replies.none') : plural(t, locale, 'forum.replies', th.replies)}
                {th.lastAuthor ? (
                  <>
                    {' · '}
                    {/* The time is an element inside the translated sentence: split where it goes. */}
                    {t('forum.lastActivity', { when: '\u0000', name: `${th.lastAuthor.firstName} ${th.lastAuthor.lastName}` })
                      .split('\u0000')
                      .map((part, i) => (i === 0 ? part : [<RelativeTime key="when" date={th.lastMessageAt} now={now} />, part]))}
                  </>
                ) : null}
              </p>
            </div>
          </li>
        )
      })}
    </ul>
  )
}
