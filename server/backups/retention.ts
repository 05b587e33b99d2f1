import fsp from 'node:fs/promises'
import path from 'node:path'
import { SCHEDULED_ARCHIVE } from '../../app/features/admin/backups.server'

export interface RetentionPolicy {
  /** The most recent days with an archive that are kept. */
  daily: number
  /** The most recent ISO weeks with an archive: the newest archive of each is kept. */
  weekly: number
}
export const RETENTION: RetentionPolicy = { daily: 7, weekly: 4 }

/** « 2026-12-02 » → « 2026-W49 » (ISO 8601: weeks start on Monday, week 1 holds the year's first Thursday). */
export function isoWeek(date: string): string {
  const day = new Date(`${date}T00:00:00Z`)
  const weekday = (day.getUTCDay() + 6) % 7
  const thursday = new Date(day.getTime() + (3 - weekday) * 86_400_000)
  const year = thursday.getUTCFullYear()
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000))
  return `${year}-W${String(week).padStart(2, '0')}`
}

/**
 * The dates to keep among `dates` (one per archive day): the `daily` most recent, and the newest
 * of each of the `weekly` most recent ISO weeks (the two rules overlap, as restic's do).
 */
export function datesToKeep(dates: readonly string[], policy: RetentionPolicy = RETENTION): Set<string> {
  const newestFirst = [...new Set(dates)].sort().reverse()
  const keep = new Set(newestFirst.slice(0, policy.daily))
  const weeks = new Set<string>()
  for (const date of newestFirst) {
    const week = isoWeek(date)
    if (weeks.has(week)) continue
    if (weeks.size >= policy.weekly) break
    weeks.add(week)
    keep.add(date)
  }
  return keep
}

/** Deletes the nightly archives the policy does not keep; other files in the folder are never touched. */
export async function pruneBackups(dir: string, policy: RetentionPolicy = RETENTION): Promise<{ kept: string[]; deleted: string[] }> {
  const names = await fsp.readdir(dir).catch(() => [] as string[])
  const scheduled = names.map((name) => ({ name, date: SCHEDULED_ARCHIVE.exec(name)?.[1] })).filter((a): a is { name: string; date: string } => !!a.date)
  const keep = datesToKeep(
    scheduled.map((a) => a.date),
    policy,
  )
  const kept: string[] = []
  const deleted: string[] = []
  for (const archive of scheduled) {
    if (keep.has(archive.date)) {
      kept.push(archive.name)
    } else {
      await fsp.rm(path.join(dir, archive.name), { force: true })
      deleted.push(archive.name)
    }
  }
  return { kept: kept.sort(), deleted: deleted.sort() }
}
