import { createAdapter } from '@socket.io/redis-streams-adapter'
import type { Logger } from 'pino'
import { createClient } from 'redis'
import type { RealtimeServer } from '../../app/realtime'
import { redisUnreachable } from '../startup'

/** How long a start waits for Redis to answer before saying so. */
const PROBE_TIMEOUT_MS = 5_000
/** How long a stop waits for Redis to take a polite QUIT before cutting the connection. */
const QUIT_TIMEOUT_MS = 1_000

type Client = ReturnType<typeof createClient>

/**
 * Logs a client's connection once when it is lost and once when it is back, not at every retry
 * (node-redis retries every half second while Redis is down). Without an 'error' listener, a
 * dropped connection would be an unhandled 'error' and end the process.
 */
export function watchConnection(client: Client, logger: Logger, what: string) {
  let down = false
  client.on('error', (error: unknown) => {
    if (down) return
    down = true
    logger.error({ err: error }, `${what}: Redis connection lost, retrying`)
  })
  client.on('ready', () => {
    if (!down) return
    down = false
    logger.info(`${what}: Redis connection back`)
  })
}

/** QUIT if Redis answers, else (down, or too slow) cut: a stop never waits on a Redis that is gone. */
export async function closeClient(client: Client) {
  if (!client.isOpen) return
  if (!client.isReady) return void (await client.disconnect().catch(() => {}))
  const timeout = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), QUIT_TIMEOUT_MS).unref())
  const quit = await Promise.race([
    client.quit().then(
      () => 'done' as const,
      () => 'done' as const,
    ),
    timeout,
  ])
  if (quit === 'late' && client.isOpen) await client.disconnect().catch(() => {})
}

/**
 * One connection attempt, no retries: a start with an unreachable REDIS_URL stops with one line
 * instead of retrying in silence (the long-lived clients reconnect by themselves afterwards).
 */
export async function probeRedis(url: string): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: PROBE_TIMEOUT_MS, reconnectStrategy: false } })
  let failure: unknown
  client.on('error', (error: unknown) => (failure ??= error))
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    const reason = (failure ?? error) as { code?: string; message?: string }
    throw redisUnreachable(url, reason.code ?? reason.message ?? String(reason))
  } finally {
    if (client.isOpen) await client.quit().catch(() => {})
  }
}

/**
 * With REDIS_URL, room emits travel between processes through a Redis stream (the Redis Streams
 * adapter), which also keeps what a socket missed while it was away: connection-state recovery
 * then works whichever process the socket comes back to.
 */
export async function useRedisAdapter(io: RealtimeServer, url: string, logger: Logger) {
  const client = createClient({ url })
  watchConnection(client, logger, 'socket.io adapter')
  await client.connect()
  io.adapter(createAdapter(client))
  return {
    close: () => closeClient(client),
  }
}
