import type { AppContext } from '~/context.server'
import {
  type CountersOf,
  type Outcome,
  type RegisterInput,
  type RegisterResult,
  eventCounters,
  publishOutcomes,
  registerIn,
} from '~/features/events/event-registrations.server'
import type { EventCounters } from '~/features/events/realtime'
import type { Statement } from 'better-sqlite3'
import type { Tx } from '~/features/events/events.server'

// Group commit for registrations (issue #19). A thousand members clicking « Participer » in the
// same second for a gala would otherwise take SQLite's write lock a thousand times, each after
// the request's whole trip. Here every registration waiting when the event loop comes round is
// written in one IMMEDIATE transaction, in arrival order (first come, first served), each in its
// own savepoint so that one failing does not undo the others. The page's socket (`event:register`)
// and the form without JavaScript both come through here.

/** At most this many registrations per transaction (the rest go in the next, at once). */
export const MAX_BATCH = 500

/** Work done inside the registration's savepoint once it succeeded (its mails): all or nothing. */
export type WithinRegistration = (result: Extract<RegisterResult, { ok: true }>) => void

type Waiting = { input: RegisterInput; within?: WithinRegistration; resolve: (result: RegisterResult) => void; reject: (error: Error) => void }

export interface RegistrationBatcher {
  register(input: RegisterInput, within?: WithinRegistration): Promise<RegisterResult>
  /** Commits so far, and the registrations they carried (for the benchmarks and tests). */
  readonly stats: { batches: number; registrations: number; largest: number }
}

// Kept on the context under a global symbol, not in this module: the Remix build and the
// server's bundle each carry a copy of this file, and the form and the socket must share one queue.
const BATCHER = Symbol.for('amicale.registrationBatcher')
type WithBatcher = AppContext & { [BATCHER]?: RegistrationBatcher }

/** The process's batcher for this app (one per context). */
export function registrationBatcher(ctx: AppContext): RegistrationBatcher {
  const holder = ctx as WithBatcher
  return (holder[BATCHER] ??= createBatcher(ctx))
}

function createBatcher(ctx: AppContext): RegistrationBatcher {
  const queue: Waiting[] = []
  const stats = { batches: 0, registrations: 0, largest: 0 }
  let scheduled = false

  function schedule() {
    if (scheduled) return
    scheduled = true
    // After this turn's I/O: every request parsed meanwhile joins the same commit.
    setImmediate(flush)
  }

  function flush() {
    scheduled = false
    const batch = queue.splice(0, MAX_BATCH)
    if (queue.length > 0) schedule()
    if (batch.length === 0) return
    let results: (RegisterResult | Error)[]
    try {
      results = ctx.db.transaction(
        (tx) => {
          // Counting an event's places costs a scan of its registrations: once per event and batch,
          // at its end, shared by the batch's outcomes (published together, with the newest counters).
          const counters = new Map<number, EventCounters>()
          const countersOf: CountersOf = (_db, eventId) => {
            let shared = counters.get(eventId)
            if (!shared) counters.set(eventId, (shared = { eventId, confirmed: 0, held: 0, waitlist: 0, checkedIn: 0, capacity: null, version: 0 }))
            return shared
          }
          const written = batch.map((waiting) => registerOne(tx, waiting, countersOf))
          for (const [eventId, shared] of counters) Object.assign(shared, eventCounters(ctx.db, eventId))
          return written
        },
        { behavior: 'immediate' },
      )
    } catch (error) {
      // The commit itself failed (the disk, a lock held too long): nothing of the batch was written.
      const failure = error instanceof Error ? error : new Error(String(error))
      for (const waiting of batch) waiting.reject(failure)
      return
    }
    stats.batches++
    stats.registrations += batch.length
    stats.largest = Math.max(stats.largest, batch.length)
    const outcomes: Outcome[] = []
    for (const result of results) if (!(result instanceof Error) && result.ok && result.outcome) outcomes.push(result.outcome)
    try {
      publishOutcomes(ctx, outcomes)
    } catch (error) {
      // Committed: the counters catch up at the next change; the registrations stand.
      ctx.logger.error({ err: error }, 'registration outcomes not published')
    }
    batch.forEach((waiting, i) => {
      const result = results[i]!
      if (result instanceof Error) waiting.reject(result)
      else waiting.resolve(result)
    })
  }

  // One savepoint per registration, on the connection itself (cheaper than a nested transaction
  // object for each of a thousand).
  let savepoints: { begin: Statement; release: Statement; undo: Statement } | null = null
  function registerOne(tx: Tx, waiting: Waiting, countersOf: CountersOf): RegisterResult | Error {
    const { sqlite } = ctx.database
    savepoints ??= {
      begin: sqlite.prepare('SAVEPOINT registration'),
      release: sqlite.prepare('RELEASE registration'),
      undo: sqlite.prepare('ROLLBACK TO registration'),
    }
    savepoints.begin.run()
    try {
      const result = registerIn(ctx, tx, waiting.input, ctx.now(), countersOf)
      if (result.ok) waiting.within?.(result)
      savepoints.release.run()
      return result
    } catch (error) {
      savepoints.undo.run()
      savepoints.release.run()
      ctx.logger.error({ err: error, eventId: waiting.input.eventId }, 'registration failed in its batch')
      return error instanceof Error ? error : new Error(String(error))
    }
  }

  return {
    stats,
    register(input, within) {
      return new Promise<RegisterResult>((resolve, reject) => {
        queue.push({ input, within, resolve, reject })
        schedule()
      })
    },
  }
}
