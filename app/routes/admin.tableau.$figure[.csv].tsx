import type { LoaderFunctionArgs } from '@remix-run/node'
import { translator } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { figureTable } from '~/features/admin/dashboard.server'
import { isDashboardFigure } from '~/features/admin/schema'
import { toCsv } from '~/features/events/event-files.server'
import { baseUrl } from '~/shared/http.server'

/**
 * /admin/tableau/<figure>.csv: one figure of the dashboard for a spreadsheet, the same numbers as
 * the page. `toCsv` writes UTF-8 with a BOM and semicolons (what French Excel opens as columns)
 * and neutralises cells a spreadsheet would run as formulas. An unknown figure is a 404.
 */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const figure = params.figure ?? ''
  const t = translator(context.locale)
  if (!isDashboardFigure(figure))
    throw new Response(t('admin.dashboard.figureNotFound'), { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const { header, rows } = figureTable(context.app, figure, t, baseUrl(request, context.app.config.APP_URL))
  return new Response(toCsv(header, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="tableau-de-bord-${figure}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
