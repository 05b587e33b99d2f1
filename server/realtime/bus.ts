import crypto from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { Logger } from 'pino'
import { createClient } from 'redis'
import type { AppContext, Bus, BusEvent } from '../../app/context.server'
import { closeClient, probeRedis, watchConnection } from './redis'

type Listener = (event: BusEvent) => void

/**
 * The bus as `server/` wires it. Use cases see only `Bus` (publish after commit); the process
 * also tells apart what it published itself, for the work that must be done once whatever the
 * number of processes (a room emit that the Socket.IO adapter carries everywhere, a database
 * write), from what every process must do (its own search index, its own sockets).
 */
export interface ProcessBus extends Bus {
  /** Every event, published by this process or, through Redis, by another. */
  subscribe(listener: Listener): () => void
  /** Only the events this process published. */
  subscribeOwn(listener: Listener): () => void
  /** Events from other processes may have been missed (the link to Redis dropped and came back). */
  onResync(listener: () => void): () => void
  close(): Promise<void>
}

/** The context as `server/` holds it: the same object the use cases get, with the process's bus. */
export type ServerContext = AppContext & { bus: ProcessBus }

/** The Redis pub/sub channel of the bus; each message is `{"from": <process>, "event": <BusEvent>}`. */
export const BUS_CHANNEL = 'amicale:bus'

/** Listeners of one process. A listener that throws is logged and does not stop the others. */
function createFanOut(logger?: Logger) {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(50)
  const on = (name: string, listener: Listener) => {
    emitter.on(name, listener)
    return () => void emitter.off(name, listener)
  }
  const guarded = (listener: Listener) => (event: BusEvent) => {
    try {
      listener(event)
    } catch (error) {
      if (!logger) throw error
      logger.error({ err: error, type: event.type }, 'bus listener failed')
    }
  }
  return {
    emit: (name: 'own' | 'remote' | 'resync', event?: BusEvent) => emitter.emit(name, event),
    onEvent: (names: ('own' | 'remote')[], listener: Listener) => {
      const safe = guarded(listener)
      const offs = names.map((name) => on(name, safe))
      return () => offs.forEach((off) => off())
    },
    onResync: (listener: () => void) => on('resync', listener),
  }
}

/** One process: every event is its own. */
export function createBus(): ProcessBus {
  const fanOut = createFanOut()
  return {
    publish: (event) => void fanOut.emit('own', event),
    subscribe: (listener) => fanOut.onEvent(['own'], listener),
    subscribeOwn: (listener) => fanOut.onEvent(['own'], listener),
    onResync: (listener) => fanOut.onResync(listener),
    close: async () => {},
  }
}

/**
 * Several processes (REDIS_URL): an event is delivered here at once, as in one process, and
 * published on `BUS_CHANNEL`; every other process delivers it to its listeners when it arrives,
 * so each process hears each event exactly once (its own are not taken back from Redis). Events
 * from elsewhere went through JSON: their listeners read ids, never dates. Pub/sub keeps no
 * history: after a dropped link `onResync` listeners catch up from the database.
 */
export async function createRedisBus(url: string, logger: Logger): Promise<ProcessBus> {
  await probeRedis(url)
  const fanOut = createFanOut(logger)
  const self = crypto.randomUUID()
  const pub = createClient({ url })
  const sub = pub.duplicate()
  watchConnection(pub, logger, 'bus (publish)')
  watchConnection(sub, logger, 'bus (subscribe)')
  let lost = false
  sub.on('reconnecting', () => (lost = true))
  // node-redis subscribes again by itself on reconnection; what was published meanwhile is gone.
  sub.on('ready', () => {
    if (!lost) return
    lost = false
    logger.warn('redis bus reconnected: catching up from the database')
    fanOut.emit('resync')
  })
  await Promise.all([pub.connect(), sub.connect()])
  await sub.subscribe(BUS_CHANNEL, (message) => {
    let parsed: { from?: unknown; event?: { type?: unknown } | null } | null
    try {
      parsed = JSON.parse(message) as typeof parsed
    } catch {
      parsed = null
    }
    // Anyone who can reach Redis can publish here: only a well-formed message from another process counts.
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.event !== 'object' || parsed.event === null || typeof parsed.event.type !== 'string') {
      return logger.warn({ channel: BUS_CHANNEL }, 'unreadable bus message ignored')
    }
    if (parsed.from === self) return
    fanOut.emit('remote', parsed.event as BusEvent)
  })

  return {
    publish(event) {
      fanOut.emit('own', event)
      pub
        .publish(BUS_CHANNEL, JSON.stringify({ from: self, event }))
        .catch((error: unknown) => logger.error({ err: error, type: event.type }, 'bus event not sent to the other processes'))
    },
    subscribe: (listener) => fanOut.onEvent(['own', 'remote'], listener),
    subscribeOwn: (listener) => fanOut.onEvent(['own'], listener),
    onResync: (listener) => fanOut.onResync(listener),
    async close() {
      await Promise.all([closeClient(sub), closeClient(pub)])
    },
  }
}
