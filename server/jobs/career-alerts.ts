import type { AppContext } from '../../app/context.server'
import { runCareerJobStep } from '../../app/features/careers/jobs.server'
import { startIntervalJob } from './interval'

/** How often the job looks for alerts due (each is due a week after its last mail) and unsent applications. */
export const CAREER_JOB_INTERVAL_MS = 15 * 60_000

/**
 * The careers job: an interval, not a cron, since « due » is persisted per alert (`lastSentAt`, claimed
 * before sending): a restart, or several processes, never resend a week’s mail.
 */
export function startCareerAlerts(ctx: AppContext, intervalMs = CAREER_JOB_INTERVAL_MS) {
  const origin = ctx.config.APP_URL ?? `http://localhost:${ctx.config.PORT}`
  return startIntervalJob(ctx, 'careers', intervalMs, () => runCareerJobStep(ctx, origin))
}
