import type { AppContext } from '../app/context.server'
import { joinPromotionGroup } from '../app/features/groups/groups.server'

/** A member joins their promotion's group as soon as their membership becomes active. */
export function keepGroupsInSync(ctx: AppContext) {
  return ctx.bus.subscribe((event) => {
    if (event.type !== 'membership:activated') return
    const { userId } = event.payload
    try {
      joinPromotionGroup(ctx, userId)
    } catch (error) {
      ctx.logger.error({ err: error, userId }, 'promotion group join failed')
    }
  })
}
