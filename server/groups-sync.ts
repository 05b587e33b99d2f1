import { joinPromotionGroup } from '../app/features/groups/groups.server'
import type { ServerContext } from './realtime/bus'

/** A member joins their promotion's group as soon as their membership becomes active (once: by the process that activated it). */
export function keepGroupsInSync(ctx: ServerContext) {
  return ctx.bus.subscribeOwn((event) => {
    if (event.type !== 'membership:activated') return
    const { userId } = event.payload
    try {
      joinPromotionGroup(ctx, userId)
    } catch (error) {
      ctx.logger.error({ err: error, userId }, 'promotion group join failed')
    }
  })
}
