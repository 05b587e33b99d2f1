import { and, asc, eq, gte, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { eventRegistrations, events, graduates, jobOffers, memberships, payments, profiles, studentProofs, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import type { Translate } from '~/i18n'
import { openTargetCount } from '~/features/moderation/desk.server'
import type { DashboardFigure } from '~/features/admin/schema'
import { utcToZonedInput, zonedToUtc } from '~/shared/zoned-time'

// The back office's overview (issue #17): each figure is one aggregate query over the tables as
// they are (no counters kept aside), so it is never out of step with the rest of the site. On the
// demo's 2,450 accounts and 1,500 roster rows the five figures together take a few milliseconds.

const TIME_ZONE = 'Europe/Paris'
const MONTHS = 12
const PAST_EVENT_MONTHS = 6

function countOf(ctx: Pick<AppContext, 'db'>, table: SQLiteTable, where: SQL): number {
  return (
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(table)
      .where(where)
      .get()?.n ?? 0
  )
}

export interface PromotionMembers {
  /** Null: accounts whose promotion is not known. */
  promotion: number | null
  alumni: number
  students: number
  registered: number
}

/** Accounts in use (not deactivated, not erased) by category, and by promotion. */
export function membersFigure(ctx: Pick<AppContext, 'db'>) {
  const active = sql`${memberships.status} = 'active'`
  const rows = ctx.db
    .select({
      promotion: profiles.promotion,
      alumni: sql<number>`coalesce(sum(case when ${active} and ${memberships.kind} = 'alumni' then 1 else 0 end), 0)`,
      students: sql<number>`coalesce(sum(case when ${active} and ${memberships.kind} = 'student' then 1 else 0 end), 0)`,
      registered: sql<number>`coalesce(sum(case when ${memberships.status} is null or ${memberships.status} <> 'active' then 1 else 0 end), 0)`,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.status, 'active'))
    .groupBy(profiles.promotion)
    .orderBy(sql`${profiles.promotion} is null`, asc(profiles.promotion))
    .all()
  const deactivated = countOf(ctx, users, eq(users.status, 'deactivated'))
  const totals = rows.reduce((sum, r) => ({ alumni: sum.alumni + r.alumni, students: sum.students + r.students, registered: sum.registered + r.registered }), {
    alumni: 0,
    students: 0,
    registered: 0,
  })
  return { totals: { ...totals, deactivated }, byPromotion: rows as PromotionMembers[] }
}

export interface PromotionActivation {
  promotion: number
  /** Graduates of the school's list. */
  rows: number
  /** … whose row an account claimed. */
  claimed: number
  /** … whose account has paid its dues. */
  paid: number
}

/** The roster's activation per promotion: imported → account → dues paid. */
export function activationFigure(ctx: Pick<AppContext, 'db'>) {
  const byPromotion = ctx.db
    .select({
      promotion: graduates.promotion,
      rows: sql<number>`count(*)`,
      claimed: sql<number>`count(${graduates.userId})`,
      paid: sql<number>`coalesce(sum(case when ${memberships.status} = 'active' then 1 else 0 end), 0)`,
    })
    .from(graduates)
    .leftJoin(memberships, eq(memberships.userId, graduates.userId))
    .groupBy(graduates.promotion)
    .orderBy(asc(graduates.promotion))
    .all() as PromotionActivation[]
  const totals = byPromotion.reduce((sum, r) => ({ rows: sum.rows + r.rows, claimed: sum.claimed + r.claimed, paid: sum.paid + r.paid }), {
    rows: 0,
    claimed: 0,
    paid: 0,
  })
  return { totals, byPromotion }
}

/** « 2026-11 »: the month an instant falls in, in Paris. */
export function parisMonth(instant: Date): string {
  return utcToZonedInput(instant, TIME_ZONE).slice(0, 7)
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + by
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** The twelve months up to this one, oldest first, with the instants they start at (Paris midnight on the 1st) and the end. */
function lastMonths(now: Date) {
  const current = parisMonth(now)
  const months = Array.from({ length: MONTHS }, (_, i) => shiftMonth(current, i - (MONTHS - 1)))
  const bounds = [...months, shiftMonth(current, 1)].map((month) => zonedToUtc(`${month}-01T00:00`, TIME_ZONE)!.getTime())
  return { months, bounds }
}

/** Which of the months an instant column falls in (0 … 11), in SQL: the bounds are Paris midnights, summer time included. */
function monthBucket(column: SQLWrapper, bounds: number[]): SQL<number> {
  const cases = bounds.slice(1).map((bound, i) => sql`when ${column} < ${bound} then ${i}`)
  return sql<number>`case ${sql.join(cases, sql` `)} end`
}

export interface MonthDues {
  month: string
  payments: number
  cents: number
  /** Memberships that began that month (dues paid online, offline, or recorded before payments were). */
  memberships: number
}

/** Dues received (paid payments, in euros) and memberships begun, month by month over the last twelve. */
export function duesFigure(ctx: Pick<AppContext, 'db' | 'now'>) {
  const { months, bounds } = lastMonths(ctx.now())
  const [start, end] = [bounds[0], bounds[bounds.length - 1]]
  const paidBucket = monthBucket(payments.paidAt, bounds)
  const paid = ctx.db
    .select({ bucket: paidBucket, payments: sql<number>`count(*)`, cents: sql<number>`sum(${payments.amountCents})` })
    .from(payments)
    .where(and(eq(payments.status, 'paid'), sql`${payments.paidAt} >= ${start} and ${payments.paidAt} < ${end}`))
    .groupBy(paidBucket)
    .all()
  const joinedBucket = monthBucket(memberships.activatedAt, bounds)
  const joined = ctx.db
    .select({ bucket: joinedBucket, n: sql<number>`count(*)` })
    .from(memberships)
    .where(sql`${memberships.activatedAt} >= ${start} and ${memberships.activatedAt} < ${end}`)
    .groupBy(joinedBucket)
    .all()
  const rows: MonthDues[] = months.map((month) => ({ month, payments: 0, cents: 0, memberships: 0 }))
  for (const p of paid) Object.assign(rows[p.bucket]!, { payments: p.payments, cents: p.cents })
  for (const j of joined) rows[j.bucket]!.memberships = j.n
  return {
    months: rows,
    totalCents: rows.reduce((sum, r) => sum + r.cents, 0),
    totalPayments: rows.reduce((sum, r) => sum + r.payments, 0),
    totalMemberships: rows.reduce((sum, r) => sum + r.memberships, 0),
  }
}

export interface EventFigure {
  id: number
  title: string
  startsAt: Date
  cancelled: boolean
  capacity: number | null
  /** Places confirmed (registrants and their guests). */
  registered: number
  waitlisted: number
  /** Places of the registrations checked in at the desk. */
  present: number
}

/** Events to come, and those of the last six months with their attendance. */
export function eventsFigure(ctx: Pick<AppContext, 'db' | 'now'>) {
  const now = ctx.now()
  const since = new Date(now.getTime())
  since.setUTCMonth(since.getUTCMonth() - PAST_EVENT_MONTHS)
  const r = eventRegistrations
  const rows = ctx.db
    .select({
      id: events.id,
      title: events.title,
      startsAt: events.startsAt,
      status: events.status,
      capacity: events.capacity,
      registered: sql<number>`coalesce(sum(case when ${r.status} = 'confirmed' then ${r.places} else 0 end), 0)`,
      waitlisted: sql<number>`coalesce(sum(case when ${r.status} = 'waitlisted' then ${r.places} else 0 end), 0)`,
      present: sql<number>`coalesce(sum(case when ${r.status} = 'confirmed' and ${r.checkedInAt} is not null then ${r.places} else 0 end), 0)`,
    })
    .from(events)
    .leftJoin(r, eq(r.eventId, events.id))
    .where(gte(events.startsAt, since))
    .groupBy(events.id)
    .orderBy(asc(events.startsAt), asc(events.id))
    .all()
    .map(({ status, ...e }): EventFigure => ({ ...e, cancelled: status === 'cancelled' }))
  return { upcoming: rows.filter((e) => e.startsAt >= now), past: rows.filter((e) => e.startsAt < now).reverse() }
}

/** What waits for a webmaster: reported content and members, offers to approve, students' proofs to check. */
export function pendingFigure(ctx: Pick<AppContext, 'db'>) {
  const offers = countOf(ctx, jobOffers, eq(jobOffers.status, 'pending'))
  const proofs = countOf(ctx, studentProofs, eq(studentProofs.status, 'pending'))
  return [
    { kind: 'reports', count: openTargetCount(ctx), href: '/admin/moderation' },
    { kind: 'offers', count: offers, href: '/admin/offres' },
    { kind: 'proofs', count: proofs, href: '/admin/cotisations' },
  ] as const
}

/** Everything /admin shows. */
export function dashboard(ctx: Pick<AppContext, 'db' | 'now'>) {
  return { members: membersFigure(ctx), activation: activationFigure(ctx), dues: duesFigure(ctx), events: eventsFigure(ctx), pending: pendingFigure(ctx) }
}
export type Dashboard = ReturnType<typeof dashboard>

/** A share as the CSV writes it: « 42,5 » (per cent, one decimal, French comma). */
function percent(part: number, whole: number): string {
  return whole === 0 ? '' : ((part / whole) * 100).toFixed(1).replace('.', ',')
}

const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',')

/** Spreadsheet-friendly local time: « 2026-12-04 19:00 », in Paris. */
const localTime = (d: Date) => utcToZonedInput(d, TIME_ZONE).replace('T', ' ')

/**
 * One figure as a table for its CSV: the same numbers the page draws, with translated headers.
 * `baseUrl` makes the links of « À traiter » absolute, so they open from a spreadsheet.
 */
export function figureTable(
  ctx: Pick<AppContext, 'db' | 'now'>,
  figure: DashboardFigure,
  t: Translate,
  baseUrl: string,
): { header: string[]; rows: (string | number | null)[][] } {
  switch (figure) {
    case 'membres': {
      const { byPromotion } = membersFigure(ctx)
      return {
        header: [t('admin.dashboard.col.promotion'), t('admin.dashboard.col.alumni'), t('admin.dashboard.col.students'), t('admin.dashboard.col.registered')],
        rows: byPromotion.map((r) => [r.promotion ?? t('admin.dashboard.noPromotion'), r.alumni, r.students, r.registered]),
      }
    }
    case 'activation': {
      const { byPromotion } = activationFigure(ctx)
      return {
        header: [
          t('admin.dashboard.col.promotion'),
          t('admin.dashboard.col.rosterRows'),
          t('admin.dashboard.col.claimed'),
          t('admin.dashboard.col.paid'),
          t('admin.dashboard.col.activationRate'),
        ],
        rows: byPromotion.map((r) => [r.promotion, r.rows, r.claimed, r.paid, percent(r.paid, r.rows)]),
      }
    }
    case 'cotisations': {
      const { months } = duesFigure(ctx)
      return {
        header: [t('admin.dashboard.col.month'), t('admin.dashboard.col.payments'), t('admin.dashboard.col.amount'), t('admin.dashboard.col.newMembers')],
        rows: months.map((m) => [m.month, m.payments, euros(m.cents), m.memberships]),
      }
    }
    case 'evenements': {
      const { upcoming, past } = eventsFigure(ctx)
      return {
        header: [
          t('admin.dashboard.col.event'),
          t('admin.dashboard.col.startsAt'),
          t('admin.dashboard.col.when'),
          t('admin.dashboard.col.eventStatus'),
          t('admin.dashboard.col.capacity'),
          t('admin.dashboard.col.registeredPlaces'),
          t('admin.dashboard.col.waitlisted'),
          t('admin.dashboard.col.present'),
          t('admin.dashboard.col.attendanceRate'),
        ],
        rows: [...past.slice().reverse(), ...upcoming].map((e) => [
          e.title,
          localTime(e.startsAt),
          t(upcoming.includes(e) ? 'admin.dashboard.events.upcoming' : 'admin.dashboard.events.past'),
          t(e.cancelled ? 'admin.dashboard.events.cancelled' : 'admin.dashboard.events.published'),
          e.capacity,
          e.registered,
          e.waitlisted,
          upcoming.includes(e) ? null : e.present,
          upcoming.includes(e) ? null : percent(e.present, e.registered),
        ]),
      }
    }
    case 'a-traiter':
      return {
        header: [t('admin.dashboard.col.pendingKind'), t('admin.dashboard.col.count'), t('admin.dashboard.col.link')],
        rows: pendingFigure(ctx).map((p) => [t(`admin.dashboard.pending.${p.kind}`), p.count, new URL(p.href, baseUrl).toString()]),
      }
  }
}
