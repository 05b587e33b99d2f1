import type { PrivacyDeclarations } from '~/features/privacy/schema'

/**
 * The letters' table in the privacy registry (issue #17): a letter names the webmaster who wrote
 * it. Who received it is in the mail queue (`outbox`, declared with the shared tables), nowhere else.
 */
export const campaignsPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'campaigns',
      category: 'mail',
      data: 'privacy.data.campaigns',
      purpose: 'privacy.purpose.campaigns',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.campaign' }],
      // The letter stays, unsigned, when its author is erased: it is the association's, not theirs.
      people: [{ column: 'created_by', holds: 'user', export: { columns: ['subject', 'status', 'created_at', 'sent_at'] }, erase: { action: 'detach' } }],
    },
  ],
}
