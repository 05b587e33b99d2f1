import type { AppContext } from '../../app/context.server'
import { resumeInvitationSends, runEventJobStep } from '../../app/features/events/jobs.server'
import { startIntervalJob } from './interval'

/** Holds end within this much of their 15 minutes; refunds still owed are retried as often. */
export const EVENT_JOB_INTERVAL_MS = 15_000

/**
 * The events job: frees places whose payment did not come (and promotes the waitlist), retries
 * refunds the provider refused, and resumes invitation sends a restart interrupted. Every step is
 * a claim in SQLite, so several processes can run it side by side.
 */
export function startEventJobs(ctx: AppContext, intervalMs = EVENT_JOB_INTERVAL_MS) {
  const origin = ctx.config.APP_URL ?? `http://localhost:${ctx.config.PORT}`
  const resumed = resumeInvitationSends(ctx, origin)
  const job = startIntervalJob(ctx, 'events', intervalMs, () => runEventJobStep(ctx, origin))
  return {
    run: job.run,
    async stop() {
      await Promise.all([job.stop(), resumed])
    },
  }
}
