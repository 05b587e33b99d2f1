import { and, desc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm'
import { type Db, preparedOnce } from '../../../db/client'
import { jobOffers, STUDENT_CONTRACT_TYPES, type JobAlertCriteria } from '../../../db/schema'
import { distanceKm } from '../../../search/geo'
import type { JobSearch } from '~/features/careers/schema'
import { notHeldSql } from '~/features/moderation/holds.server'
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
  const now = ctx.now().getTime()
  const values: Record<string, string | number> = { now }
  const contracts = criteria.contract?.length ? criteria.contract : criteria.door === 'etudiant' ? [...STUDENT_CONTRACT_TYPES] : []
  if (contracts.length) values.contracts = JSON.stringify(contracts)
  if (criteria.remote) values.remote = criteria.remote
  if (criteria.sector) values.sector = criteria.sector
  if (criteria.experience) values.experience = criteria.experience
  if (criteria.since) values.since = now - criteria.since * DAY_MS
  if (options.publishedAfter) values.publishedAfter = options.publishedAfter.getTime()
  if (options.publishedBefore) values.publishedBefore = options.publishedBefore.getTime()
  const terms = foldText(criteria.q ?? '')
    .split(' ')
    .filter(Boolean)
    .slice(0, 8)
  terms.forEach((term, i) => (values[`term${i}`] = likeTerm(term)))
  const center = criteria.city ? ctx.gazetteer.lookup(criteria.city) : null
  const radius = criteria.radius ?? 50
  let box: OfferShape['box'] = null
  if (center) {
    const dLat = radius / KM_PER_DEGREE
    const dLng = radius / (KM_PER_DEGREE * Math.max(0.01, Math.cos((center.lat * Math.PI) / 180)))
    Object.assign(values, { latFrom: center.lat - dLat, latTo: center.lat + dLat })
    box = 'latitude'
    if (dLng < 180) {
      Object.assign(values, { lngFrom: center.lng - dLng, lngTo: center.lng + dLng })
      box = 'both'
    }
  }
  const shape: OfferShape = {
    contracts: 'contracts' in values,
    remote: 'remote' in values,
    sector: 'sector' in values,
    experience: 'experience' in values,
    since: 'since' in values,
    publishedAfter: 'publishedAfter' in values,
    publishedBefore: 'publishedBefore' in values,
    terms: terms.length,
    box,
  }
  const rows = offerStatement(ctx.db, shape).all(values)
  const offers = center ? rows.filter((r) => distanceKm(center, { lat: r.latitude, lng: r.longitude }) <= radius) : rows
  return { offers, placeUnknown: Boolean(criteria.city && !center) }
}

/** Which criteria a search has (each combination is its own SQL): their values are placeholders. */
interface OfferShape {
  contracts: boolean
  remote: boolean
  sector: boolean
  experience: boolean
  since: boolean
  publishedAfter: boolean
  publishedBefore: boolean
  /** How many words of full text (at most 8). */
  terms: number
  /** The radius' bounding box: none, latitudes only (near a pole), or both. */
  box: null | 'latitude' | 'both'
}

// The search page and the home page's alerts run a search on every visit: each combination of
// criteria asked is prepared once per connection (the last 200 kept; most visits have none or one).
const offerStatements = preparedOnce(() => new Map<string, ReturnType<typeof prepareOffers>>())
const KEPT_SHAPES = 200

function offerStatement(db: Db, shape: OfferShape) {
  const key = JSON.stringify(shape)
  const statements = offerStatements(db)
  let prepared = statements.get(key)
  if (!prepared) {
    if (statements.size >= KEPT_SHAPES) statements.delete(statements.keys().next().value!)
    statements.set(key, (prepared = prepareOffers(db, shape)))
  }
  return prepared
}

function prepareOffers(db: Db, shape: OfferShape) {
  // Published, not expired, not held for review after reports (neither listed nor sent in alerts).
  const open = and(eq(jobOffers.status, 'published'), sql`${jobOffers.expiresAt} > ${sql.placeholder('now')}`, notHeldSql('offer', jobOffers.id))!
  const where: SQL[] = [open]
  if (shape.contracts) where.push(sql`${jobOffers.contractType} in (select value from json_each(${sql.placeholder('contracts')}))`)
  if (shape.remote) where.push(eq(jobOffers.remote, sql.placeholder('remote')))
  if (shape.sector) where.push(eq(jobOffers.sector, sql.placeholder('sector')))
  if (shape.experience) where.push(eq(jobOffers.experience, sql.placeholder('experience')))
  if (shape.since) where.push(gte(jobOffers.publishedAt, sql.placeholder('since')))
  if (shape.publishedAfter) where.push(gt(jobOffers.publishedAt, sql.placeholder('publishedAfter')))
  if (shape.publishedBefore) where.push(lte(jobOffers.publishedAt, sql.placeholder('publishedBefore')))
  for (let i = 0; i < shape.terms; i++) where.push(sql`${jobOffers.searchText} like ${sql.placeholder(`term${i}`)} escape '\\'`)
  if (shape.box) where.push(sql`${jobOffers.latitude} between ${sql.placeholder('latFrom')} and ${sql.placeholder('latTo')}`)
  if (shape.box === 'both') where.push(sql`${jobOffers.longitude} between ${sql.placeholder('lngFrom')} and ${sql.placeholder('lngTo')}`)
  return db
    .select(listed)
    .from(jobOffers)
    .where(and(...where))
    .orderBy(desc(jobOffers.publishedAt), desc(jobOffers.id))
    .prepare()
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
