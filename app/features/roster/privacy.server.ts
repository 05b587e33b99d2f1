import type { PrivacyDeclarations } from '~/features/privacy/schema'

/**
 * The graduates' list in the privacy registry (issue #17). Its rows are people the school says
 * graduated, most without an account: the association keeps them on legitimate interest (knowing
 * its graduates, inviting them), for webmasters only, never in the directory or search. When the
 * account that claimed a row is erased, the row goes too: the person asked to be forgotten.
 * The files uploaded for a preview (DATA_DIR/private/roster-uploads) are kept a day at most and
 * deleted once applied; they are no table.
 */
export const rosterPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'graduates',
      category: 'identity',
      data: 'privacy.data.graduates',
      purpose: 'privacy.purpose.roster',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.roster' }],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: { columns: ['last_name', 'first_name', 'birth_name', 'promotion', 'email', 'school_id', 'claimed_at', 'created_at', 'updated_at'] },
          erase: { action: 'delete' },
        },
        {
          column: 'email',
          holds: 'email',
          export: { columns: ['last_name', 'first_name', 'birth_name', 'promotion', 'email', 'school_id', 'created_at', 'updated_at'] },
          erase: { action: 'delete' },
        },
      ],
    },
    {
      table: 'graduate_diplomas',
      category: 'identity',
      data: 'privacy.data.graduateDiplomas',
      purpose: 'privacy.purpose.roster',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.roster' }],
      through: { column: 'graduate_id', table: 'graduates', via: 'user_id', export: { columns: ['diploma'] } },
      people: [],
    },
    {
      table: 'roster_imports',
      category: 'identity',
      data: 'privacy.data.rosterImports',
      purpose: 'privacy.purpose.roster',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.roster' }],
      people: [{ column: 'imported_by', holds: 'user', export: { columns: ['filename', 'rows', 'counts', 'imported_at'] }, erase: { action: 'detach' } }],
    },
  ],
}
