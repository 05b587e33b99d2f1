import type { AppContext } from '../app/context.server'
import type { AppDatabase } from '../db/client'

export const INTEGRITY_INTERVAL_MS = 60 * 60_000

export interface IntegrityState {
  ok: boolean
  at: Date
  /** What `PRAGMA quick_check` reported when it was not "ok" (at most ten lines). */
  problems: string[]
}

/** `PRAGMA quick_check`: the b-tree and page structure of the whole file, without the slow index cross-check. */
export function quickCheck({ sqlite }: AppDatabase, now = new Date()): IntegrityState {
  try {
    const rows = sqlite.pragma('quick_check(10)') as { quick_check: string }[]
    const problems = rows.map((r) => r.quick_check).filter((line) => line !== 'ok')
    return { ok: problems.length === 0, at: now, problems }
  } catch (error) {
    return { ok: false, at: now, problems: [(error as Error).message] }
  }
}

export interface IntegrityMonitor {
  state(): IntegrityState
  /** Runs the check now (the hourly timer calls this). */
  checkNow(): IntegrityState
  stop(): void
}

/** Re-checks the database every hour; a failed check is logged as an error and shown by /healthz. */
export function monitorIntegrity(ctx: AppContext, initial: IntegrityState, intervalMs = INTEGRITY_INTERVAL_MS): IntegrityMonitor {
  let current = initial
  function checkNow() {
    current = quickCheck(ctx.database, ctx.now())
    if (!current.ok) ctx.logger.error({ file: ctx.config.DATABASE_PATH, problems: current.problems }, 'database integrity check failed')
    return current
  }
  const timer = setInterval(checkNow, intervalMs)
  timer.unref()
  return {
    state: () => current,
    checkNow,
    stop: () => clearInterval(timer),
  }
}
