import { z } from 'zod'
import type { AppContext } from '~/context.server'
import type { RealtimeSocket } from '~/realtime'
import { currentViewer } from '~/features/accounts/socket-access.server'
import { campaignById, progressOf } from '~/features/campaigns/campaigns.server'
import type { WatchCampaignAnswer } from '~/features/campaigns/realtime'
import type { Ack } from '~/shared/realtime'
import { rooms } from '~/shared/rooms'

const watchSchema = z.object({ campaignId: z.number().int().positive() })

/**
 * `campaign:watch`: a webmaster on a letter's page joins the webmasters' room, where each batch of
 * a send reports its progress; the answer is the letter as the database has it now, so the bar is
 * right from the start and again after a reconnection.
 */
export function registerCampaignHandlers(socket: RealtimeSocket, ctx: AppContext) {
  socket.on('campaign:watch', (payload: unknown, ack?: Ack<WatchCampaignAnswer>) => {
    // The types say what a well-behaved client sends; a hostile one may send anything, or no callback.
    const reply: Ack<WatchCampaignAnswer> = typeof ack === 'function' ? ack : () => {}
    const parsed = watchSchema.safeParse(payload)
    if (!parsed.success) return reply({ ok: false, error: 'invalid' })
    try {
      // The right of now, not the handshake's: a webmaster demoted since cannot join.
      const viewer = currentViewer(ctx, socket.data)
      if (!viewer) {
        reply({ ok: false, error: 'unauthorized' })
        return void socket.disconnect(true)
      }
      if (!viewer.isWebmaster) return reply({ ok: false, error: 'forbidden' })
      const campaign = campaignById(ctx, parsed.data.campaignId)
      if (!campaign) return reply({ ok: false, error: 'invalid' })
      void socket.join(rooms.webmasters)
      reply({ ok: true, progress: progressOf(campaign) })
    } catch (error) {
      ctx.logger.error({ err: error }, 'socket handler failed')
      reply({ ok: false, error: 'server' })
    }
  })
}
