import { Form, useFetcher } from '@remix-run/react'
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { formatDateTime } from '~/i18n'
import { MAX_MESSAGE_LENGTH, REPORT_REASON_MAX, type MessageDto } from '~/features/groups/schema'
import { useRootData, useT } from '~/shared/i18n'
import { RichText } from '~/shared/components/rich-text'
import { useRealtime } from '~/shared/components/realtime'
import { useChatThread } from '~/features/groups/components/use-chat-thread'

/**
 * A live conversation: server-rendered history, then Socket.IO for new messages, edits,
 * deletions, typing and presence (`useChatThread`). Without JavaScript the form posts to the
 * page's action, which calls the same service.
 */
export function Chat(props: { threadId: number; groupId: number | null; initial: MessageDto[]; viewerId: string; canModerate: boolean; hasOlder: boolean }) {
  const t = useT()
  const { socket, status } = useRealtime()
  const list = useRef<HTMLOListElement>(null)
  const { messages, typing, online, error, setError, hasOlder, loadOlder } = useChatThread(props, list)
  const [editing, setEditing] = useState<number | null>(null)

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

  async function remove(id: number) {
    if (!window.confirm(t('chat.deleteConfirm'))) return
    const answer = await socket?.emitWithAck('message:delete', { messageId: id })
    if (!answer?.ok) setError(t(`chat.error.${answer?.error ?? 'server'}` as 'chat.error.server'))
  }

  const typingNames = Object.entries(typing)
    .filter(([id]) => id !== props.viewerId)
    .map(([, v]) => v.name)
  return (
    <section className="chat" aria-label={t('chat.label')}>
      {status === 'offline' ? (
        <p className="chat__status" role="status">
          {t('chat.offline')}
        </p>
      ) : null}
      {props.groupId ? (
        <p className="chat__online" data-testid="online">
          {t('chat.online', { count: online.count })} {online.people.map((p) => p.name).join(', ')}
          {online.count > online.people.length ? '…' : null}
        </p>
      ) : null}
      {hasOlder && socket ? (
        <button type="button" className="button button--ghost button--small" onClick={loadOlder}>
          {t('chat.older')}
        </button>
      ) : null}
      <ol className="chat__messages" ref={list} aria-live="polite" aria-relevant="additions">
        {messages.length === 0 ? <li className="muted">{t('chat.empty')}</li> : null}
        {messages.map((m) => (
          <ChatMessage
            key={m.id}
            message={m}
            own={m.author.id === props.viewerId}
            canModerate={props.canModerate}
            live={socket !== null}
            editing={editing === m.id}
            onEdit={() => setEditing(m.id)}
            onCancelEdit={() => setEditing(null)}
            onSaveEdit={(e) => saveEdit(e, m.id)}
            onRemove={() => remove(m.id)}
          />
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
      <ChatComposer threadId={props.threadId} onSubmit={send} onKeyDown={onKeyDown} />
    </section>
  )
}

/** One message of the chat: author and time, the text (or its edit form), and its actions. */
function ChatMessage(props: {
  message: MessageDto
  own: boolean
  canModerate: boolean
  /** The actions show only with a live socket: edits and deletions go through it. */
  live: boolean
  editing: boolean
  onEdit: () => void
  onCancelEdit: () => void
  onSaveEdit: (event: FormEvent<HTMLFormElement>) => void
  onRemove: () => void
}) {
  const t = useT()
  const { locale } = useRootData()
  const report = useFetcher()
  const { message: m, own, canModerate, live, editing, onEdit, onCancelEdit, onSaveEdit, onRemove } = props
  return (
    <li className={`chat-message${own ? ' chat-message--own' : ''}`} data-message-id={m.id}>
      <p className="chat-message__meta">
        <strong>{m.author.name}</strong> <time dateTime={m.createdAt}>{formatDateTime(locale, new Date(m.createdAt))}</time>
        {m.editedAt && !m.deleted ? <span className="muted"> · {t('chat.edited')}</span> : null}
      </p>
      {m.deleted ? (
        <p className="chat-message__deleted">{t('chat.deleted')}</p>
      ) : editing ? (
        <form onSubmit={onSaveEdit} className="chat__edit">
          <label className="visually-hidden" htmlFor={`edit-${m.id}`}>
            {t('chat.edit')}
          </label>
          <textarea id={`edit-${m.id}`} name="body" defaultValue={m.body} rows={3} maxLength={MAX_MESSAGE_LENGTH} />
          <button type="submit" className="button button--primary button--small">
            {t('chat.save')}
          </button>
          <button type="button" className="button button--ghost button--small" onClick={onCancelEdit}>
            {t('chat.cancel')}
          </button>
        </form>
      ) : (
        <RichText text={m.body} />
      )}
      {!m.deleted && live ? (
        <div className="chat-message__actions">
          {own ? (
            <button type="button" className="link-button" onClick={onEdit}>
              {t('chat.edit')}
            </button>
          ) : null}
          {own || canModerate ? (
            <button type="button" className="link-button" onClick={onRemove}>
              {t('chat.delete')}
            </button>
          ) : null}
          {!own ? (
            <details className="chat-report">
              <summary className="link-button">{t('chat.report')}</summary>
              <report.Form method="post" className="form">
                <input type="hidden" name="intent" value="report" />
                <input type="hidden" name="messageId" value={m.id} />
                <label htmlFor={`reason-${m.id}`}>{t('chat.reportReason')}</label>
                <input id={`reason-${m.id}`} name="reason" required maxLength={REPORT_REASON_MAX} />
                <button type="submit" className="button button--ghost button--small">
                  {t('chat.reportSend')}
                </button>
              </report.Form>
            </details>
          ) : null}
        </div>
      ) : null}
    </li>
  )
}

/** The message box: Enter sends over the socket; without JavaScript the form posts to the page. */
function ChatComposer({
  threadId,
  onSubmit,
  onKeyDown,
}: {
  threadId: number
  onSubmit: (event: FormEvent<HTMLFormElement>) => void
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void
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
