import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { toCsv } from '~/features/events/event-files.server'
import { funnelByPromotion, funnelByReferrer } from '~/features/referrals/funnel.server'
import { funnelQuery } from '~/features/referrals/schema'
import { translator } from '~/i18n'

/** The funnel of recommendations for a spreadsheet, in the page's view and order: UTF-8 with BOM, semicolons, formula cells neutralised. */
export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const t = translator(context.locale)
  const query = funnelQuery(new URL(request.url).searchParams)
  const counts = ['referrals.admin.col.sent', 'referrals.admin.col.joined', 'referrals.admin.col.paid', 'referrals.csv.conversion'] as const
  const csv =
    query.view === 'promotions'
      ? toCsv(
          ['referrals.admin.col.promotion' as const, ...counts].map((k) => t(k)),
          funnelByPromotion(context.app, query).map((p) => [p.promotion ?? t('referrals.admin.noPromotion'), p.sent, p.joined, p.paid, p.conversion]),
        )
      : toCsv(
          ['referrals.csv.lastName' as const, 'referrals.csv.firstName' as const, 'referrals.admin.col.promotion' as const, ...counts].map((k) => t(k)),
          funnelByReferrer(context.app, { ...query, all: true }).rows.map((r) => [
            r.referrerId && r.lastName !== null ? r.lastName : t('referrals.admin.formerMember'),
            r.referrerId ? r.firstName : '',
            r.promotion,
            r.sent,
            r.joined,
            r.paid,
            r.conversion,
          ]),
        )
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="recommandations-${query.view}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
