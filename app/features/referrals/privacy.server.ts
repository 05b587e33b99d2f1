import { lt } from 'drizzle-orm'
import { referralInvitations } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'

/**
 * Referrals' table in the privacy registry (issue #17). The referrer's export never holds the
 * address (a classmate ticked from the list has an address the referrer never saw); at erasure the
 * referrer's rows stay, detached, for the association's figures, and the invitee's go.
 */
export const referralsPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'referral_invitations',
      category: 'mail',
      data: 'privacy.data.referralInvitations',
      purpose: 'privacy.purpose.referrals',
      legalBasis: 'legitimateInterest',
      recipients: ['self', 'webmasters', 'mailProvider'],
      retention: [
        {
          kind: 'after',
          duration: { years: 2 },
          since: 'privacy.since.sending',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(referralInvitations).where(lt(referralInvitations.sentAt, cutoff)).run().changes }),
        },
      ],
      people: [
        {
          column: 'referrer_id',
          holds: 'user',
          export: { columns: ['promotion', 'sent_at', 'joined_at'] },
          erase: { action: 'detach' },
        },
        {
          column: 'joined_user_id',
          holds: 'user',
          export: { columns: ['sent_at', 'joined_at'], names: ['referrer_id'] },
          erase: { action: 'delete' },
        },
        {
          column: 'email',
          holds: 'email',
          export: { columns: ['email', 'sent_at', 'joined_at'], names: ['referrer_id'] },
          erase: { action: 'delete' },
        },
      ],
    },
  ],
}
