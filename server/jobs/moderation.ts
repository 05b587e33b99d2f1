import type { AppContext } from '../../app/context.server'
import { runModerationJobStep } from '../../app/features/moderation/jobs.server'
import { startIntervalJob } from './interval'

/** How often the moderation job looks for reports unhandled for 48 hours. */
export const MODERATION_JOB_INTERVAL_MS = 15 * 60_000

/** The moderation job: the 48-hour reminder of unhandled reports (`remindedAt` is its persisted « done »). */
export function startModerationJobs(ctx: AppContext, intervalMs = MODERATION_JOB_INTERVAL_MS) {
  return startIntervalJob(ctx, 'moderation', intervalMs, () => runModerationJobStep(ctx))
}
