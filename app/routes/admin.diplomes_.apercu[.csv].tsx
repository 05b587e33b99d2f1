import type { LoaderFunctionArgs } from '@remix-run/node'
import { translator } from '~/i18n'
import { requireWebmaster } from '~/features/accounts/guards.server'
import { rosterPreviewCsv } from '~/features/roster/roster-preview.server'
import { invariantResponse } from '~/shared/http.server'

/** The whole preview of an import as a spreadsheet (webmasters; the preview's own token): UTF-8 with BOM, semicolons, formula-safe. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const token = new URL(request.url).searchParams.get('apercu')
  const csv = token ? await rosterPreviewCsv(context.app, { token, viewerId: viewer.id, t: translator(context.locale) }) : null
  invariantResponse(csv !== null, 'Preview expired', { status: 404 })
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="apercu-import-diplomes.csv"',
      'Cache-Control': 'private, no-store',
    },
  })
}
