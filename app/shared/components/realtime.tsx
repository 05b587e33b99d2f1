import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { Socket } from 'socket.io-client'

type Status = 'connecting' | 'online' | 'offline'
const RealtimeContext = createContext<{ socket: Socket | null; status: Status }>({ socket: null, status: 'connecting' })

/**
 * One Socket.IO connection per page session, for members. Loaded after hydration (the server
 * render never opens one); the session cookie authenticates it, nothing in the URL.
 */
export function RealtimeProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [socket, setSocket] = useState<Socket | null>(null)
  const [status, setStatus] = useState<Status>('connecting')
  useEffect(() => {
    if (!enabled) return
    let active: Socket | null = null
    let cancelled = false
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return
      active = io({ transports: ['websocket', 'polling'], withCredentials: true })
      active.on('connect', () => setStatus('online'))
      active.on('disconnect', () => setStatus('offline'))
      active.io.on('reconnect_attempt', () => setStatus('connecting'))
      setSocket(active)
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
export function useSocketEvent<T>(event: string, handler: (payload: T) => void) {
  const { socket } = useRealtime()
  useEffect(() => {
    if (!socket) return
    socket.on(event, handler)
    return () => {
      socket.off(event, handler)
    }
  }, [socket, event, handler])
}
