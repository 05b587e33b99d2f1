import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireMember } from '~/features/accounts/guards.server'
import { findElection } from '~/features/elections/elections.server'
import { renderProcesVerbal } from '~/features/elections/pv.server'
import { decryptingTrustees, publishedResult } from '~/features/elections/tally.server'
import { sealedElection } from '~/features/elections/voting.server'
import { invariantResponse } from '~/shared/http.server'

/** The procès-verbal of a published election, for members; 404 before the results. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireMember(request, context)
  const { app } = context
  const election = findElection(app.db, params.electionId ?? '')
  const sealed = election ? sealedElection(election) : null
  const result = election ? publishedResult(election) : null
  invariantResponse(election && sealed && result && election.publishedAt, 'Not found', { status: 404 })
  const pdf = await renderProcesVerbal({
    associationName: app.config.ASSOCIATION_NAME,
    parameters: sealed.parameters,
    fingerprint: sealed.fingerprint,
    votingOpensAt: election.votingOpensAt,
    votingClosesAt: election.votingClosesAt,
    publishedAt: election.publishedAt,
    result,
    decrypting: decryptingTrustees(app, election.id).map((tr) => tr.name),
  })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="proces-verbal-${election.id.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
