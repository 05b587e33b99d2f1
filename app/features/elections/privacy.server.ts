import { and, eq, inArray, lt, or } from 'drizzle-orm'
import { elections } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'

/**
 * The election's own tables in the privacy registry (issue #18); candidacies, one-time codes and
 * the ballot box are declared beside their use cases (candidacies-privacy, voting-privacy).
 *
 * An election's record — its parameters, trustees, roll and contests — is kept as long as the
 * association keeps the election's file. We hold it to be five years after the results: the
 * time within which a member may ask a court to annul the vote (the common limitation period,
 * art. 2224 du Code civil). The daily retention job deletes an election five years after its
 * results were published (or after it was cancelled); its trustees, roll, contests, candidacies,
 * box and codes go with it (ON DELETE CASCADE), which their own rules (`while`) say.
 *
 * Erasing a member must not change a sealed election: the roll's count is sealed in its
 * parameters and printed on the procès-verbal. Their roll rows stay, renamed « Ancien membre »
 * and detached; a trustee's name stays as it was sealed and signed; their contests go.
 */
export const electionsPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'elections',
      category: 'membership',
      data: 'privacy.data.elections',
      purpose: 'privacy.purpose.elections',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      retention: [
        {
          kind: 'after',
          duration: { years: 5 },
          since: 'privacy.since.electionResults',
          legal: 'privacy.legal.limitation',
          purge: (tx, { cutoff }) => {
            const due = or(
              and(eq(elections.state, 'published'), lt(elections.publishedAt, cutoff)),
              and(eq(elections.state, 'cancelled'), lt(elections.updatedAt, cutoff)),
            )
            const rows = tx.select({ id: elections.id }).from(elections).where(due).all()
            if (rows.length === 0) return { rows: 0 }
            tx.delete(elections)
              .where(
                inArray(
                  elections.id,
                  rows.map((r) => r.id),
                ),
              )
              .run()
            return { rows: rows.length }
          },
        },
      ],
      people: [{ column: 'created_by', holds: 'user', export: { columns: ['id', 'title', 'created_at'] }, erase: { action: 'detach' } }],
    },
    {
      table: 'election_trustees',
      category: 'membership',
      data: 'privacy.data.electionTrustees',
      purpose: 'privacy.purpose.electionTrustees',
      legalBasis: 'contract',
      recipients: ['self', 'members', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.electionRecord' }],
      // The ceremony's messages (public keys and proofs) are not exported: they say nothing of the person.
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['election_id', 'position', 'name', 'updated_at'] }, erase: { action: 'detach' } }],
    },
    {
      table: 'election_roll',
      category: 'membership',
      data: 'privacy.data.electionRoll',
      purpose: 'privacy.purpose.electionRoll',
      legalBasis: 'contract',
      recipients: ['self', 'members', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.electionRecord' }],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: { columns: ['election_id', 'name', 'promotion', 'source', 'voted'] },
          erase: { action: 'anonymise', columns: { user_id: null, name: 'Ancien membre', promotion: null } },
        },
      ],
    },
    {
      table: 'election_contests',
      category: 'membership',
      data: 'privacy.data.electionContests',
      purpose: 'privacy.purpose.electionContests',
      legalBasis: 'contract',
      recipients: ['self', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.electionRecord' }],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: { columns: ['election_id', 'message', 'status', 'answer', 'created_at', 'answered_at'] },
          erase: { action: 'delete' },
        },
        { column: 'answered_by', holds: 'user', export: { columns: ['id', 'election_id', 'status', 'answered_at'] }, erase: { action: 'detach' } },
      ],
    },
  ],
}
