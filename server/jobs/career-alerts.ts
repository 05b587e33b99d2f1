import type { AppContext } from '../../app/context.server'
import { sendWeeklyJobAlerts } from '../../app/features/careers/careers-alerts.server'
import { retryUnsentApplications } from '../../app/features/careers/careers-applications.server'
import { startIntervalJob } from './interval'

/** How often the job looks for alerts due (each is due a week after its last mail) and unsent applications. */
export const CAREER_JOB_INTERVAL_MS = 15 * 60_000

/**
 * The careers job: an interval, not a cron, since « due » is persisted per alert (`lastSentAt`, claimed
 * before sending): a restart, or several processes, never resend a week’s mail.
 */
export function startCareerAlerts(ctx: AppContext, intervalMs = CAREER_JOB_INTERVAL_MS) {
  return startIntervalJob(ctx, 'careers', intervalMs, async () => {
    const alerts = await sendWeeklyJobAlerts(ctx)
    if (alerts.sent) ctx.logger.info(alerts, 'job alerts sent')
    const origin = ctx.config.APP_URL ?? `http://localhost:${ctx.config.PORT}`
    const retried = await retryUnsentApplications(ctx, origin)
    if (retried) ctx.logger.info({ retried }, 'applications mailed on retry')
  })
}
