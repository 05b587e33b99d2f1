import { eq } from 'drizzle-orm'
import { profiles } from '../../../db/schema'
import type { AppContext } from '~/context.server'

/** Promotion and diploma, to prefill the dues form. */
export function profileBasics(ctx: AppContext, userId: string) {
  return ctx.db.select({ promotion: profiles.promotion, diploma: profiles.diploma }).from(profiles).where(eq(profiles.userId, userId)).get()
}
