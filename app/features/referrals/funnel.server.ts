import { sql } from 'drizzle-orm'
import type { AppContext } from '~/context.server'
import { conversion, type FunnelSort } from '~/features/referrals/schema'

// The webmasters' side of « Recommander ma promotion » (issue #17): how far invitations went —
// sent, joined (an account), paid (dues active now) — per referrer and per promotion.

export const REFERRERS_PER_PAGE = 25

export interface FunnelCounts {
  sent: number
  joined: number
  paid: number
  /** paid ÷ sent, in whole percent. */
  conversion: number
}

export interface ReferrerFunnel extends FunnelCounts {
  /** Null once the referrer's account was erased (the rows stay, detached). */
  referrerId: string | null
  firstName: string | null
  lastName: string | null
  promotion: number | null
}

export interface PromotionFunnel extends FunnelCounts {
  promotion: number | null
}

const counts = sql`count(*) as sent, coalesce(sum(r.joined_at is not null), 0) as joined,
  coalesce(sum(exists (select 1 from memberships m where m.user_id = r.joined_user_id and m.status = 'active')), 0) as paid`

function orderBy(sort: FunnelSort, dir: 'asc' | 'desc') {
  const way = dir === 'asc' ? sql`asc` : sql`desc`
  // Nulls (an erased referrer, no promotion) last whichever way.
  const column = {
    name: sql`lastName is null, lastName collate nocase ${way}, firstName collate nocase ${way}`,
    promotion: sql`promotion is null, promotion ${way}`,
    sent: sql`sent ${way}`,
    joined: sql`joined ${way}`,
    paid: sql`paid ${way}`,
    conversion: sql`(paid * 1.0 / sent) ${way}, sent ${way}`,
  }[sort]
  return sql`${column}, sent desc`
}

const withConversion = <T extends { sent: number; paid: number }>(row: T) => ({ ...row, conversion: conversion(row.paid, row.sent) })

export function funnelTotals(ctx: AppContext): FunnelCounts {
  return withConversion(ctx.db.get<{ sent: number; joined: number; paid: number }>(sql`select ${counts} from referral_invitations r`)!)
}

/** Per referrer, sorted and paginated; `all` for the CSV. */
export function funnelByReferrer(
  ctx: AppContext,
  options: { sort: FunnelSort; dir: 'asc' | 'desc'; page: number } | { sort: FunnelSort; dir: 'asc' | 'desc'; all: true },
) {
  const total = ctx.db.get<{ n: number }>(sql`select count(distinct coalesce(referrer_id, '')) as n from referral_invitations`)!.n
  const pages = Math.max(1, Math.ceil(total / REFERRERS_PER_PAGE))
  const page = 'all' in options ? 1 : Math.min(options.page, pages)
  const limit = 'all' in options ? sql`` : sql`limit ${REFERRERS_PER_PAGE} offset ${(page - 1) * REFERRERS_PER_PAGE}`
  const rows = ctx.db.all<Omit<ReferrerFunnel, 'conversion'>>(sql`
    select r.referrer_id as referrerId, u.first_name as firstName, u.last_name as lastName,
      (select p.promotion from profiles p where p.user_id = r.referrer_id) as promotion, ${counts}
    from referral_invitations r left join users u on u.id = r.referrer_id
    group by r.referrer_id
    order by ${orderBy(options.sort, options.dir)} ${limit}`)
  return { rows: rows.map(withConversion), total, page, pages }
}

/** Per promotion of the referrer when they sent (a member who changes promotion later moves nothing). */
export function funnelByPromotion(ctx: AppContext, options: { sort: FunnelSort; dir: 'asc' | 'desc' }): PromotionFunnel[] {
  const sort = options.sort === 'name' ? 'promotion' : options.sort
  return ctx.db
    .all<Omit<PromotionFunnel, 'conversion'>>(
      sql`select r.promotion as promotion, ${counts} from referral_invitations r group by r.promotion order by ${orderBy(sort, options.dir)}`,
    )
    .map(withConversion)
}
