import { Form } from '@remix-run/react'
import { Fragment, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react'
import { MAX_MESSAGE_LENGTH, MESSAGE_GROUPING_MS, type MessageDto } from '~/features/groups/schema'
import type { OnlineMember } from '~/features/groups/realtime'
import { useT } from '~/shared/i18n'
import { Avatar } from '~/shared/components/avatar'
import { useRealtime } from '~/shared/components/realtime'
import { useChatThread } from '~/features/groups/components/use-chat-thread'
import { ChatMessage } from '~/features/groups/components/chat-message'
import { useNow } from '~/features/groups/components/time'

export const NEW_MESSAGES_ANCHOR = 'nouveaux-messages'

export interface ChatProps {
  threadId: number
  groupId: number | null
  initial: MessageDto[]
  viewer: { id: string; photo: boolean }
  canModerate: boolean
  hasOlder: boolean
  /** The loader's clock, for relative times that the server and the browser print alike. */
  now: string
  /** `chat`: a group's live channel in a box of its own; `thread`: a forum thread, a page of posts. */
  variant?: 'chat' | 'thread'
  /** Where the « Nouveaux messages » divider goes (a thread opens there). */
  firstUnreadId?: number | null
}

/** Whether a message follows the one before from the same author closely enough to share its header. */
function continues(previous: MessageDto | undefined, m: MessageDto, firstUnreadId: number | null | undefined) {
  if (!previous || previous.author.id === null || previous.author.id !== m.author.id || m.id === firstUnreadId) return false
  return new Date(m.createdAt).getTime() - new Date(previous.createdAt).getTime() < MESSAGE_GROUPING_MS
}

/**
 * A live conversation: server-rendered history, then Socket.IO for new messages, edits,
 * deletions, typing and presence (`useChatThread`). Without JavaScript the forms post to the
 * page's action, which calls the same services.
 */
export function Chat(props: ChatProps) {
  const t = useT()
  const { socket, status } = useRealtime()
  const variant = props.variant ?? 'chat'
  const list = useRef<HTMLOListElement>(null)
  const composer = useRef<HTMLTextAreaElement>(null)
  const { messages, typing, online, error, setError, hasOlder, loadOlder } = useChatThread({ ...props, variant }, list)
  const [editing, setEditing] = useState<number | null>(null)
  const now = useNow(props.now)

  const lastTyping = useRef(0)
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      event.currentTarget.form?.requestSubmit()
    } else if (socket && Date.now() - lastTyping.current > 1500) {
      lastTyping.current = Date.now()
      socket.emit('typing', { threadId: props.threadId })
    }
  }

  async function send(event: FormEvent<HTMLFormElement>) {
    if (!socket?.connected) return // no socket: the form posts to the page's action
    event.preventDefault()
    const form = event.currentTarget
    const field = form.elements.namedItem('body') as HTMLTextAreaElement
    const answer = await socket.emitWithAck('message:send', { threadId: props.threadId, body: field.value })
    if (!answer.ok) return setError(t(`chat.error.${answer.error}` as 'chat.error.server'))
    setError(null)
    field.value = ''
  }

  async function saveEdit(event: FormEvent<HTMLFormElement>, id: number) {
    event.preventDefault()
    const body = (event.currentTarget.elements.namedItem('body') as HTMLTextAreaElement).value
    const answer = await socket?.emitWithAck('message:edit', { messageId: id, body })
    if (answer?.ok) setEditing(null)
    else setError(t(`chat.error.${answer?.error ?? 'server'}` as 'chat.error.server'))
  }

  // With a socket, over it; without one, the form posts (after the same question).
  async function remove(event: FormEvent<HTMLFormElement>, id: number) {
    if (!window.confirm(t('chat.deleteConfirm'))) return event.preventDefault()
    if (!socket?.connected) return
    event.preventDefault()
    const answer = await socket.emitWithAck('message:delete', { messageId: id })
    if (!answer.ok) setError(t(`chat.error.${answer.error ?? 'server'}` as 'chat.error.server'))
  }

  function reply(name: string) {
    const field = composer.current
    if (!field) return
    const mention = `@${name} `
    if (!field.value.includes(mention)) field.value = `${mention}${field.value}`
    field.focus()
    field.setSelectionRange(field.value.length, field.value.length)
  }

  const typingNames = Object.entries(typing)
    .filter(([id]) => id !== props.viewer.id)
    .map(([, v]) => v.name)
  return (
    <section className={`chat chat--${variant}`} aria-label={t('chat.label')}>
      {status === 'offline' ? (
        <p className="chat__status" role="status">
          {t('chat.offline')}
        </p>
      ) : null}
      {props.groupId && variant === 'chat' ? <OnlineList online={online} /> : null}
      {hasOlder && socket ? (
        <button type="button" className="button button--ghost button--small chat__older" onClick={loadOlder}>
          {t('chat.older')}
        </button>
      ) : null}
      <ol className="chat__messages" ref={list} aria-live="polite" aria-relevant="additions">
        {messages.length === 0 ? <li className="muted">{t('chat.empty')}</li> : null}
        {messages.map((m, i) => (
          <Fragment key={m.id}>
            {m.id === props.firstUnreadId ? (
              <li className="chat__divider" id={NEW_MESSAGES_ANCHOR}>
                <span>{t('chat.newDivider')}</span>
              </li>
            ) : null}
            <ChatMessage
              message={m}
              own={m.author.id === props.viewer.id}
              continued={continues(messages[i - 1], m, props.firstUnreadId)}
              viewerId={props.viewer.id}
              viewerPhoto={props.viewer.photo}
              canModerate={props.canModerate}
              live={socket !== null}
              editing={editing === m.id}
              now={now}
              onEdit={() => setEditing(m.id)}
              onCancelEdit={() => setEditing(null)}
              onSaveEdit={(e) => saveEdit(e, m.id)}
              onRemove={(e) => remove(e, m.id)}
              onReply={() => reply(m.author.name)}
            />
          </Fragment>
        ))}
      </ol>
      <p className="chat__typing" aria-live="polite">
        {typingNames.length ? t('chat.typing', { names: typingNames.join(', ') }) : '\u00a0'}
      </p>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <ChatComposer threadId={props.threadId} onSubmit={send} onKeyDown={onKeyDown} field={composer} />
    </section>
  )
}

/** Who is online in the group, with their faces (the list is bounded by the server). */
function OnlineList({ online }: { online: { count: number; people: OnlineMember[] } }) {
  const t = useT()
  return (
    <div className="chat__online" data-testid="online">
      <span className="chat__online-count">{t('chat.online', { count: online.count })}</span>
      <ul className="online-list" role="list">
        {online.people.map((p) => (
          <li key={p.userId}>
            <Avatar person={{ id: p.userId, firstName: p.firstName, lastName: p.lastName, photo: p.photo }} size="small" />
            <span>{p.name}</span>
          </li>
        ))}
        {online.count > online.people.length ? <li aria-hidden="true">…</li> : null}
      </ul>
    </div>
  )
}

/** The message box: Enter sends over the socket; without JavaScript the form posts to the page. */
function ChatComposer({
  threadId,
  onSubmit,
  onKeyDown,
  field,
}: {
  threadId: number
  onSubmit: (event: FormEvent<HTMLFormElement>) => void
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void
  field: RefObject<HTMLTextAreaElement>
}) {
  const t = useT()
  return (
    <Form method="post" className="chat__form" onSubmit={onSubmit}>
      <input type="hidden" name="intent" value="post" />
      <input type="hidden" name="threadId" value={threadId} />
      <label htmlFor={`body-${threadId}`} className="visually-hidden">
        {t('chat.message')}
      </label>
      <textarea
        ref={field}
        id={`body-${threadId}`}
        name="body"
        rows={2}
        maxLength={MAX_MESSAGE_LENGTH}
        required
        placeholder={t('chat.placeholder')}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button button--primary">
        {t('chat.send')}
      </button>
    </Form>
  )
}
