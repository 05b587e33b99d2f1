import type { AppContext } from '../../app/context.server'
import { resumeCampaignSends, stopCampaignSends } from '../../app/features/campaigns/jobs.server'
import { startIntervalJob } from './interval'

/** How soon a letter a stopped process left half written is carried on by another. */
export const CAMPAIGN_SWEEP_MS = 15_000

/**
 * « La lettre de l'Amicale »: at start, and then every 15 s (one process per slot), letters still
 * `sending` go on. Each batch is a claim under SQLite's write lock and every mail has its dedupe
 * key, so a process that resumes a letter another is still sending shares it without a double mail.
 */
export function startCampaignJobs(ctx: AppContext, intervalMs = CAMPAIGN_SWEEP_MS) {
  const origin = ctx.config.APP_URL ?? `http://localhost:${ctx.config.PORT}`
  const resumed = resumeCampaignSends(ctx, origin)
  const job = startIntervalJob(ctx, 'campaigns', intervalMs, () => resumeCampaignSends(ctx, origin))
  return {
    run: job.run,
    /** Sends under way stop after their batch in hand (the next start carries them on). */
    async stop() {
      await Promise.all([job.stop(), stopCampaignSends(ctx), resumed])
    },
  }
}
