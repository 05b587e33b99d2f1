import crypto from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { electionBallots, electionRoll, elections, electionVoteCodes, users } from '../../../db/schema'
import type { Db } from '../../../db/client'
import type { AppContext } from '~/context.server'
import { verifyPassword } from '~/features/accounts/auth.server'
import * as throttle from '~/features/accounts/throttle.server'
import { formatDateTime } from '~/i18n'
import { composeMail } from '~/shared/mail-layout.server'
import { type BallotElection, MAX_BALLOT_TEXT, type PreparedElection, prepareElection } from './crypto/ballot'
import { type ElectionParameters, ballotElectionOf, electionFingerprint, parametersSchema } from './crypto/board'
import { type ElectionRow, findElection, onRoll, stageOf } from './elections.server'
import { CAST_ATTEMPTS, VOTE_CODE, VOTE_CODE_REQUESTS, VOTE_GRANT_MS } from './voting-schema'

// Voting (issue #18, step 5). `castBallot` is the only door to the box. The roll says *that* a
// member voted (`voted`), the box holds *what* was cast under a credential whose secret only the
// voter received; the transaction that writes both writes nothing else — no time, no log line, no
// audit row — so that nothing stored ties a roll entry to a box row. A revote replaces the ballot
// of the same credential (the box's key): the voter's last ballot counts, and the link from the
// voter to their previous ballot is the credential alone, which the server cannot tie to a name.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/** What a sealed election's ballots are checked against, built once per election and fingerprint. */
export type SealedElection = {
  parameters: ElectionParameters
  fingerprint: string
  /** What a ballot is checked against, as plain data (for the worker threads) and decoded. */
  ballotElection: BallotElection
  prepared: PreparedElection
  credentials: ReadonlySet<string>
}

const sealedCache = new Map<string, SealedElection>()

/**
 * The sealed parameters, parsed and checked against the fingerprint once, with the key decoded and
 * the credentials in a Set: a cast then costs the ballot's proofs alone. Null before sealing.
 */
export function sealedElection(election: Pick<ElectionRow, 'id' | 'parameters' | 'fingerprint'>): SealedElection | null {
  if (!election.parameters || !election.fingerprint) return null
  const key = `${election.id}:${election.fingerprint}`
  const cached = sealedCache.get(key)
  if (cached) return cached
  let json: unknown
  try {
    json = JSON.parse(election.parameters)
  } catch {
    return null
  }
  const parsed = parametersSchema.safeParse(json)
  if (!parsed.success || electionFingerprint(parsed.data) !== election.fingerprint) return null
  const parameters = parsed.data
  const ballotElection = ballotElectionOf(parameters, election.fingerprint)
  const sealed: SealedElection = {
    parameters,
    fingerprint: election.fingerprint,
    ballotElection,
    prepared: prepareElection(ballotElection),
    credentials: new Set(parameters.credentials ?? []),
  }
  if (sealedCache.size > 50) sealedCache.clear()
  sealedCache.set(key, sealed)
  return sealed
}

/** Why the viewer may not vote now, or `open`. */
export type VotingStatus = 'notOnRoll' | 'notOpen' | 'closed' | 'open'

export type VoterView = {
  status: VotingStatus
  /** The roll says this voter already voted: a new ballot replaces the previous one. */
  voted: boolean
  requireMailCode: boolean
  /** A code was mailed and can still be used. */
  codePending: boolean
  sealed: SealedElection | null
}

function statusOf(ctx: AppContext, election: ElectionRow): Exclude<VotingStatus, 'notOnRoll'> {
  const stage = stageOf(ctx, election)
  if (stage === 'voting') return 'open'
  return stage === 'counting' || stage === 'results' || stage === 'cancelled' ? 'closed' : 'notOpen'
}

/** What the voting page shows to this member. */
export function voterView(ctx: AppContext, election: ElectionRow, userId: string): VoterView {
  const entry = onRoll(ctx.db, election.id, userId)
  const status = statusOf(ctx, election)
  const code = election.requireMailCode ? codeRow(ctx.db, election.id, userId) : null
  return {
    status: entry ? status : 'notOnRoll',
    voted: entry?.voted ?? false,
    requireMailCode: election.requireMailCode,
    codePending: !!code && code.expiresAt > ctx.now() && code.attempts < VOTE_CODE.attempts,
    sealed: sealedElection(election),
  }
}

function codeRow(db: Pick<Db, 'select'>, electionId: string, userId: string) {
  return (
    db
      .select()
      .from(electionVoteCodes)
      .where(and(eq(electionVoteCodes.electionId, electionId), eq(electionVoteCodes.userId, userId)))
      .get() ?? null
  )
}

const codeHash = (electionId: string, userId: string, code: string) =>
  crypto.createHash('sha256').update(`${electionId}\n${userId}\n${code}`).digest('base64url')

function recipient(db: Pick<Db, 'select'>, userId: string) {
  return db
    .select({ email: users.email, firstName: users.firstName, locale: users.locale, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(eq(users.id, userId))
    .get()
}

export type CodeError = 'notFound' | 'notOnRoll' | 'notOpen' | 'closed' | 'notRequired' | 'throttled'

/** Mails a 6-digit code (10 minutes, 5 attempts), replacing any earlier one; kept hashed. */
export function requestVoteCode(
  ctx: AppContext,
  input: { electionId: string; userId: string },
): { ok: true } | { ok: false; error: CodeError; retryAfterMs?: number } {
  const election = findElection(ctx.db, input.electionId)
  if (!election) return { ok: false, error: 'notFound' }
  if (!election.requireMailCode) return { ok: false, error: 'notRequired' }
  const status = statusOf(ctx, election)
  if (status !== 'open') return { ok: false, error: status }
  if (!onRoll(ctx.db, election.id, input.userId)) return { ok: false, error: 'notOnRoll' }
  const now = ctx.now()
  const wait = throttle.reserveAttempt(ctx.db, [{ key: `vote-code:${election.id}:${input.userId}`, rule: VOTE_CODE_REQUESTS }], now)
  if (wait > 0) return { ok: false, error: 'throttled', retryAfterMs: wait }
  const code = String(crypto.randomInt(0, 10 ** VOTE_CODE.digits)).padStart(VOTE_CODE.digits, '0')
  const expiresAt = new Date(now.getTime() + VOTE_CODE.ttlMs)
  ctx.db.transaction(
    (tx) => {
      const values = { codeHash: codeHash(election.id, input.userId, code), attempts: 0, expiresAt }
      tx.insert(electionVoteCodes)
        .values({ electionId: election.id, userId: input.userId, ...values })
        .onConflictDoUpdate({ target: [electionVoteCodes.electionId, electionVoteCodes.userId], set: values })
        .run()
      const to = recipient(tx, input.userId)
      if (!to) return
      ctx.mail.enqueue(
        composeMail(ctx.config, {
          to: to.email,
          locale: to.locale,
          firstName: to.firstName,
          subject: 'elections.vote.mail.code.subject',
          paragraphs: [
            { key: 'elections.vote.mail.code.body', params: { title: election.title, code } },
            { key: 'elections.vote.mail.code.expiry', params: { time: formatDateTime(to.locale, expiresAt) } },
            { key: 'elections.vote.mail.code.notYou' },
          ],
        }),
        // The body (the code) is wiped from the queue once sent (mail-queue.server.ts).
        { kind: 'elections.secret.code' },
      )
    },
    { behavior: 'immediate' },
  )
  return { ok: true }
}

export type CastError =
  | 'notFound'
  | 'notOnRoll'
  | 'notOpen'
  | 'closed'
  | 'throttled'
  | 'password'
  | 'codeMissing'
  | 'codeWrong'
  | 'codeExpired'
  | 'codeExhausted'
  | 'unknownCredential'
  | 'ballot'
  | 'tooLarge'
  | 'grantExpired'

/** The form field a refusal belongs to (`secret`: the voting code, which never leaves the browser). */
export const CAST_ERROR_FIELD: Record<CastError, 'form' | 'password' | 'code' | 'secret' | 'ballot'> = {
  notFound: 'form',
  notOnRoll: 'form',
  notOpen: 'form',
  closed: 'form',
  throttled: 'password',
  password: 'password',
  codeMissing: 'code',
  codeWrong: 'code',
  codeExpired: 'code',
  codeExhausted: 'code',
  unknownCredential: 'secret',
  ballot: 'ballot',
  tooLarge: 'ballot',
  grantExpired: 'password',
}

export type CastResult = { ok: true; tracker: string; replaced: boolean } | { ok: false; error: CastError; detail?: string; retryAfterMs?: number }

type Voter = { electionId: string; userId: string }

/** Why a voter may not vote in this election now (null: they may), before any secret is checked. */
function votingRefusal(ctx: AppContext, election: ElectionRow | null, userId: string): 'notFound' | Exclude<VotingStatus, 'open'> | null {
  if (!election) return 'notFound'
  const status = statusOf(ctx, election)
  if (status !== 'open') return status
  if (!onRoll(ctx.db, election.id, userId)) return 'notOnRoll'
  return null
}

/**
 * The password (and the mailed code when the election asks for one), counted before argon2 runs
 * as the log-in does, so that simultaneous guesses cannot all pass. `alongside` runs meanwhile
 * (a cast's proof checks); null when the voter is who they say.
 */
async function checkVoterSecrets<T>(
  ctx: AppContext,
  election: ElectionRow,
  input: Voter & { password: string; code?: string },
  alongside: Promise<T>,
): Promise<{ refusal: { error: CastError; retryAfterMs?: number } | null; alongside: T | null }> {
  const attemptKey = `vote:${election.id}:${input.userId}`
  const wait = throttle.reserveAttempt(ctx.db, [{ key: attemptKey, rule: CAST_ATTEMPTS }], ctx.now())
  if (wait > 0) return { refusal: { error: 'throttled', retryAfterMs: wait }, alongside: null }
  const account = recipient(ctx.db, input.userId)
  // argon2 runs on libuv's thread pool while `alongside` runs on the election workers; the answers
  // are read in the order a voter should hear them: password, code, ballot.
  const passwordRight = account && account.status === 'active' ? verifyPassword(account.passwordHash, input.password) : Promise.resolve(false)
  const [rightPassword, other] = await Promise.all([passwordRight, alongside])
  if (!rightPassword) return { refusal: { error: 'password' }, alongside: other }
  // The right password: the count goes, so the row no longer says when this voter came.
  throttle.clear(ctx.db, attemptKey)
  if (election.requireMailCode) {
    const code = checkCode(ctx, election.id, input.userId, (input.code ?? '').replace(/\s+/g, ''))
    if (code) return { refusal: { error: code }, alongside: other }
  }
  return { refusal: null, alongside: other }
}

// The voter re-authenticates first, then chooses (the order): the password step grants
// the session a few minutes in which the ballot is accepted without argon2. The grant is a MAC of
// the election, the member, the session and the expiry under the server's secret: nothing is
// stored (so nothing ties it to the box), and it ends with the session or the time.

const grantMac = (ctx: AppContext, voter: Voter, sessionId: string, expiresMs: number) =>
  crypto.createHmac('sha256', ctx.config.SESSION_SECRET).update(`vote-grant:${voter.electionId}:${voter.userId}:${sessionId}:${expiresMs}`).digest('base64url')

function signGrant(ctx: AppContext, voter: Voter, sessionId: string): { grant: string; expiresAt: Date } {
  const expiresMs = ctx.now().getTime() + VOTE_GRANT_MS
  return { grant: `${expiresMs}.${grantMac(ctx, voter, sessionId, expiresMs)}`, expiresAt: new Date(expiresMs) }
}

/** Whether `grant` was signed for this voter and session and is still running. */
export function grantHolds(ctx: AppContext, voter: Voter, sessionId: string, grant: string): boolean {
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(grant)
  if (!match) return false
  const expiresMs = Number(match[1])
  if (expiresMs <= ctx.now().getTime() || expiresMs > ctx.now().getTime() + VOTE_GRANT_MS) return false
  const given = Buffer.from(match[2]!)
  const expected = Buffer.from(grantMac(ctx, voter, sessionId, expiresMs))
  return given.length === expected.length && crypto.timingSafeEqual(given, expected)
}

export type ReauthResult = { ok: true; grant: string; expiresAt: Date } | { ok: false; error: CastError; retryAfterMs?: number }

/**
 * The voting page's first step: the password (and the mailed code, which is then used up) prove
 * it is the member; the answer is a grant for this session to cast for `VOTE_GRANT_MS`.
 */
export async function reauthenticateVoter(ctx: AppContext, input: Voter & { sessionId: string; password: string; code?: string }): Promise<ReauthResult> {
  const election = findElection(ctx.db, input.electionId)
  const refusal = votingRefusal(ctx, election, input.userId)
  if (refusal || !election) return { ok: false, error: refusal ?? 'notFound' }
  const checked = await checkVoterSecrets(ctx, election, input, Promise.resolve(null))
  if (checked.refusal) return { ok: false, ...checked.refusal }
  if (election.requireMailCode) dropCode(ctx.db, election.id, input.userId)
  return { ok: true, ...signGrant(ctx, input, input.sessionId) }
}

/**
 * Puts a ballot in the box: the voter is on the roll, voting is open, the voter re-authenticated
 * (a running grant for this session, or the password and mailed code given with the ballot), the
 * ballot's proofs hold against the sealed parameters and its credential is one of the sealed
 * list. Then one IMMEDIATE transaction replaces the credential's ballot, marks the roll, drops the
 * used code and queues the tracker mail.
 */
export async function castBallot(
  ctx: AppContext,
  input: Voter & { ballot: string; baseUrl: string } & (
      { grant: string; sessionId: string; password?: undefined; code?: undefined } | { password: string; code?: string; grant?: undefined }
    ),
): Promise<CastResult> {
  const election = findElection(ctx.db, input.electionId)
  const refusal = votingRefusal(ctx, election, input.userId)
  if (refusal || !election) return { ok: false, error: refusal ?? 'notFound' }
  if (input.ballot.length > MAX_BALLOT_TEXT) return { ok: false, error: 'tooLarge' }
  const sealed = sealedElection(election)
  if (!sealed) return { ok: false, error: 'notOpen' }

  let verdict: Awaited<ReturnType<AppContext['electionsCrypto']['checkBallot']>>
  if (input.grant !== undefined) {
    if (!grantHolds(ctx, input, input.sessionId, input.grant)) return { ok: false, error: 'grantExpired' }
    verdict = await ctx.electionsCrypto.checkBallot(sealed.ballotElection, input.ballot)
  } else {
    const checked = await checkVoterSecrets(ctx, election, input, ctx.electionsCrypto.checkBallot(sealed.ballotElection, input.ballot))
    if (checked.refusal) return { ok: false, ...checked.refusal }
    verdict = checked.alongside!
  }

  if (!verdict.ok) return { ok: false, error: 'ballot', detail: verdict.failure }
  if (!sealed.credentials.has(verdict.credential)) return { ok: false, error: 'unknownCredential' }
  const { text, tracker, credential } = verdict

  return ctx.db.transaction(
    (tx): CastResult => {
      // Decided on what is committed: the close may have passed while the proofs were checked.
      const fresh = tx.select().from(elections).where(eq(elections.id, election.id)).get()
      if (!fresh || fresh.fingerprint !== sealed.fingerprint) return { ok: false, error: 'notOpen' }
      const now = statusOf(ctx, fresh)
      if (now !== 'open') return { ok: false, error: now }
      const previous = tx
        .select({ tracker: electionBallots.tracker })
        .from(electionBallots)
        .where(and(eq(electionBallots.electionId, election.id), eq(electionBallots.credential, credential)))
        .get()
      tx.insert(electionBallots)
        .values({ electionId: election.id, credential, ballot: text, tracker })
        .onConflictDoUpdate({ target: [electionBallots.electionId, electionBallots.credential], set: { ballot: text, tracker } })
        .run()
      tx.update(electionRoll)
        .set({ voted: true })
        .where(and(eq(electionRoll.electionId, election.id), eq(electionRoll.userId, input.userId)))
        .run()
      if (fresh.requireMailCode && input.grant === undefined) dropCode(tx, election.id, input.userId)
      mailTracker(ctx, tx, fresh, input, tracker, sealed.fingerprint)
      return { ok: true, tracker, replaced: !!previous && previous.tracker !== tracker }
    },
    { behavior: 'immediate' },
  )
}

function dropCode(db: Pick<Db, 'delete'>, electionId: string, userId: string) {
  db.delete(electionVoteCodes)
    .where(and(eq(electionVoteCodes.electionId, electionId), eq(electionVoteCodes.userId, userId)))
    .run()
}

/** Null when the code is right (kept until the cast commits); counts a wrong one. */
function checkCode(ctx: AppContext, electionId: string, userId: string, code: string): CastError | null {
  return ctx.db.transaction(
    (tx) => {
      const row = codeRow(tx, electionId, userId)
      if (!row) return 'codeMissing'
      if (row.expiresAt <= ctx.now()) return 'codeExpired'
      if (row.attempts >= VOTE_CODE.attempts) return 'codeExhausted'
      const given = Buffer.from(codeHash(electionId, userId, code))
      const expected = Buffer.from(row.codeHash)
      if (code.length === VOTE_CODE.digits && given.length === expected.length && crypto.timingSafeEqual(given, expected)) return null
      tx.update(electionVoteCodes)
        .set({ attempts: sql`${electionVoteCodes.attempts} + 1` })
        .where(and(eq(electionVoteCodes.electionId, electionId), eq(electionVoteCodes.userId, userId)))
        .run()
      return row.attempts + 1 >= VOTE_CODE.attempts ? 'codeExhausted' : 'codeWrong'
    },
    { behavior: 'immediate' },
  )
}

function mailTracker(ctx: AppContext, tx: Tx, election: ElectionRow, input: { userId: string; baseUrl: string }, tracker: string, fingerprint: string) {
  const to = recipient(tx, input.userId)
  if (!to) return
  ctx.mail.enqueue(
    composeMail(ctx.config, {
      to: to.email,
      locale: to.locale,
      firstName: to.firstName,
      subject: 'elections.vote.mail.tracker.subject',
      paragraphs: [
        { key: 'elections.vote.mail.tracker.body', params: { title: election.title } },
        { key: 'elections.vote.mail.tracker.tracker', params: { tracker } },
        { key: 'elections.vote.mail.tracker.fingerprint', params: { fingerprint } },
        { key: 'elections.vote.mail.tracker.check' },
        { key: 'elections.vote.mail.tracker.revote', params: { date: formatDateTime(to.locale, election.votingClosesAt) } },
      ],
      // The board's page without the tracker in the address: addresses are logged.
      action: { label: 'elections.vote.mail.tracker.action', url: new URL(`/elections/${election.id}/urne`, input.baseUrl).toString() },
    }),
    // No dedupe key (it would keep the tracker); the body is wiped once sent.
    { kind: 'elections.secret.tracker' },
  )
}
