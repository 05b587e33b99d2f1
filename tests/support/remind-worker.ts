/**
 * One of several processes running the privacy requests' reminder at the same moment on the same
 * SQLite file, as two app processes would (tests/integration/privacy-requests.test.ts):
 *   node --import tsx tests/support/remind-worker.ts <database> <dataDir> <startAtMs> <nowMs>
 * Prints how many requests it claimed and mails it queued, and when it began and ended, as one JSON line.
 */
import { openDatabase } from '../../db/client'
import type { AppContext } from '../../app/context.server'
import { createMailQueue } from '../../app/shared/mail-queue.server'
import { remindDuePrivacyRequests } from '../../app/features/privacy/requests.server'
import { loadConfig } from '../../server/config'

const [file, dataDir, startAt, nowMs] = process.argv.slice(2)
const database = openDatabase(file)
const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_PATH: file, DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' })
const ctx = { db: database.db, now: () => new Date(Number(nowMs)), mail: createMailQueue(database.db, 'outbox'), config } as unknown as AppContext
// Every worker starts at the same instant (their start-up times differ by hundreds of ms).
while (Date.now() < Number(startAt)) {
  /* wait */
}
const startedAt = Date.now()
const outcome = remindDuePrivacyRequests(ctx, 'http://localhost:3000')
const endedAt = Date.now()
database.sqlite.close()
process.stdout.write(JSON.stringify({ ...outcome, startedAt, endedAt }) + '\n')
