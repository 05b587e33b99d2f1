import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import type { MessageDto } from '~/features/groups/schema'
import type { OnlineMember } from '~/features/groups/realtime'
import { useT } from '~/shared/i18n'
import { useRealtime, useSocketEvent } from '~/shared/components/realtime'

const TYPING_SHOWN_MS = 3000
/** Closer than this to the bottom of the list, a reader follows new messages. */
const FOLLOW_PX = 120

// Scroll positions are set before the browser paints; the server render has none to set.
const useBrowserLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect

function merge(list: MessageDto[], incoming: MessageDto[]): MessageDto[] {
  const byId = new Map(list.map((m) => [m.id, m]))
  for (const m of incoming) byId.set(m.id, m)
  return [...byId.values()].sort((a, b) => a.id - b.id)
}

/**
 * A thread's live state: joins it (again after every reconnection, so rights are re-checked)
 * and catches up from the last message seen, then follows new messages, edits, deletions,
 * typing and presence, and tells the server what was read. A chat's `list` scrolls itself — never
 * the window — to the newest message; a forum thread opens at its first unread post.
 */
export function useChatThread(
  props: {
    threadId: number
    groupId: number | null
    initial: MessageDto[]
    hasOlder: boolean
    variant: 'chat' | 'thread'
    viewer: { id: string }
    firstUnreadId?: number | null
  },
  list: RefObject<HTMLOListElement | null>,
) {
  const t = useT()
  const { socket } = useRealtime()
  const [messages, setMessages] = useState(props.initial)
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({})
  const [online, setOnline] = useState<{ count: number; people: OnlineMember[] }>({ count: 0, people: [] })
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
  useSocketEvent('message:hold', onMessage)
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
      (e: { groupId: number; count: number; online: OnlineMember[] }) => e.groupId === props.groupId && setOnline({ count: e.count, people: e.online }),
      [props.groupId],
    ),
  )
  useEffect(() => {
    const timer = setInterval(() => setTyping((current) => Object.fromEntries(Object.entries(current).filter(([, v]) => v.until > Date.now()))), 1000)
    return () => clearInterval(timer)
  }, [])

  const scroll = useScrollKeeper(list, props.variant, props.firstUnreadId ?? null)
  const newestId = lastId.current
  const newestIsOwn = messages.length > 0 && messages[messages.length - 1].author.id === props.viewer.id
  useBrowserLayoutEffect(() => scroll.afterChange(newestIsOwn), [messages, newestIsOwn, scroll])

  // Tell the server what was read: the group's unread counts, and where a forum thread opens next time.
  useEffect(() => {
    if (!socket || !newestId) return
    if (props.groupId) socket.emit('group:read', { groupId: props.groupId, messageId: newestId }, () => {})
    if (props.variant === 'thread') socket.emit('thread:read', { threadId: props.threadId, messageId: newestId }, () => {})
  }, [newestId, socket, props.groupId, props.threadId, props.variant])

  async function loadOlder() {
    const answer = await socket?.emitWithAck('thread:older', { threadId: props.threadId, before: messages[0]?.id ?? 0 })
    if (answer?.ok) {
      scroll.beforePrepend()
      setMessages((current) => merge(current, answer.messages))
      if (answer.messages.length < 30) setHasOlder(false)
    }
  }

  return { messages, typing, online, error, setError, hasOlder, loadOlder }
}

/**
 * Where the list stands. A chat opens at its newest message and follows new ones while its reader
 * is near the bottom (or just wrote); older pages keep what is on screen in place. A forum thread
 * opens at its « new messages » divider. Only the list's own scroll position is set for a chat.
 */
function useScrollKeeper(list: RefObject<HTMLOListElement | null>, variant: 'chat' | 'thread', firstUnreadId: number | null) {
  const state = useRef({ opened: false, nearBottom: true, prependFrom: null as number | null, lastCount: 0 })
  useEffect(() => {
    const el = list.current
    if (!el || variant !== 'chat') return
    const onScroll = () => {
      state.current.nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_PX
    }
    el.addEventListener('scroll', onScroll, { passive: true })
    return () => el.removeEventListener('scroll', onScroll)
  }, [list, variant])
  const [keeper] = useState(() => ({
    beforePrepend() {
      const el = list.current
      if (el) state.current.prependFrom = el.scrollHeight - el.scrollTop
    },
    afterChange(newestIsOwn: boolean) {
      const el = list.current
      const s = state.current
      if (!el) return
      const grew = el.children.length > s.lastCount
      s.lastCount = el.children.length
      if (!s.opened) {
        s.opened = true
        if (variant === 'chat') el.scrollTop = el.scrollHeight
        else if (firstUnreadId) document.getElementById(`message-${firstUnreadId}`)?.previousElementSibling?.scrollIntoView({ block: 'start' })
        return
      }
      if (s.prependFrom !== null) {
        el.scrollTop = el.scrollHeight - s.prependFrom
        s.prependFrom = null
        return
      }
      if (!grew) return
      if (variant === 'chat' && (s.nearBottom || newestIsOwn)) el.scrollTop = el.scrollHeight
      else if (variant === 'thread' && newestIsOwn) el.lastElementChild?.scrollIntoView({ block: 'nearest' })
    },
  }))
  return keeper
}
