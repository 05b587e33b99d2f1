import type { AccessEvent, AppContext } from '~/context.server'

/**
 * Every place that ends a session or changes a right says so here, after its transaction, so
 * that open sockets lose the right at once (see `server/realtime/access.ts`).
 */
export function publishAccess(ctx: AppContext, event: AccessEvent) {
  ctx.bus.publish(event)
}

export function sessionsEnded(ctx: AppContext, userId: string, which: { only?: string; except?: string } = {}) {
  publishAccess(ctx, { type: 'sessions:ended', payload: { userId, ...which } })
}

export function accessChanged(ctx: AppContext, userId: string) {
  publishAccess(ctx, { type: 'access:changed', payload: { userId } })
}
