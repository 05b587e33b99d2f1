import type { AppContext } from '../../app/services/context.server'
import { runInvitationSend, unfinishedSends } from '../../app/services/event-invitations.server'
import { releaseExpiredHolds, retryOwedRefunds } from '../../app/services/event-tickets.server'

/** Holds end within this much of their 15 minutes; refunds still owed are retried as often. */
export const EVENT_JOB_INTERVAL_MS = 15_000

/**
 * The events job: frees places whose payment did not come (and promotes the waitlist), retries
 * refunds the provider refused, and resumes invitation sends a restart interrupted. Every step is
 * a claim in SQLite, so several processes can run it side by side.
 */
export function startEventJobs(ctx: AppContext, intervalMs = EVENT_JOB_INTERVAL_MS) {
  const origin = ctx.config.APP_URL ?? `http://localhost:${ctx.config.PORT}`
  let running: Promise<void> | null = null
  async function run() {
    if (running) return running
    running = (async () => {
      try {
        releaseExpiredHolds(ctx, origin)
        await retryOwedRefunds(ctx)
      } catch (error) {
        ctx.logger.error({ err: error }, 'events job failed')
      } finally {
        running = null
      }
    })()
    return running
  }
  // Sends that were running when the process stopped go on where they were.
  const resumed = Promise.all(unfinishedSends(ctx).map((id) => runInvitationSend(ctx, id, origin).catch((error: unknown) => ctx.logger.error({ err: error, sendId: id }, 'invitation send failed'))))
  const timer = setInterval(() => void run(), intervalMs)
  timer.unref()
  return {
    run,
    async stop() {
      clearInterval(timer)
      await Promise.all([running, resumed])
    },
  }
}
