import type { BusEvent } from '../app/context.server'
import { reindexDirectory, syncMember } from '../app/features/directory/directory.server'
import type { ServerContext } from './realtime/bus'

/**
 * Keeps the search index in step with the database: services publish on the bus after their
 * transaction, and the member is re-read and upserted or removed at once. The embedded index
 * lives in each process's memory, so every process follows every change (through Redis with
 * several) and rebuilds it when it may have missed some; Meilisearch is one index for all, written
 * by the process that published.
 */
export function keepSearchInSync(ctx: ServerContext) {
  const embedded = ctx.search.name === 'embedded'
  const onEvent = (event: BusEvent) => {
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
  }
  const stopEvents = embedded ? ctx.bus.subscribe(onEvent) : ctx.bus.subscribeOwn(onEvent)
  const stopResync = embedded
    ? ctx.bus.onResync(() => {
        reindexDirectory(ctx).then(
          (members) => ctx.logger.info({ members }, 'directory reindexed after a bus interruption'),
          (error: unknown) => ctx.logger.error({ err: error }, 'directory reindex failed'),
        )
      })
    : () => {}
  return () => {
    stopEvents()
    stopResync()
  }
}
