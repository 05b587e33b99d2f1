/** Limits shared by both engines (kept apart from index.ts so that engines never import it for values). */
export const DEFAULT_PER_PAGE = 20
export const MAX_PER_PAGE = 100
/** The points a search returns by default (`/api/annuaire?points=1`). */
export const MAX_POINTS = 10_000
/** The most a search may return when asked (`pointsLimit`): the server-side clustered map takes them all. */
export const MAX_MAP_POINTS = 100_000
/** Values per facet in `facets`, most frequent first. */
export const MAX_VALUES_PER_FACET = 100

/** How many points a query may have: `pointsLimit` within 1…MAX_MAP_POINTS, else MAX_POINTS. */
export function pointsCap(query: { pointsLimit?: number }): number {
  const asked = Math.floor(query.pointsLimit ?? MAX_POINTS)
  return Number.isFinite(asked) ? Math.min(MAX_MAP_POINTS, Math.max(1, asked)) : MAX_POINTS
}
