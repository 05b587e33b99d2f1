/**
 * One of several processes registering people for the same event at the same moment, on the same
 * SQLite file, as several app processes would (tests/integration/events.test.ts):
 *   node --import tsx tests/support/register-worker.ts <database> <eventId> <userId,userId…> <startAtMs>
 * Prints the outcome of each registration, and when the worker began and ended, as one JSON line.
 */
import { openDatabase } from '../../db/client'
import type { AppContext } from '../../app/context.server'
import { registerForEvent } from '../../app/features/events/event-registrations.server'

const [file, eventId, ids, startAt] = process.argv.slice(2)
const database = openDatabase(file)
const ctx = { db: database.db, now: () => new Date(), bus: { publish() {}, subscribe: () => () => {} } } as unknown as AppContext
// Every worker starts at the same instant (their start-up times differ by hundreds of ms).
while (Date.now() < Number(startAt)) {
  /* wait */
}
const startedAt = Date.now()
const outcomes = ids.split(',').map((userId) => {
  const result = registerForEvent(ctx, { eventId: Number(eventId), userId, guests: 0 })
  return result.ok ? result.registration.status : result.error
})
const endedAt = Date.now()
database.sqlite.close()
process.stdout.write(JSON.stringify({ outcomes, startedAt, endedAt }) + '\n')
