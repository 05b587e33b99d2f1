import { and, desc, eq, gt, gte, inArray, lte, sql, type SQL } from 'drizzle-orm'
import { jobOffers, STUDENT_CONTRACT_TYPES, type JobAlertCriteria } from '../../../db/schema'
import { distanceKm } from '../../../search/geo'
import type { JobSearch } from '~/features/careers/schema'
import { openOfferCondition } from '~/features/careers/careers.server'
import type { AppContext } from '~/context.server'
import { normalizePlace as foldText } from '~/shared/gazetteer.server'

export const OFFERS_PER_PAGE = 20
const DAY_MS = 24 * 60 * 60_000
const KM_PER_DEGREE = 111.2

const listed = {
  id: jobOffers.id,
  title: jobOffers.title,
  company: jobOffers.company,
  contractType: jobOffers.contractType,
  sector: jobOffers.sector,
  city: jobOffers.city,
  country: jobOffers.country,
  latitude: jobOffers.latitude,
  longitude: jobOffers.longitude,
  remote: jobOffers.remote,
  experience: jobOffers.experience,
  publishedAt: jobOffers.publishedAt,
  deadline: jobOffers.deadline,
}

/** `%` and `_` typed by a reader are letters, not wildcards. */
const likeTerm = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Open offers matching the criteria, newest first. Full text is a normalized LIKE (lower case,
 * no accents) over title, company, city, description and profile, every word required; the radius
 * is a bounding box in SQL, then the haversine distance from the gazetteer's coordinates.
 */
export function findJobOffers(
  ctx: AppContext,
  criteria: JobAlertCriteria & { since?: number },
  options: { publishedAfter?: Date; publishedBefore?: Date } = {},
) {
  const now = ctx.now()
  const where: (SQL | undefined)[] = [openOfferCondition(now)]
  const contracts = criteria.contract?.length ? criteria.contract : criteria.door === 'etudiant' ? [...STUDENT_CONTRACT_TYPES] : []
  if (contracts.length) where.push(inArray(jobOffers.contractType, contracts as (typeof STUDENT_CONTRACT_TYPES)[number][]))
  if (criteria.remote) where.push(eq(jobOffers.remote, criteria.remote as 'remote'))
  if (criteria.sector) where.push(eq(jobOffers.sector, criteria.sector as 'other'))
  if (criteria.experience) where.push(eq(jobOffers.experience, criteria.experience as 'junior'))
  if (criteria.since) where.push(gte(jobOffers.publishedAt, new Date(now.getTime() - criteria.since * DAY_MS)))
  if (options.publishedAfter) where.push(gt(jobOffers.publishedAt, options.publishedAfter))
  if (options.publishedBefore) where.push(lte(jobOffers.publishedAt, options.publishedBefore))
  for (const term of foldText(criteria.q ?? '')
    .split(' ')
    .filter(Boolean)
    .slice(0, 8)) {
    where.push(sql`${jobOffers.searchText} like ${likeTerm(term)} escape '\\'`)
  }
  const center = criteria.city ? ctx.gazetteer.lookup(criteria.city) : null
  const radius = criteria.radius ?? 50
  if (center) {
    const dLat = radius / KM_PER_DEGREE
    const dLng = radius / (KM_PER_DEGREE * Math.max(0.01, Math.cos((center.lat * Math.PI) / 180)))
    where.push(sql`${jobOffers.latitude} between ${center.lat - dLat} and ${center.lat + dLat}`)
    if (dLng < 180) where.push(sql`${jobOffers.longitude} between ${center.lng - dLng} and ${center.lng + dLng}`)
  }
  const rows = ctx.db
    .select(listed)
    .from(jobOffers)
    .where(and(...where))
    .orderBy(desc(jobOffers.publishedAt), desc(jobOffers.id))
    .all()
  const offers = center ? rows.filter((r) => distanceKm(center, { lat: r.latitude, lng: r.longitude }) <= radius) : rows
  return { offers, placeUnknown: Boolean(criteria.city && !center) }
}

/** One page of the search page's results. */
export function searchJobOffers(ctx: AppContext, search: JobSearch) {
  const { offers, placeUnknown } = findJobOffers(ctx, search)
  const pages = Math.max(1, Math.ceil(offers.length / OFFERS_PER_PAGE))
  const page = Math.min(search.page, pages)
  return {
    total: offers.length,
    page,
    pages,
    placeUnknown,
    offers: offers.slice((page - 1) * OFFERS_PER_PAGE, page * OFFERS_PER_PAGE).map(({ latitude: _lat, longitude: _lng, ...o }) => o),
  }
}
