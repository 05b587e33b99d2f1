import { and, eq, inArray, sql } from 'drizzle-orm'
import { memberships, profiles, users } from '../../../db/schema'
import type { MemberDocument, SearchQuery } from '../../../search'
import { type Db, preparedOnce } from '../../../db/client'
import type { AppContext } from '~/context.server'
import { PER_PAGE, promotionFilter, readDirectoryState, toSearchQuery } from '~/features/directory/query'
import { promotionRange } from '~/features/directory/schema'

/**
 * Who is in the directory: active accounts with active dues who did not leave it. Only the fields
 * below are indexed — contact details, bio and photo never are.
 */
function listedMembers(db: Db, userIds?: string[]) {
  return db
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      promotion: profiles.promotion,
      diploma: profiles.diploma,
      company: profiles.company,
      jobTitle: profiles.jobTitle,
      city: profiles.city,
      country: profiles.country,
      latitude: profiles.latitude,
      longitude: profiles.longitude,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(and(eq(users.status, 'active'), eq(memberships.status, 'active'), eq(profiles.inDirectory, true), userIds ? inArray(users.id, userIds) : undefined))
    .all()
}

function toDocument(row: ReturnType<typeof listedMembers>[number]): MemberDocument {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    promotion: row.promotion,
    diploma: row.diploma,
    company: row.company,
    jobTitle: row.jobTitle,
    city: row.city,
    country: row.country,
    _geo: row.latitude != null && row.longitude != null ? { lat: row.latitude, lng: row.longitude } : null,
  }
}

/** Puts one member in the index, or takes them out, according to the database. */
export async function syncMember(ctx: AppContext, userId: string) {
  const [row] = listedMembers(ctx.db, [userId])
  if (row) await ctx.search.upsert([toDocument(row)])
  else await ctx.search.remove([userId])
}

/** Rebuilds the whole index from the database (at start for the embedded engine, and `npm run search:reindex`). */
export async function reindexDirectory(ctx: Pick<AppContext, 'db' | 'search'>): Promise<number> {
  const documents = listedMembers(ctx.db).map(toDocument)
  await ctx.search.reindex(documents)
  return documents.length
}

export interface DirectoryHit extends MemberDocument {
  photo: boolean
}

/** Runs a search and adds what the cards need beyond the index (whether there is a photo). */
export async function searchDirectory(ctx: AppContext, query: SearchQuery & { includePoints?: boolean }) {
  const result = await ctx.search.search(query)
  const ids = result.hits.map((h) => h.id)
  const withPhoto = new Set(
    ids.length
      ? photosStatement(ctx.db)
          .all({ ids: JSON.stringify(ids) })
          .filter((p) => p.photo)
          .map((p) => p.id)
      : [],
  )
  return { ...result, hits: result.hits.map((h): DirectoryHit => ({ ...h, photo: withPhoto.has(h.id) })) }
}

// The page's photos, on every search: prepared once per connection, its ids given as one JSON array.
const photosStatement = preparedOnce((db) =>
  db
    .select({ id: profiles.userId, photo: profiles.photo })
    .from(profiles)
    .where(sql`${profiles.userId} in (select value from json_each(${sql.placeholder('ids')}))`)
    .prepare(),
)

/** The directory page and its JSON endpoint share this: URL parameters in, results out. */
/** `points`: also every placed match for a map (`/api/annuaire?points=1`); the page's own map asks /api/annuaire/carte. */
export async function directoryFromUrl(ctx: AppContext, params: URLSearchParams, options: { points?: boolean } = {}) {
  const state = readDirectoryState(params)
  const promotions = promotionRange(ctx.now())
  let nearUnknown = false
  const query = toSearchQuery(
    state,
    (city) => {
      const place = ctx.gazetteer.lookup(city)
      nearUnknown = !place
      return place
    },
    promotions,
  )
  const result = await searchDirectory(ctx, { ...query, includePoints: options.points ?? false })
  return {
    state,
    nearUnknown,
    promotionInvalid: promotionFilter(state.promo, promotions) === false,
    promotions,
    total: result.total,
    page: result.page,
    pages: Math.max(1, Math.ceil(result.total / PER_PAGE)),
    hits: result.hits,
    facets: result.facets,
    // Compact for the map: every matching member with coordinates, as [id, lat, lng].
    points: (result.points ?? []).map((p): [string, number, number] => [p.id, p.lat, p.lng]),
  }
}

/** What the map's card shows for one member (only listed members). */
export function memberCard(ctx: AppContext, memberId: string) {
  const [row] = listedMembers(ctx.db, [memberId])
  if (!row) return null
  const photo = !!ctx.db.select({ photo: profiles.photo }).from(profiles).where(eq(profiles.userId, memberId)).get()?.photo
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    promotion: row.promotion,
    company: row.company,
    jobTitle: row.jobTitle,
    city: row.city,
    photo,
  }
}
