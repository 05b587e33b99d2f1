import { EventEmitter } from 'node:events'
import type { Bus, BusEvent } from '../../app/context.server'

/** In-process bus: services publish after commit, the Socket.IO layer emits to rooms. */
export function createBus(): Bus {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(50)
  return {
    publish(event: BusEvent) {
      emitter.emit('event', event)
    },
    subscribe(listener) {
      emitter.on('event', listener)
      return () => emitter.off('event', listener)
    },
  }
}
