import crypto from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import type { Logger } from 'pino'
import { BACKUP_JOB, backupDirectory, newestArchive, scheduledArchiveName } from '../../app/features/admin/backups.server'
import type { AppContext } from '../../app/context.server'
import { utcToZonedInput, zonedToUtc } from '../../app/shared/zoned-time'
import { schema, type Db } from '../../db/client'
import { createBackup } from './backup'
import { RETENTION, pruneBackups, type RetentionPolicy } from './retention'

const ZONE = 'Europe/Paris'
const AT = '03:00'
/** A slot is run on time within this much after 03:00; later, it is a missed night (see `catchUpAfterMs`). */
const ON_TIME_MS = 60 * 60_000
/** How often the clock is looked at. */
export const BACKUP_TICK_MS = 60_000
/**
 * A night missed (the site was down at 03:00) is made up this long after the process started:
 * soon enough to matter, late enough to leave the start-up (and short-lived processes) alone.
 */
export const CATCH_UP_AFTER_MS = 10 * 60_000

/** The Paris calendar date of an instant, `YYYY-MM-DD`. */
export function parisDate(instant: Date): string {
  return utcToZonedInput(instant, ZONE).slice(0, 10)
}

/** 03:00 in Paris on that date. It exists every day: summer time starts at 02:00 and ends at 03:00. */
export function slotTime(date: string): Date {
  return zonedToUtc(`${date}T${AT}`, ZONE)!
}

function dayBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10)
}

/** The latest 03:00 (Paris) at or before `now`, and its date, which names the slot. */
export function dueSlot(now: Date): { slot: string; at: Date } {
  const today = parisDate(now)
  const at = slotTime(today)
  if (at.getTime() <= now.getTime()) return { slot: today, at }
  const yesterday = dayBefore(today)
  return { slot: yesterday, at: slotTime(yesterday) }
}

export interface BackupScheduleOptions {
  /** The connection that claims slots in `job_runs`: the database is shared by every process. */
  db: Db
  databasePath: string
  dataDir: string
  backupDir: string
  recipient?: string
  now: () => Date
  logger: Pick<Logger, 'info' | 'warn' | 'error'>
  retention?: RetentionPolicy
  catchUpAfterMs?: number
}

export type TickResult =
  | { ran: false; reason: 'done' | 'claimed-elsewhere' | 'waiting-to-catch-up' | 'busy' }
  | { ran: true; slot: string; file: string; outcome: string; deleted: string[] }

/**
 * The nightly backup. Every process runs this scheduler; the first to insert the slot's row into
 * `job_runs` (`INSERT OR IGNORE`: one of them changes a row) takes the backup, the others skip.
 */
export function createBackupScheduler(options: BackupScheduleOptions) {
  const claimant = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`
  const startedAt = options.now().getTime()
  const handled = new Set<string>()
  let running: Promise<TickResult> | null = null

  async function runSlot(slot: string): Promise<TickResult> {
    const file = path.join(options.backupDir, scheduledArchiveName(slot, Boolean(options.recipient)))
    const where = and(eq(schema.jobRuns.job, BACKUP_JOB), eq(schema.jobRuns.slot, slot))
    try {
      const result = await createBackup({
        databasePath: options.databasePath,
        dataDir: options.dataDir,
        out: file,
        recipient: options.recipient,
        now: options.now,
      })
      const { deleted } = await pruneBackups(options.backupDir, options.retention ?? RETENTION)
      options.db.update(schema.jobRuns).set({ finishedAt: options.now(), outcome: 'ok' }).where(where).run()
      options.logger.info({ slot, file, bytes: result.bytes, ms: result.ms, snapshotMs: result.snapshotMs, deleted }, 'backup taken')
      return { ran: true, slot, file, outcome: 'ok', deleted }
    } catch (error) {
      const outcome = (error as Error).message || String(error)
      options.db.update(schema.jobRuns).set({ finishedAt: options.now(), outcome }).where(where).run()
      options.logger.error({ err: error, slot, file }, 'backup failed')
      return { ran: true, slot, file, outcome, deleted: [] }
    }
  }

  async function check(): Promise<TickResult> {
    const now = options.now()
    const { slot, at } = dueSlot(now)
    if (handled.has(slot)) return { ran: false, reason: 'done' }
    const late = now.getTime() - at.getTime() > ON_TIME_MS
    if (late) {
      if (now.getTime() - startedAt < (options.catchUpAfterMs ?? CATCH_UP_AFTER_MS)) return { ran: false, reason: 'waiting-to-catch-up' }
      // An archive made after the slot's time (by hand, or by a process that lost its job_runs row) will do.
      const newest = newestArchive(options.backupDir)
      if (newest && newest.at.getTime() >= at.getTime()) {
        handled.add(slot)
        return { ran: false, reason: 'done' }
      }
    }
    const claim = options.db.insert(schema.jobRuns).values({ job: BACKUP_JOB, slot, claimedBy: claimant, startedAt: now }).onConflictDoNothing().run()
    handled.add(slot)
    if (claim.changes !== 1) return { ran: false, reason: 'claimed-elsewhere' }
    return runSlot(slot)
  }

  /** Looks at the clock once; takes the backup if this process claimed a due slot. One at a time. */
  async function tick(): Promise<TickResult> {
    if (running) return { ran: false, reason: 'busy' }
    running = check().finally(() => (running = null))
    return running
  }

  let timer: NodeJS.Timeout | undefined
  return {
    tick,
    start(intervalMs = BACKUP_TICK_MS) {
      timer = setInterval(() => {
        tick().catch((error: unknown) => options.logger.error({ err: error }, 'backup schedule failed'))
      }, intervalMs)
      timer.unref()
    },
    /** Stops the clock and waits for a backup in progress. */
    async stop() {
      clearInterval(timer)
      await running?.catch(() => undefined)
    },
  }
}

/** The process's scheduler: archives into BACKUP_DIR (encrypted for BACKUP_AGE_RECIPIENT when set). */
export function startBackupSchedule(ctx: AppContext) {
  const scheduler = createBackupScheduler({
    db: ctx.db,
    databasePath: ctx.config.DATABASE_PATH,
    dataDir: ctx.config.DATA_DIR,
    backupDir: backupDirectory(ctx.config),
    recipient: ctx.config.BACKUP_AGE_RECIPIENT,
    now: ctx.now,
    logger: ctx.logger,
  })
  scheduler.start()
  return scheduler
}
