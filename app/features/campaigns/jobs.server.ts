import type { AppContext } from '~/context.server'
import { driveCampaignSend, stopCampaignSends, unfinishedCampaigns } from '~/features/campaigns/campaigns.server'

export { stopCampaignSends }

/**
 * Letters left `sending` (a process stopped mid-send, or its loop failed) go on where the mail
 * queue says they stopped: the dedupe keys make a resumed batch skip whoever was already written to.
 */
export async function resumeCampaignSends(ctx: AppContext, origin: string) {
  await Promise.all(unfinishedCampaigns(ctx).map((id) => driveCampaignSend(ctx, id, origin)))
}
