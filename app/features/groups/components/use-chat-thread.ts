import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import type { MessageDto } from '~/features/groups/schema'
import { useT } from '~/shared/i18n'
import { useRealtime, useSocketEvent } from '~/shared/components/realtime'

const TYPING_SHOWN_MS = 3000

function merge(list: MessageDto[], incoming: MessageDto[]): MessageDto[] {
  const byId = new Map(list.map((m) => [m.id, m]))
  for (const m of incoming) byId.set(m.id, m)
  return [...byId.values()].sort((a, b) => a.id - b.id)
}

/**
 * A thread's live state: joins it (again after every reconnection, so rights are re-checked)
 * and catches up from the last message seen, then follows new messages, edits, deletions,
 * typing and presence, and tells the server what was read. `list` is scrolled to the newest.
 */
export function useChatThread(
  props: { threadId: number; groupId: number | null; initial: MessageDto[]; hasOlder: boolean },
  list: RefObject<HTMLOListElement | null>,
) {
  const t = useT()
  const { socket } = useRealtime()
  const [messages, setMessages] = useState(props.initial)
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({})
  const [online, setOnline] = useState<{ count: number; people: { userId: string; name: string }[] }>({ count: 0, people: [] })
  const [error, setError] = useState<string | null>(null)
  const [hasOlder, setHasOlder] = useState(props.hasOlder)
  const lastId = useRef(0)
  lastId.current = messages.length ? messages[messages.length - 1].id : 0

  // Join (again after every reconnection: rights are re-checked) and catch up from the last id seen.
  useEffect(() => {
    if (!socket) return
    const join = async () => {
      const joined = await socket.emitWithAck('thread:join', { threadId: props.threadId })
      if (!joined.ok) return setError(t('chat.error.forbidden'))
      const since = await socket.emitWithAck('thread:since', { threadId: props.threadId, afterId: lastId.current })
      setMessages((current) => merge(current, [...joined.messages, ...(since.ok ? since.messages : [])]))
    }
    void join()
    socket.on('connect', join)
    return () => {
      socket.off('connect', join)
    }
  }, [socket, props.threadId, t])

  const onMessage = useCallback((m: MessageDto) => m.threadId === props.threadId && setMessages((current) => merge(current, [m])), [props.threadId])
  useSocketEvent('message:new', onMessage)
  useSocketEvent('message:edited', onMessage)
  useSocketEvent('message:deleted', onMessage)
  useSocketEvent(
    'typing',
    useCallback(
      (e: { threadId: number; userId: string; name: string }) => {
        if (e.threadId === props.threadId) setTyping((current) => ({ ...current, [e.userId]: { name: e.name, until: Date.now() + TYPING_SHOWN_MS } }))
      },
      [props.threadId],
    ),
  )
  useSocketEvent(
    'presence',
    useCallback(
      (e: { groupId: number; count: number; online: { userId: string; name: string }[] }) =>
        e.groupId === props.groupId && setOnline({ count: e.count, people: e.online }),
      [props.groupId],
    ),
  )
  useEffect(() => {
    const timer = setInterval(() => setTyping((current) => Object.fromEntries(Object.entries(current).filter(([, v]) => v.until > Date.now()))), 1000)
    return () => clearInterval(timer)
  }, [])

  // Keep the newest message in view, and tell the server what was read (unread counts).
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' })
    if (socket && props.groupId && lastId.current) socket.emit('group:read', { groupId: props.groupId, messageId: lastId.current }, () => {})
  }, [messages.length, socket, props.groupId])

  async function loadOlder() {
    const answer = await socket?.emitWithAck('thread:older', { threadId: props.threadId, before: messages[0]?.id ?? 0 })
    if (answer?.ok) {
      setMessages((current) => merge(current, answer.messages))
      if (answer.messages.length < 30) setHasOlder(false)
    }
  }

  return { messages, typing, online, error, setError, hasOlder, loadOlder }
}
