import { and, eq, sql } from 'drizzle-orm'
import { preparedOnce } from '../../../db/client'
import { groups } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { unreadCounts } from '~/features/groups/groups.server'

/**
 * The groups with messages the member has not read, most unread first, and the total: the home
 * page's « à lire ». The counts are `unreadCounts`' (the navigation badge's), so both agree.
 */
export function unreadGroupSummary(ctx: AppContext, userId: string, limit = 4) {
  const counts = unreadCounts(ctx, userId)
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0)
  if (counts.size === 0) return { total, groups: [], more: 0 }
  const names = new Map(
    namesStatement(ctx.db)
      .all({ ids: JSON.stringify([...counts.keys()]) })
      .map((g) => [g.id, g.name]),
  )
  const list = [...counts]
    .filter(([id]) => names.has(id))
    .map(([id, unread]) => ({ id, name: names.get(id)!, unread }))
    .sort((a, b) => b.unread - a.unread || a.name.localeCompare(b.name, 'fr'))
  return { total, groups: list.slice(0, limit), more: Math.max(0, list.length - limit) }
}

// On the home page of every member with something unread: prepared once per connection, its ids
// given as one JSON array.
const namesStatement = preparedOnce((db) =>
  db
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(and(sql`${groups.id} in (select value from json_each(${sql.placeholder('ids')}))`, eq(groups.status, 'active')))
    .prepare(),
)
