import type { PrivacyDeclarations } from '~/features/privacy/schema'

/**
 * The election's candidacies in the privacy registry (issue #18). A published candidacy is part of
 * the election's record (its name is sealed in the parameters and printed on the procès-verbal):
 * at erasure the row stays, detached from the account, under the name it was published with.
 */
export const electionCandidaciesPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'election_candidacies',
      category: 'membership',
      data: 'privacy.data.electionCandidacies',
      purpose: 'privacy.purpose.electionCandidacies',
      legalBasis: 'contract',
      recipients: ['self', 'members', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.electionRecord' }],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: { columns: ['election_id', 'name', 'promotion', 'statement', 'status', 'refusal_reason', 'position', 'created_at', 'updated_at'] },
          erase: { action: 'detach' },
        },
        { column: 'decided_by', holds: 'user', export: { columns: ['id', 'election_id', 'status', 'decided_at'] }, erase: { action: 'detach' } },
      ],
    },
  ],
}
