import type { AppContext } from '~/context.server'
import { sendWeeklyJobAlerts } from '~/features/careers/careers-alerts.server'
import { retryUnsentApplications } from '~/features/careers/careers-applications.server'

/**
 * One pass of the careers job: the alerts due (each a week after its last mail, claimed before
 * sending, so that a restart or a second process never resends a week's mail), then the
 * applications whose mail did not leave.
 */
export async function runCareerJobStep(ctx: AppContext, origin: string) {
  const alerts = await sendWeeklyJobAlerts(ctx)
  if (alerts.sent) ctx.logger.info(alerts, 'job alerts sent')
  const retried = await retryUnsentApplications(ctx, origin)
  if (retried) ctx.logger.info({ retried }, 'applications mailed on retry')
}
