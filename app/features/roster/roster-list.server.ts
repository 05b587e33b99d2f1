import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm'
import { graduateDiplomas, graduates, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { normaliseName } from '~/features/roster/names'
import { ROSTER_PAGE_SIZE, type RosterListQuery } from '~/features/roster/schema'

// The list as webmasters read it below the import form (issue #17). Roster people are not
// accounts: this page, for webmasters, is the only place they appear.

const escapeLike = (text: string) => text.replace(/[%_\\]/g, (c) => `\\${c}`)

export function rosterList(ctx: AppContext, query: RosterListQuery & { page: number }) {
  const pattern = `%${escapeLike(query.q.toLowerCase())}%`
  // Names are searched as they are matched: « lefevre » finds « Lefèvre-Dupont ».
  const folded = `%${escapeLike(normaliseName(query.q))}%`
  const where = and(
    query.q
      ? or(
          sql`${graduates.matchKey} like ${folded} escape '\\'`,
          sql`${graduates.birthMatchKey} like ${folded} escape '\\'`,
          sql`${graduates.email} like ${pattern} escape '\\'`,
          sql`lower(${graduates.schoolId}) like ${pattern} escape '\\'`,
        )
      : undefined,
    query.promotion ? eq(graduates.promotion, query.promotion) : undefined,
    query.link === 'claimed' ? isNotNull(graduates.userId) : query.link === 'unclaimed' ? isNull(graduates.userId) : undefined,
  )
  const total =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(graduates)
      .where(where)
      .get()?.n ?? 0
  const pages = Math.max(1, Math.ceil(total / ROSTER_PAGE_SIZE))
  const page = Math.min(query.page, pages)
  const rows = ctx.db
    .select({
      id: graduates.id,
      lastName: graduates.lastName,
      firstName: graduates.firstName,
      birthName: graduates.birthName,
      promotion: graduates.promotion,
      email: graduates.email,
      schoolId: graduates.schoolId,
      userId: graduates.userId,
      claimedAt: graduates.claimedAt,
      accountFirstName: users.firstName,
      accountLastName: users.lastName,
    })
    .from(graduates)
    .leftJoin(users, eq(users.id, graduates.userId))
    .where(where)
    .orderBy(asc(graduates.matchKey), asc(graduates.id))
    .limit(ROSTER_PAGE_SIZE)
    .offset((page - 1) * ROSTER_PAGE_SIZE)
    .all()
  const diplomas = new Map<number, string[]>()
  if (rows.length > 0)
    for (const d of ctx.db
      .select()
      .from(graduateDiplomas)
      .where(
        inArray(
          graduateDiplomas.graduateId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(sql`rowid`)
      .all())
      diplomas.set(d.graduateId, [...(diplomas.get(d.graduateId) ?? []), d.diploma])
  return {
    total,
    page,
    pages,
    rows: rows.map(({ accountFirstName, accountLastName, ...r }) => ({
      ...r,
      diplomas: diplomas.get(r.id) ?? [],
      account: r.userId && accountFirstName ? `${accountFirstName} ${accountLastName}` : null,
    })),
  }
}

/** The list's size and its promotions, for the filter and the page's heading. */
export function rosterOverview(ctx: AppContext) {
  const totals = ctx.db
    .select({ rows: sql<number>`count(*)`, claimed: sql<number>`count(${graduates.userId})` })
    .from(graduates)
    .get() ?? { rows: 0, claimed: 0 }
  const promotions = ctx.db
    .selectDistinct({ promotion: graduates.promotion })
    .from(graduates)
    .orderBy(sql`${graduates.promotion} desc`)
    .all()
    .map((r) => r.promotion)
  return { ...totals, promotions }
}
