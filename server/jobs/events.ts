import type { AppContext } from '../../app/context.server'
import { runInvitationSend, unfinishedSends } from '../../app/features/events/event-invitations.server'
import { releaseExpiredHolds, retryOwedRefunds } from '../../app/features/events/event-tickets.server'
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
  // Sends that were running when the process stopped go on where they were.
  const resumed = Promise.all(
    unfinishedSends(ctx).map((id) =>
      runInvitationSend(ctx, id, origin).catch((error: unknown) => ctx.logger.error({ err: error, sendId: id }, 'invitation send failed')),
    ),
  )
  const job = startIntervalJob(ctx, 'events', intervalMs, async () => {
    releaseExpiredHolds(ctx, origin)
    await retryOwedRefunds(ctx)
  })
  return {
    run: job.run,
    async stop() {
      await Promise.all([job.stop(), resumed])
    },
  }
}
