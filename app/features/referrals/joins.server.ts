import { sql } from 'drizzle-orm'
import { isInvitationToken, JOIN_MATCH_DAYS } from '~/features/referrals/schema'
import type { Db } from '../../../db/client'

// The other end of a recommendation (issue #17): the account created from it. Kept apart from
// referrals.server.ts so that the sign-up, which calls it, imports nothing else of this area.

type Writer = Pick<Db, 'run'>

/**
 * Marks the invitation an account came from, in the transaction that creates the account: the one
 * whose personal link brought the sign-up (`token`, carried sealed through the confirmation
 * mail), else the latest invitation to the account's address of the last 90 days. An invitation
 * counts for one account only.
 */
export function joinReferral(tx: Writer, input: { userId: string; email: string; token: string | null; at: Date }) {
  const at = input.at.getTime()
  if (isInvitationToken(input.token)) {
    const byLink = tx.run(sql`update referral_invitations set joined_user_id = ${input.userId}, joined_at = ${at}
      where token = ${input.token} and joined_at is null`)
    if (byLink.changes > 0) return
  }
  tx.run(sql`update referral_invitations set joined_user_id = ${input.userId}, joined_at = ${at}
    where id = (select id from referral_invitations where email = ${input.email.trim().toLowerCase()} and joined_at is null
      and sent_at > ${at - JOIN_MATCH_DAYS * 24 * 60 * 60_000} order by sent_at desc, id desc limit 1)`)
}
