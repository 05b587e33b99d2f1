import { and, desc, eq, gte, ne, sql } from 'drizzle-orm'
import { preparedOnce } from '../../../db/client'
import { memberships, profiles, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { photoShownSql, type ProfileViewer } from '~/features/directory/profiles.server'
import { isPayingMember } from '~/shared/viewer'

/**
 * Members of the viewer's promotion whose dues started in the last `days`, newest first: the home
 * page's « ils viennent de nous rejoindre ». The directory's rule applies: only paying viewers,
 * only listed members (active account, active dues, still in the directory), photos as
 * `/membres/:id/photo` would serve them. Null when the viewer has no promotion to compare with.
 */
export function recentClassmates(ctx: AppContext, viewer: ProfileViewer, { days = 90, limit = 6 } = {}) {
  if (!isPayingMember(viewer)) return null
  const { promotion: promotionOf, members: membersOf } = statements(ctx.db)
  const promotion = promotionOf.get({ userId: viewer.id })?.promotion
  if (!promotion) return null
  const since = ctx.now().getTime() - days * 86400_000
  const members = membersOf.all({ promotion, since, viewerId: viewer.id, limit })
  return { promotion, members }
}

// On every visit of a paying member's home page: prepared once per connection.
const statements = preparedOnce((db) => ({
  promotion: db
    .select({ promotion: profiles.promotion })
    .from(profiles)
    .where(eq(profiles.userId, sql.placeholder('userId')))
    .prepare(),
  members: db
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      company: profiles.company,
      jobTitle: profiles.jobTitle,
      city: profiles.city,
      joinedAt: memberships.activatedAt,
      photo: photoShownSql(users.id, { id: sql.placeholder('viewerId'), role: 'member' }),
    })
    .from(profiles)
    .innerJoin(users, eq(users.id, profiles.userId))
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(
      and(
        eq(profiles.promotion, sql.placeholder('promotion')),
        eq(profiles.inDirectory, true),
        eq(users.status, 'active'),
        eq(memberships.status, 'active'),
        gte(memberships.activatedAt, sql.placeholder('since')),
        ne(users.id, sql.placeholder('viewerId')),
      ),
    )
    .orderBy(desc(memberships.activatedAt), desc(users.id))
    .limit(sql.placeholder('limit'))
    .prepare(),
}))
