import { lt } from 'drizzle-orm'
import { accountTokens, loginEvents, sessions, throttles } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'

/** Accounts' tables in the privacy registry (issue #16): who you are, and what keeps your account safe. */
export const accountsPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'users',
      category: 'identity',
      data: 'privacy.data.users',
      purpose: 'privacy.purpose.account',
      legalBasis: 'contract',
      recipients: ['self', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      // Never the password's hash: it proves nothing to the person and helps an attacker.
      people: [
        {
          column: 'id',
          holds: 'user',
          export: { columns: ['id', 'email', 'first_name', 'last_name', 'birth_name', 'role', 'status', 'locale', 'created_at', 'deactivated_at'] },
          erase: { action: 'delete' },
        },
      ],
    },
    {
      table: 'sessions',
      category: 'security',
      data: 'privacy.data.sessions',
      purpose: 'privacy.purpose.security',
      legalBasis: 'legitimateInterest',
      recipients: ['self'],
      retention: [
        {
          kind: 'untilExpiry',
          // lucia stores `expires_at` in seconds.
          purge: (tx, { now }) => ({
            rows: tx
              .delete(sessions)
              .where(lt(sessions.expiresAt, Math.floor(now.getTime() / 1000)))
              .run().changes,
          }),
        },
      ],
      // The session's id is its secret: an export lists when each ends, never the id.
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['expires_at'] }, erase: { action: 'delete' } }],
    },
    {
      table: 'account_tokens',
      category: 'security',
      data: 'privacy.data.accountTokens',
      purpose: 'privacy.purpose.security',
      legalBasis: 'contract',
      recipients: ['self'],
      retention: [{ kind: 'untilExpiry', purge: (tx, { now }) => ({ rows: tx.delete(accountTokens).where(lt(accountTokens.expiresAt, now)).run().changes }) }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['purpose', 'new_email', 'created_at', 'expires_at'] }, erase: { action: 'delete' } }],
    },
    {
      table: 'throttles',
      category: 'security',
      data: 'privacy.data.throttles',
      purpose: 'privacy.purpose.abuse',
      legalBasis: 'legitimateInterest',
      recipients: ['automated'],
      // Every window is an hour at most: a day later a counter decides nothing.
      retention: [
        {
          kind: 'after',
          duration: { days: 1 },
          since: 'privacy.since.firstAttempt',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(throttles).where(lt(throttles.windowStart, cutoff)).run().changes }),
        },
      ],
      people: [{ column: 'key', holds: 'key', export: { none: 'privacy.exportNone.throttles' }, erase: { action: 'delete' } }],
    },
    {
      table: 'login_events',
      category: 'security',
      data: 'privacy.data.loginEvents',
      purpose: 'privacy.purpose.loginHistory',
      legalBasis: 'legitimateInterest',
      recipients: ['self'],
      retention: [
        {
          kind: 'after',
          duration: { years: 1 },
          since: 'privacy.since.login',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(loginEvents).where(lt(loginEvents.at, cutoff)).run().changes }),
        },
      ],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['at', 'ip', 'user_agent'] }, erase: { action: 'delete' } }],
    },
  ],
}
