import { and, eq, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import { loginEvents, memberships, profiles, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { photoShownSql, type ProfileViewer } from '~/features/directory/profiles.server'
import { MEMBERS_PER_PAGE, type MemberFilters } from '~/features/admin/schema'
import { zonedToUtc } from '~/shared/zoned-time'

// /admin/membres and its CSV (issue #17): every account but the pseudonyms of erased members,
// filtered in SQL. The last log-in is read per row from login_events' (user_id, at) index.
//
// SQLite compares bytes (« Étienne » after « Zola ») and has no French collation without ICU:
// the list is sorted here, with Intl.Collator for names, over the matching ids and sort keys
// (2,450 of them in a few milliseconds); then the page's 50 rows are read by id.

const lastLogin = sql<number | null>`(select max(${loginEvents.at}) from ${loginEvents} where ${loginEvents.userId} = ${users.id})`

const escapeLike = (text: string) => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`

function whereOf(filters: MemberFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [ne(users.status, 'erased')]
  // Each word of the search in the last name, first name or address: « camille martin » finds her.
  for (const word of (filters.q ?? '').split(/\s+/).filter(Boolean).slice(0, 5)) {
    const pattern = escapeLike(word)
    conditions.push(
      or(
        sql`${users.lastName} like ${pattern} escape '\\'`,
        sql`${users.firstName} like ${pattern} escape '\\'`,
        sql`${users.email} like ${pattern} escape '\\'`,
      ),
    )
  }
  if (filters.categorie === 'none') conditions.push(sql`${memberships.userId} is null`)
  else if (filters.categorie) conditions.push(eq(memberships.kind, filters.categorie))
  if (filters.cotisation === 'active') conditions.push(eq(memberships.status, 'active'))
  else if (filters.cotisation === 'none') conditions.push(sql`(${memberships.status} is null or ${memberships.status} <> 'active')`)
  if (filters.promo_min !== undefined) conditions.push(gte(profiles.promotion, filters.promo_min))
  if (filters.promo_max !== undefined) conditions.push(lte(profiles.promotion, filters.promo_max))
  if (filters.statut) conditions.push(eq(users.status, filters.statut))
  if (filters.role) conditions.push(eq(users.role, filters.role))
  if (filters.connecte_depuis) {
    const since = zonedToUtc(`${filters.connecte_depuis}T00:00`, 'Europe/Paris')!
    conditions.push(sql`exists (select 1 from ${loginEvents} where ${loginEvents.userId} = ${users.id} and ${loginEvents.at} >= ${since.getTime()})`)
  }
  return and(...conditions)
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true })

interface SortKeys {
  id: string
  lastName: string
  firstName: string
  promotion: number | null
  createdAt: Date
  lastLoginAt: number | null
}

function byName(a: SortKeys, b: SortKeys) {
  return collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/**
 * The order of the list: the chosen column either way, unknown promotions and never-seen
 * accounts last whichever the direction, then by name from A to Z.
 */
function comparator(filters: MemberFilters): (a: SortKeys, b: SortKeys) => number {
  const sign = filters.ordre === 'desc' ? -1 : 1
  const nullsLast = (x: number | null, y: number | null) => (x === null ? (y === null ? 0 : 1) : y === null ? -1 : sign * (x - y))
  switch (filters.tri) {
    case 'promotion':
      return (a, b) => nullsLast(a.promotion, b.promotion) || byName(a, b)
    case 'inscription':
      return (a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime()) || byName(a, b)
    case 'connexion':
      return (a, b) => nullsLast(a.lastLoginAt, b.lastLoginAt) || byName(a, b)
    default:
      return (a, b) => sign * byName(a, b)
  }
}

/** What the list, its CSV and a member's page read of an account (from users, memberships and profiles joined). */
export const accountColumns = {
  id: users.id,
  firstName: users.firstName,
  lastName: users.lastName,
  birthName: users.birthName,
  email: users.email,
  role: users.role,
  status: users.status,
  createdAt: users.createdAt,
  kind: memberships.kind,
  membershipStatus: memberships.status,
  activatedAt: memberships.activatedAt,
  promotion: profiles.promotion,
  diploma: profiles.diploma,
}

function selectMembers(ctx: AppContext, where: SQL | undefined, viewer: ProfileViewer | null) {
  return ctx.db
    .select({
      ...accountColumns,
      lastLoginAt: sql<number | null>`${lastLogin}`.mapWith((v: number | null) => (v === null ? null : new Date(Number(v)))),
      photo: viewer ? photoShownSql(users.id, viewer) : sql<boolean>`0`.mapWith(Boolean),
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(where)
}

export type MemberRow = Awaited<ReturnType<ReturnType<typeof selectMembers>['all']>>[number]

/** The matching ids, in the list's order. */
function orderedIds(ctx: AppContext, filters: MemberFilters): string[] {
  return ctx.db
    .select({
      id: users.id,
      lastName: users.lastName,
      firstName: users.firstName,
      promotion: profiles.promotion,
      createdAt: users.createdAt,
      lastLoginAt: filters.tri === 'connexion' ? lastLogin : sql<null>`null`,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(whereOf(filters))
    .all()
    .sort(comparator(filters))
    .map((r) => r.id)
}

function inOrderOf<T extends { id: string }>(rows: T[], ids: string[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined)
}

/** One page of the list (50), with how many accounts match in all. */
export function listMembers(ctx: AppContext, filters: MemberFilters, viewer: ProfileViewer) {
  const ids = orderedIds(ctx, filters)
  const offset = (filters.page - 1) * MEMBERS_PER_PAGE
  const page = ids.slice(offset, offset + MEMBERS_PER_PAGE)
  const rows = page.length > 0 ? inOrderOf(selectMembers(ctx, inArray(users.id, page), viewer).all(), page) : []
  return { rows, total: ids.length, pages: Math.max(1, Math.ceil(ids.length / MEMBERS_PER_PAGE)) }
}

/** Every matching account, in the list's order, for the CSV. */
export function allMembers(ctx: AppContext, filters: MemberFilters) {
  return inOrderOf(selectMembers(ctx, whereOf(filters), null).all(), orderedIds(ctx, filters))
}
