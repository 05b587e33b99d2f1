import fs from 'node:fs'
import path from 'node:path'
import { desc, eq } from 'drizzle-orm'
import { jobRuns } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import type { Config } from '~/shared/config'

// What a webmaster (and /healthz) is told about the backups: the newest archive in BACKUP_DIR and
// the last scheduled run. The archives themselves are made by server/backups.

/** Older than this, the admin pages warn: a night was missed. */
export const BACKUP_STALE_HOURS = 36
export const BACKUP_JOB = 'backup'

/** Any archive we wrote (`amicale-2026-12-02.tar.gz`, `amicale-2026-12-02-101500.tar.gz.age`…). */
export const ARCHIVE_FILE = /^amicale-[0-9A-Za-z-]+\.tar\.gz(\.age)?$/
/** The nightly ones, named by their slot's date (Paris): the only ones retention deletes. */
export const SCHEDULED_ARCHIVE = /^amicale-(\d{4}-\d{2}-\d{2})\.tar\.gz(\.age)?$/

export function scheduledArchiveName(slot: string, encrypted: boolean) {
  return `amicale-${slot}.tar.gz${encrypted ? '.age' : ''}`
}

/** BACKUP_DIR, or DATA_DIR/backups when it is not set. */
export function backupDirectory(config: Pick<Config, 'BACKUP_DIR' | 'DATA_DIR'>): string {
  return config.BACKUP_DIR ?? path.join(config.DATA_DIR, 'backups')
}

/** The newest archive in the folder, by modification time (an archive is renamed into place whole). */
export function newestArchive(dir: string): { file: string; at: Date; bytes: number } | null {
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return null
  }
  let newest: { file: string; at: Date; bytes: number } | null = null
  for (const name of names) {
    if (!ARCHIVE_FILE.test(name)) continue
    try {
      const stat = fs.statSync(path.join(dir, name))
      if (stat.isFile() && (!newest || stat.mtimeMs > newest.at.getTime())) newest = { file: name, at: stat.mtime, bytes: stat.size }
    } catch {
      // Deleted by retention between the listing and the stat.
    }
  }
  return newest
}

export interface BackupStatus {
  /** `none`: no archive in BACKUP_DIR; `stale`: the newest is older than 36 h. */
  status: 'ok' | 'stale' | 'none'
  last: { file: string; at: string; bytes: number; ageSeconds: number } | null
  /** The last nightly run recorded in `job_runs`: its outcome is `ok` or the error's message. */
  lastRun: { slot: string; startedAt: string; finishedAt: string | null; outcome: string | null } | null
}

export function backupStatus(ctx: Pick<AppContext, 'config' | 'db' | 'now'>): BackupStatus {
  const newest = newestArchive(backupDirectory(ctx.config))
  const run = ctx.db.select().from(jobRuns).where(eq(jobRuns.job, BACKUP_JOB)).orderBy(desc(jobRuns.startedAt)).limit(1).get()
  const ageSeconds = newest ? Math.max(0, Math.round((ctx.now().getTime() - newest.at.getTime()) / 1000)) : null
  return {
    status: !newest ? 'none' : ageSeconds! > BACKUP_STALE_HOURS * 3600 ? 'stale' : 'ok',
    last: newest ? { file: newest.file, at: newest.at.toISOString(), bytes: newest.bytes, ageSeconds: ageSeconds! } : null,
    lastRun: run ? { slot: run.slot, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null, outcome: run.outcome } : null,
  }
}

/** What the admin pages show (see components/backup-status.tsx). */
export function backupStatusView(ctx: Pick<AppContext, 'config' | 'db' | 'now'>) {
  const { status, last, lastRun } = backupStatus(ctx)
  const failed = lastRun?.outcome && lastRun.outcome !== 'ok' ? { slot: lastRun.slot, error: lastRun.outcome } : null
  return { status, ageSeconds: last?.ageSeconds ?? null, failed }
}
