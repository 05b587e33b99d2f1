import os from 'node:os'
import { and, eq, lt } from 'drizzle-orm'
import type { AppContext } from '../../app/context.server'
import { jobRuns } from '../../db/schema'

/** Who holds a claim, as `job_runs.claimed_by` shows it. */
export const PROCESS_ID = `${os.hostname()}:${process.pid}`

/** How long the claims of a job are kept, to see in the database what ran where. */
const KEPT_MS = 24 * 60 * 60_000

/** The slot of an interval job: the start of the interval `now` falls in, in UTC (`2026-12-02T10:15:00.000Z`). */
export function slotOf(now: Date, intervalMs: number): string {
  return new Date(Math.floor(now.getTime() / intervalMs) * intervalMs).toISOString()
}

/**
 * Takes a job's slot: the first process whose insert lands runs it, the others see the row and
 * skip (the primary key on job and slot decides, across processes). True if this process has it.
 */
export function claimSlot(ctx: Pick<AppContext, 'db' | 'now'>, job: string, slot: string): boolean {
  const now = ctx.now()
  const { changes } = ctx.db.insert(jobRuns).values({ job, slot, claimedBy: PROCESS_ID, startedAt: now }).onConflictDoNothing().run()
  if (changes === 0) return false
  // Slots sort as their ISO dates do: the old ones of this job go as a new one comes.
  ctx.db
    .delete(jobRuns)
    .where(and(eq(jobRuns.job, job), lt(jobRuns.slot, new Date(now.getTime() - KEPT_MS).toISOString())))
    .run()
  return true
}

/** Records how a claimed slot ended: `ok`, or the error's message. */
export function finishSlot(ctx: Pick<AppContext, 'db' | 'now'>, job: string, slot: string, outcome: string) {
  ctx.db
    .update(jobRuns)
    .set({ finishedAt: ctx.now(), outcome: outcome.slice(0, 500) })
    .where(and(eq(jobRuns.job, job), eq(jobRuns.slot, slot)))
    .run()
}
