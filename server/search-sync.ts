import type { AppContext } from '../app/context.server'
import { syncMember } from '../app/features/directory/directory.server'

/** Events after which a member's place in the directory may have changed. */
const relevant = new Set(['profile:updated', 'membership:activated', 'membership:changed', 'account:deactivated', 'account:reactivated'])

/**
 * Keeps the search index in step with the database: services publish on the bus after their
 * transaction, and the member is re-read and upserted or removed at once.
 */
export function keepSearchInSync(ctx: AppContext) {
  return ctx.bus.subscribe((event) => {
    if (!relevant.has(event.type)) return
    const userId = (event.payload as { userId?: string } | null)?.userId
    if (!userId) return
    syncMember(ctx, userId).catch((error: unknown) => ctx.logger.error({ err: error, userId }, 'search sync failed'))
  })
}
