import { lt } from 'drizzle-orm'
import { electionVoteCodes } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'

/**
 * Voting's tables in the privacy registry (issue #18). The one-time codes are a voter's, kept
 * hashed for ten minutes and deleted once used or expired. The box holds no person: a ballot is
 * filed under a public credential whose secret only the voter received, so that nothing stored
 * ties it to a member — which is the secrecy of the vote, and why it is neither exported nor
 * erased with an account (it is part of the election's public record).
 */
export const electionVotingPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'election_vote_codes',
      category: 'security',
      data: 'privacy.data.electionVoteCodes',
      purpose: 'privacy.purpose.electionVoteCodes',
      legalBasis: 'contract',
      recipients: ['self'],
      retention: [
        { kind: 'untilExpiry', purge: (tx, { now }) => ({ rows: tx.delete(electionVoteCodes).where(lt(electionVoteCodes.expiresAt, now)).run().changes }) },
      ],
      // The hash is not exported: a code is worth nothing once it expired, and is no one's data but a lock.
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['election_id', 'attempts', 'expires_at'] }, erase: { action: 'delete' } }],
    },
  ],
  notPersonal: [{ table: 'election_ballots', why: 'privacy.none.electionBallots', columns: ['credential'] }],
}
