import { and, asc, eq, ne, or, sql } from 'drizzle-orm'
import { eventOrganizers, memberships, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { photoShownSql, type ProfileViewer } from '~/features/directory/profiles.server'

const PER_PAGE = 25

/** Accounts for the webmasters' list, searched by name or e-mail, with their avatars as the viewer may see them. */
export function listAccounts(ctx: AppContext, { q, page, viewer }: { q: string; page: number; viewer: ProfileViewer }) {
  const pattern = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
  // An erased member's pseudonym (« Ancien membre ») is no account to manage.
  const where = and(
    ne(users.status, 'erased'),
    q
      ? or(
          sql`${users.email} like ${pattern} escape '\\'`,
          sql`${users.lastName} like ${pattern} escape '\\'`,
          sql`${users.firstName} like ${pattern} escape '\\'`,
        )
      : undefined,
  )
  const total =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(where)
      .get()?.n ?? 0
  const rows = ctx.db
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      role: users.role,
      status: users.status,
      membershipKind: memberships.kind,
      photo: photoShownSql(users.id, viewer),
      eventOrganizer: sql<number>`exists (select 1 from ${eventOrganizers} where ${eventOrganizers.userId} = ${users.id})`,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(where)
    .orderBy(asc(users.lastName), asc(users.firstName))
    .limit(PER_PAGE)
    .offset((page - 1) * PER_PAGE)
    .all()
  return { rows, total, pages: Math.max(1, Math.ceil(total / PER_PAGE)) }
}

export function findAccount(ctx: AppContext, userId: string) {
  return ctx.db.select({ id: users.id, firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, userId)).get()
}
