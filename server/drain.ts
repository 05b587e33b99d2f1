import type http from 'node:http'
import type { Server as SocketServer } from 'socket.io'

/** Draining a process on SIGTERM takes at most this long; then what is left is cut. */
export const DRAIN_TIMEOUT_MS = 10_000

/**
 * Counts what a graceful stop must wait for: HTTP requests being answered (not Socket.IO's own
 * long-polling, which is closed with the sockets) and socket events whose acknowledgement is still
 * owed. Once draining, responses ask the client to close the connection and new socket events with
 * an acknowledgement are answered `unavailable` at once, so the count can only go down.
 */
export function trackInFlight(server: http.Server, io: SocketServer) {
  const responses = new Set<http.ServerResponse>()
  let acks = 0
  let draining = false
  let wake: (() => void) | undefined
  const idle = () => responses.size === 0 && acks === 0
  const settle = () => idle() && wake?.()

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url?.startsWith('/socket.io/')) return
    responses.add(res)
    if (draining) res.setHeader('Connection', 'close')
    res.once('close', () => {
      responses.delete(res)
      settle()
    })
  })

  io.on('connection', (socket) => {
    // A socket that goes away owes nothing more.
    const owed = new Set<() => void>()
    socket.once('disconnect', () => owed.forEach((done) => done()))
    socket.use((packet, next) => {
      const last = packet.length - 1
      const ack = packet[last]
      if (typeof ack !== 'function') return next()
      if (draining) return (ack as (answer: unknown) => void)({ ok: false, error: 'unavailable' })
      acks++
      const done = () => {
        if (!owed.delete(done)) return
        acks--
        settle()
      }
      owed.add(done)
      packet[last] = (...answer: unknown[]) => {
        done()
        ;(ack as (...a: unknown[]) => void)(...answer)
      }
      next()
    })
  })

  return {
    inFlight: () => ({ requests: responses.size, acks }),
    /** Resolves when nothing is in flight, or after `timeoutMs`; true if it drained in time. */
    drain(timeoutMs = DRAIN_TIMEOUT_MS): Promise<boolean> {
      draining = true
      // The answers still to come end their connections: nothing new arrives on them.
      for (const res of responses) if (!res.headersSent) res.setHeader('Connection', 'close')
      if (idle()) return Promise.resolve(true)
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs)
        wake = () => {
          clearTimeout(timer)
          resolve(true)
        }
      })
    },
  }
}
