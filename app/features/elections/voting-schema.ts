import { z } from 'zod'
import { MAX_BALLOT_TEXT } from './crypto/ballot'

// Voting's forms and fixed rules (browser-safe: the page, the service and the tests read them).

export const VOTING_INTENTS = ['reauth', 'cast', 'code'] as const
export type VotingIntent = (typeof VOTING_INTENTS)[number]

/** The one-time code mailed when the election asks for one. */
export const VOTE_CODE = { digits: 6, ttlMs: 10 * 60_000, attempts: 5 } as const
/** Codes asked per voter and election: a mailbox is not a free channel for a script. */
export const VOTE_CODE_REQUESTS = { limit: 5, windowMs: 60 * 60_000 } as const
/** Casts tried per voter (a wrong password counts), as the log-in's per account. */
export const CAST_ATTEMPTS = { limit: 5, windowMs: 15 * 60_000 } as const

/** How long a re-authentication lets the session cast (the mailed code's life, too). */
export const VOTE_GRANT_MS = 10 * 60_000

/** Trackers per page of the board. */
export const BOARD_PAGE_SIZE = 50

/** A tracker as typed in the board's search: base64url SHA-256 (43 characters), spaces ignored. */
export const trackerQuery = (raw: string | null) => {
  const text = (raw ?? '').replace(/\s+/g, '').slice(0, 100)
  return /^[A-Za-z0-9_-]{43}$/.test(text) ? text : text === '' ? null : false
}

const passwordField = z
  .string({ required_error: 'elections.vote.error.passwordMissing' })
  .min(1, 'elections.vote.error.passwordMissing')
  .max(1000, 'elections.vote.error.password')
const codeField = z.string().max(20, 'elections.vote.error.codeWrong').optional()

/** The first step: the password, and the mailed code when the election asks for one. */
export const reauthForm = z.object({ password: passwordField, code: codeField })

/**
 * The cast form as the browser posts it: the ballot, already encrypted and signed, as JSON text,
 * with the grant of the re-authentication step — or, in one request, the password and code.
 */
export const castForm = z
  .object({
    ballot: z
      .string({ required_error: 'elections.vote.error.ballotMissing' })
      .min(1, 'elections.vote.error.ballotMissing')
      .max(MAX_BALLOT_TEXT, 'elections.vote.error.ballotTooLarge'),
    grant: z.string().max(100, 'elections.vote.error.grantExpired').optional(),
    password: passwordField.optional(),
    code: codeField,
  })
  .refine((form) => form.grant || form.password, { message: 'elections.vote.error.passwordMissing', path: ['password'] })

/** The voting code typed or read from `#code=…`: a credential secret, 22 base64url characters. */
export const voteSecretPattern = /^[A-Za-z0-9_-]{22}$/
