import { Form, useLocation } from '@remix-run/react'
import { useEffect, useRef, type FormEvent } from 'react'
import { MAX_MESSAGE_LENGTH, type MessageAuthor, type MessageDto } from '~/features/groups/schema'
import { ReportLink } from '~/features/moderation/components/report-form'
import { RelativeTime } from '~/features/groups/components/time'
import { useT } from '~/shared/i18n'
import type { Translate } from '~/i18n'
import { Avatar } from '~/shared/components/avatar'
import { RichText } from '~/shared/components/rich-text'

export interface ChatMessageProps {
  message: MessageDto
  own: boolean
  /** Follows the one before from the same author: no avatar or name of its own. */
  continued: boolean
  viewerId: string
  /** The viewer's photo flag for their own messages (a room's broadcast cannot know it). */
  viewerPhoto: boolean
  canModerate: boolean
  /** Edits and replies need a live socket; deleting and reporting also work as plain forms. */
  live: boolean
  editing: boolean
  now: number
  onEdit: () => void
  onCancelEdit: () => void
  onSaveEdit: (event: FormEvent<HTMLFormElement>) => void
  onRemove: (event: FormEvent<HTMLFormElement>) => void
  onReply: () => void
}

/** One message of the chat: avatar, author and time (once for a run of messages), the text, and its menu. */
export function ChatMessage(props: ChatMessageProps) {
  const t = useT()
  const { message: m, own, continued, editing, now } = props
  const author = own ? { ...m.author, photo: props.viewerPhoto } : m.author
  const authorName = signature(t, m.author)
  const mentionsMe = m.mentions.some((p) => p.id === props.viewerId)
  const classes = ['chat-message', own && 'chat-message--own', continued && 'chat-message--continued', mentionsMe && 'chat-message--mentions-me']
  const edited = m.editedAt && !m.deleted ? <span className="muted"> · {t('chat.edited')}</span> : null
  return (
    <li className={classes.filter(Boolean).join(' ')} data-message-id={m.id} id={`message-${m.id}`}>
      <div className="chat-message__gutter">
        {continued ? null : <Avatar person={author.id && !author.deactivated ? { ...author, id: author.id } : null} size="small" />}
      </div>
      <div className="chat-message__content">
        {continued ? (
          // Screen readers still hear who wrote it and when.
          <p className="visually-hidden">
            {authorName}, <RelativeTime date={m.createdAt} now={now} />
          </p>
        ) : (
          <p className="chat-message__meta">
            <span className="chat-message__author">{authorName}</span> <RelativeTime date={m.createdAt} now={now} />
            {edited}
          </p>
        )}
        {m.deleted ? (
          <p className="chat-message__deleted">{t('chat.deleted')}</p>
        ) : m.held && !own ? (
          <p className="chat-message__deleted">{t('moderation.held.message')}</p>
        ) : editing ? (
          <form onSubmit={props.onSaveEdit} className="chat__edit">
            <label className="visually-hidden" htmlFor={`edit-${m.id}`}>
              {t('chat.edit')}
            </label>
            <textarea id={`edit-${m.id}`} name="body" defaultValue={m.body} rows={3} maxLength={MAX_MESSAGE_LENGTH} />
            <div className="actions">
              <button type="submit" className="button button--primary button--small">
                {t('chat.save')}
              </button>
              <button type="button" className="button button--ghost button--small" onClick={props.onCancelEdit}>
                {t('chat.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <>
            <RichText text={m.body} mentionables={m.mentions} selfId={props.viewerId} />
            {mentionsMe ? <span className="visually-hidden">({t('chat.mentionsYou')})</span> : null}
            {continued ? edited : null}
            {m.held ? <p className="chat-message__held muted">{t('moderation.held.author')}</p> : null}
          </>
        )}
      </div>
      {m.deleted || editing || (m.held && !own) ? null : <MessageMenu {...props} />}
    </li>
  )
}

/**
 * « ⋯ »: the message's actions in a disclosure, so that it works with the keyboard and without
 * JavaScript (deleting and reporting are plain forms then). Shown on hover or focus with a mouse,
 * always on a touch screen (CSS).
 */
function MessageMenu(props: ChatMessageProps) {
  const t = useT()
  const location = useLocation()
  const menu = useRef<HTMLDetailsElement>(null)
  const { message: m, own, canModerate, live } = props
  const canDelete = own || canModerate

  const close = () => {
    if (menu.current?.open) menu.current.open = false
  }
  // Escape or a click elsewhere closes it; focus goes back to its button.
  useEffect(() => {
    const details = menu.current
    if (!details) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !details.open) return
      details.open = false
      details.querySelector('summary')?.focus()
    }
    const onPointer = (event: PointerEvent) => {
      if (details.open && !details.contains(event.target as Node)) details.open = false
    }
    details.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onPointer)
    return () => {
      details.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onPointer)
    }
  }, [])
  // Opens upwards when there is no room below it in the message list.
  const onToggle = () => {
    const details = menu.current
    if (!details?.open) return
    const list = details.closest('.chat__messages')
    const panel = details.querySelector<HTMLElement>('.message-menu__panel')
    if (!list || !panel) return
    const below = list.getBoundingClientRect().bottom - details.getBoundingClientRect().bottom
    details.classList.toggle('message-menu--up', below < panel.offsetHeight + 8 && list.scrollHeight > list.clientHeight)
  }

  return (
    <details className="message-menu" ref={menu} onToggle={onToggle}>
      <summary className="message-menu__button">
        <span aria-hidden="true">⋯</span>
        <span className="visually-hidden">{t('chat.menu', { name: signature(t, m.author) })}</span>
      </summary>
      <div className="message-menu__panel">
        {live && !own && m.author.id ? (
          <button
            type="button"
            className="message-menu__item"
            onClick={() => {
              close()
              props.onReply()
            }}
          >
            {t('chat.reply')}
          </button>
        ) : null}
        {live && own ? (
          <button
            type="button"
            className="message-menu__item"
            onClick={() => {
              close()
              props.onEdit()
            }}
          >
            {t('chat.edit')}
          </button>
        ) : null}
        {canDelete ? (
          <Form method="post" onSubmit={props.onRemove}>
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="messageId" value={m.id} />
            <button type="submit" className="message-menu__item message-menu__item--danger">
              {t('chat.delete')}
            </button>
          </Form>
        ) : null}
        {own || !m.author.id ? null : (
          <ReportLink kind="message" id={m.id} back={`${location.pathname}#message-${m.id}`} className="message-menu__item" label={t('chat.report')} />
        )}
      </div>
    </details>
  )
}

/** How a message is signed: its author's name, « Membre désactivé », or « Ancien membre » once erased. */
function signature(t: Translate, author: MessageAuthor): string {
  return author.deactivated ? t('moderation.deactivatedMember') : author.former ? t('privacy.formerMember') : author.name
}
