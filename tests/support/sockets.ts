import { io as connect, type Socket } from 'socket.io-client'
import { TEST_PASSWORD } from '../factories'
import { HttpClient } from './http'

/** A logged-in member's socket, as the browser would open it (session cookie, same origin). */
export async function memberSocket(baseUrl: string, email: string, options: { password?: string } = {}): Promise<Socket> {
  const browser = new HttpClient(baseUrl)
  await browser.login(email, options.password ?? TEST_PASSWORD)
  const socket = connect(baseUrl, {
    transports: ['websocket'],
    extraHeaders: { origin: baseUrl, cookie: `amicale_session=${browser.cookies.get('amicale_session')}` },
    reconnection: false,
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return socket
}

/** Resolves with the next `event` the socket receives (or rejects after `timeoutMs`). */
export function nextEvent<T = unknown>(socket: Socket, event: string, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs)
    socket.once(event, (payload: T) => {
      clearTimeout(timer)
      resolve(payload)
    })
  })
}

/** Resolves with the first `event` payload that satisfies `match` (listening from now on). */
export function eventWhere<T>(socket: Socket, event: string, match: (payload: T) => boolean, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (payload: T) => {
      if (!match(payload)) return
      clearTimeout(timer)
      socket.off(event, listener)
      resolve(payload)
    }
    const timer = setTimeout(() => {
      socket.off(event, listener)
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`))
    }, timeoutMs)
    socket.on(event, listener)
  })
}
