import { lt } from 'drizzle-orm'
import { accountChanges } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'

/** The back office's table in the privacy registry (issue #17): webmasters' corrections of a member's identity. */
export const adminPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'account_changes',
      category: 'identity',
      data: 'privacy.data.accountChanges',
      purpose: 'privacy.purpose.accountChanges',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      // Five years: the civil limitation period (art. 2224 Code civil), within which a correction may be disputed.
      retention: [
        {
          kind: 'after',
          duration: { years: 5 },
          since: 'privacy.since.accountChange',
          legal: 'privacy.legal.limitation',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(accountChanges).where(lt(accountChanges.at, cutoff)).run().changes }),
        },
      ],
      people: [
        { column: 'user_id', holds: 'user', export: { columns: ['field', 'before', 'after', 'at'] }, erase: { action: 'delete' } },
        // The webmaster who made it: what they corrected and when, never the other person's values.
        { column: 'actor_id', holds: 'user', export: { columns: ['field', 'at'] }, erase: { action: 'detach' } },
      ],
    },
  ],
}
