/** Limits shared by both engines (kept apart from index.ts so that engines never import it for values). */
export const DEFAULT_PER_PAGE = 20
export const MAX_PER_PAGE = 100
/** The map gets at most this many points. */
export const MAX_POINTS = 10_000
/** Values per facet in `facets`, most frequent first. */
export const MAX_VALUES_PER_FACET = 100
