import { eq, sql } from 'drizzle-orm'
import { memberships, profiles } from '../../../db/schema'
import type { AppContext } from '~/context.server'

/** The few numbers the home page shows about the association. */
export function associationStats(ctx: AppContext) {
  const row = ctx.db
    .select({
      members: sql<number>`count(*)`,
      first: sql<number | null>`min(${profiles.promotion})`,
      last: sql<number | null>`max(${profiles.promotion})`,
    })
    .from(memberships)
    .leftJoin(profiles, eq(profiles.userId, memberships.userId))
    .where(eq(memberships.status, 'active'))
    .get()
  return { members: row?.members ?? 0, first: row?.first ?? null, last: row?.last ?? null }
}
