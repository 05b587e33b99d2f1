import type { AppContext } from '~/context.server'
import { removePrivateFile } from '~/shared/uploads.server'
import { privacyRegistry } from '~/features/privacy/registry.server'
import { cutoffBefore, type PrivacyEntry, type RetentionRule } from '~/features/privacy/schema'

export interface RetentionRun {
  table: string
  /** Which rule of the table (its index), when it has several. */
  rule: number
  rows: number
  files: number
}

/** The instant before which a rule's rows are due: now for an expiry, `duration` before now otherwise. */
function cutoffOf(rule: RetentionRule, now: Date): Date {
  return rule.kind === 'after' ? cutoffBefore(now, rule.duration) : now
}

/**
 * Applies every dated rule of the registry (issue #16), one transaction per rule: the rows due
 * go, nothing else. A rule's files are removed once its rows are committed, so a failed
 * transaction never leaves a row pointing at a missing file; running it again finds nothing due.
 */
export async function applyRetention(ctx: AppContext, entries: readonly PrivacyEntry[] = privacyRegistry): Promise<RetentionRun[]> {
  const now = ctx.now()
  const runs: RetentionRun[] = []
  for (const entry of entries) {
    for (const [index, rule] of entry.retention.entries()) {
      if (!rule.purge) continue
      const purge = rule.purge
      const limits = { now, cutoff: cutoffOf(rule, now) }
      const outcome = ctx.db.transaction((tx) => purge(tx, limits), { behavior: 'immediate' })
      const files = outcome.files ?? []
      for (const file of files) await removePrivateFile(ctx.config.DATA_DIR, file.area, file.storedName)
      runs.push({ table: entry.table, rule: index, rows: outcome.rows, files: files.length })
    }
  }
  return runs
}

/** One step of the daily retention job (started by `server/jobs`): what went is logged, table by table. */
export async function runRetentionJobStep(ctx: AppContext): Promise<void> {
  const runs = await applyRetention(ctx)
  const removed = runs.filter((r) => r.rows > 0 || r.files > 0)
  ctx.logger.info({ removed, rules: runs.length }, 'retention: rows past their keeping period deleted')
}
