import type { AppContext } from '../app/context.server'
import { syncMember } from '../app/features/directory/directory.server'

/**
 * Keeps the search index in step with the database: services publish on the bus after their
 * transaction, and the member is re-read and upserted or removed at once.
 */
export function keepSearchInSync(ctx: AppContext) {
  return ctx.bus.subscribe((event) => {
    switch (event.type) {
      // The events after which a member's place in the directory may have changed.
      case 'profile:updated':
      case 'membership:activated':
      case 'membership:changed':
      case 'account:deactivated':
      case 'account:reactivated': {
        const { userId } = event.payload
        syncMember(ctx, userId).catch((error: unknown) => ctx.logger.error({ err: error, userId }, 'search sync failed'))
      }
    }
  })
}
