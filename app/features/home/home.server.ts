import { and, countDistinct, eq, isNotNull, sql } from 'drizzle-orm'
import { memberships, profiles } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import type { Viewer } from '~/shared/viewer'
import { isPayingMember } from '~/shared/viewer'
import { myUpcomingEvents, upcomingEventCount, upcomingPublicEvents } from '~/features/events/events.server'
import { unreadGroupSummary } from '~/features/groups/unread-summary.server'
import { recentClassmates } from '~/features/directory/classmates.server'
import { findJobOffers } from '~/features/careers/careers-search.server'
import { listJobAlerts } from '~/features/careers/careers-alerts.server'

const STATS_TTL_MS = 60_000
const NEW_OFFER_DAYS = 7

export interface AssociationNumbers {
  members: number
  promotions: number
  upcomingEvents: number
}

/**
 * The visitors' numbers, read at most once a minute per process: the home page is the page bots
 * and newcomers hit most, and the member count scans every membership. A minute late is fine for
 * « 2 350 membres ». Keyed by the context, so that each test server has its own.
 */
const statsCache = new WeakMap<AppContext, { at: number; value: AssociationNumbers }>()

export function associationNumbers(ctx: AppContext): AssociationNumbers {
  const now = ctx.now().getTime()
  const cached = statsCache.get(ctx)
  if (cached && now - cached.at < STATS_TTL_MS && now >= cached.at) return cached.value
  const row = ctx.db
    .select({ members: sql<number>`count(*)`, promotions: countDistinct(profiles.promotion) })
    .from(memberships)
    .leftJoin(profiles, and(eq(profiles.userId, memberships.userId), isNotNull(profiles.promotion)))
    .where(eq(memberships.status, 'active'))
    .get()
  const value = { members: row?.members ?? 0, promotions: row?.promotions ?? 0, upcomingEvents: upcomingEventCount(ctx) }
  statsCache.set(ctx, { at: now, value })
  return value
}

/** What the home page shows a visitor: the association in numbers and its next public events. */
export function visitorHome(ctx: AppContext) {
  return { numbers: associationNumbers(ctx), events: upcomingPublicEvents(ctx, 3) }
}

/**
 * New open offers of the last week matching any of the member's saved alerts, newest first, each
 * once. Alerts are few (ten at most) and each search is one indexed query.
 */
function offersForAlerts(ctx: AppContext, userId: string, limit: number) {
  const alerts = listJobAlerts(ctx, userId)
  if (alerts.length === 0) return { alerts: 0, offers: [], total: 0 }
  const publishedAfter = new Date(ctx.now().getTime() - NEW_OFFER_DAYS * 86400_000)
  const seen = new Map<number, ReturnType<typeof findJobOffers>['offers'][number]>()
  for (const alert of alerts) for (const offer of findJobOffers(ctx, alert.criteria, { publishedAfter }).offers) seen.set(offer.id, offer)
  const offers = [...seen.values()].sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0))
  return {
    alerts: alerts.length,
    total: offers.length,
    offers: offers.slice(0, limit).map((o) => ({
      id: o.id,
      title: o.title,
      company: o.company,
      contractType: o.contractType,
      city: o.city,
      remote: o.remote,
      publishedAt: o.publishedAt,
    })),
  }
}

/**
 * The logged-in home page, in one call. A registered account (no dues) gets its events and nothing
 * of the members' space: those blocks are null and the page invites them to pay their dues.
 */
export function memberDashboard(ctx: AppContext, viewer: Viewer) {
  const member = isPayingMember(viewer)
  return {
    member,
    events: myUpcomingEvents(ctx, viewer.id, 3),
    publicEvents: member ? [] : upcomingPublicEvents(ctx, 2),
    groups: member ? unreadGroupSummary(ctx, viewer.id) : null,
    offers: member ? offersForAlerts(ctx, viewer.id, 3) : null,
    classmates: member ? recentClassmates(ctx, viewer, { days: 90, limit: 6 }) : null,
  }
}
