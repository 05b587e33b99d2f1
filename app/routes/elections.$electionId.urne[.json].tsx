import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireMember } from '~/features/accounts/guards.server'
import { boardJson } from '~/features/elections/board.server'
import { findElection } from '~/features/elections/elections.server'
import { invariantResponse } from '~/shared/http.server'

/** The whole public board (crypto/board.ts), for `npm run election:verify -- FILE`. Members only. */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  requireMember(request, context)
  const election = findElection(context.app.db, params.electionId ?? '')
  const text = election ? boardJson(context.app.db, election) : null
  invariantResponse(election && text, 'Not found', { status: 404 })
  return new Response(text, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="urne-${election.id.replace(/[^A-Za-z0-9_-]/g, '_')}.json"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
