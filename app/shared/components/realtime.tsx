import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '~/realtime'

/** The browser's end: it listens to what the server sends and emits what the server handles. */
export type RealtimeClient = Socket<ServerToClientEvents, ClientToServerEvents>
type Status = 'connecting' | 'online' | 'offline'
const RealtimeContext = createContext<{ socket: RealtimeClient | null; status: Status }>({ socket: null, status: 'connecting' })

/**
 * One Socket.IO connection per page session, for members. Loaded after hydration (the server
 * render never opens one); the session cookie authenticates it, nothing in the URL.
 */
export function RealtimeProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [socket, setSocket] = useState<RealtimeClient | null>(null)
  const [status, setStatus] = useState<Status>('connecting')
  useEffect(() => {
    if (!enabled) return
    let active: RealtimeClient | null = null
    let cancelled = false
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return
      const opened: RealtimeClient = io({ transports: ['websocket', 'polling'], withCredentials: true })
      opened.on('connect', () => setStatus('online'))
      opened.on('disconnect', () => setStatus('offline'))
      opened.io.on('reconnect_attempt', () => setStatus('connecting'))
      active = opened
      setSocket(opened)
    })
    return () => {
      cancelled = true
      active?.disconnect()
    }
  }, [enabled])
  return <RealtimeContext.Provider value={{ socket, status }}>{children}</RealtimeContext.Provider>
}

export const useRealtime = () => useContext(RealtimeContext)

/** Subscribes to a socket event for as long as the component is mounted. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]) {
  const { socket } = useRealtime()
  useEffect(() => {
    if (!socket) return
    // Socket.IO's listener types cannot follow a generic event name: this hook's signature is the
    // check, and the subscription goes through the untyped view of the socket (a widening, no cast).
    const untyped: Socket = socket
    const name: string = event
    untyped.on(name, handler)
    return () => {
      untyped.off(name, handler)
    }
  }, [socket, event, handler])
}
