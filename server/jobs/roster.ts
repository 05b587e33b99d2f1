import type { AppContext } from '../../app/context.server'
import { resumeActivationSends } from '../../app/features/roster/jobs.server'

/**
 * At start, the invitations to activate a stopped process left half sent go on: each batch is a
 * claim in SQLite, so several processes resuming the same send share it without a double mail.
 */
export function startRosterJobs(ctx: AppContext) {
  const origin = ctx.config.APP_URL ?? `http://localhost:${ctx.config.PORT}`
  const resumed = resumeActivationSends(ctx, origin)
  return {
    async stop() {
      await resumed
    },
  }
}
