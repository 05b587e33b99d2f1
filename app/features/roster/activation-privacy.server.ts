import type { PrivacyDeclarations } from '~/features/privacy/schema'

/**
 * « Activer mon compte » in the privacy registry (issue #17): the review queue of accounts that
 * may be a row of the graduates' list, a member's several diplomas, the sends of invitations to
 * activate. (The rows of the list themselves are declared with the import, in privacy.server.ts.)
 */
export const activationPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'roster_claims',
      category: 'identity',
      data: 'privacy.data.rosterClaims',
      purpose: 'privacy.purpose.rosterClaims',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: { columns: ['candidate_ids', 'status', 'graduate_id', 'created_at', 'decided_at'] },
          erase: { action: 'delete' },
        },
        // The webmaster who decided: the claim stays, signed by nobody.
        { column: 'decided_by', holds: 'user', export: { columns: ['id', 'status', 'decided_at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'profile_diplomas',
      category: 'directory',
      data: 'privacy.data.profileDiplomas',
      purpose: 'privacy.purpose.directory',
      legalBasis: 'consent',
      recipients: ['self', 'members', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['diploma', 'source', 'created_at'] }, erase: { action: 'delete' } }],
    },
    {
      table: 'activation_sends',
      category: 'mail',
      data: 'privacy.data.activationSends',
      purpose: 'privacy.purpose.activationSends',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.rosterSends' }],
      people: [{ column: 'created_by', holds: 'user', export: { columns: ['id', 'segment', 'total', 'created_at'] }, erase: { action: 'detach' } }],
    },
  ],
}
