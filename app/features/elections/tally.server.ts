import { and, asc, count, eq, isNotNull } from 'drizzle-orm'
import { electionBallots, elections, electionTrustees } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { type ElectionResult, resultSchema } from './crypto/board'
import { type Ciphertext } from './crypto/elgamal'
import { decodePoint } from './crypto/group'
import { decryptTally, resultFromTotals } from './crypto/tally'
import { type PartialDecryption, checkPartialDecryption, partialDecryptionSchema } from './crypto/threshold'
import { type ElectionRow, findElection } from './elections.server'
import { sealedElection } from './voting.server'

// The tally (issue #18, step 7). At the close the box is summed homomorphically — nobody can read
// a ballot, the sum is public — and the election waits for its trustees: each decrypts the sum with
// their share in their own browser and posts a partial decryption with its proof. The server checks
// each one, and as soon as `threshold` of them hold, it combines them, reads the totals and
// publishes the result, in the same transaction as the last partial decryption.

export type CloseOutcome = 'closed' | 'already' | 'notDue'

/**
 * Once voting has closed on a sealed election: the encrypted tally, stored, and the state
 * `tallying`. Idempotent and safe when several callers race: the sum is computed outside the
 * transaction (no ballot can enter the box after the close: the cast re-reads the state in its own
 * IMMEDIATE transaction), and the UPDATE applies only to a row still sealed with that fingerprint.
 */
export function closeBoxIfDue(ctx: AppContext, election: ElectionRow): Promise<ElectionRow> {
  if (election.state !== 'sealed' || ctx.now() < election.votingClosesAt) return Promise.resolve(election)
  // A page and the job arriving together share one sum (10,000 ballots: seconds, on the workers).
  const key = `${election.id}:${election.fingerprint}`
  let running = closing.get(key)
  if (!running) {
    running = sumAndClose(ctx, election).finally(() => closing.delete(key))
    closing.set(key, running)
  }
  return running
}

const closing = new Map<string, Promise<ElectionRow>>()

async function sumAndClose(ctx: AppContext, election: ElectionRow): Promise<ElectionRow> {
  const sealed = sealedElection(election)
  if (!sealed) return election
  const ballots = ctx.db
    .select({ ballot: electionBallots.ballot })
    .from(electionBallots)
    .where(eq(electionBallots.electionId, election.id))
    .all()
    .map((r) => r.ballot)
  const encrypted = await ctx.electionsCrypto.sum(sealed.parameters.candidates.length, ballots)
  ctx.db.transaction(
    (tx) => {
      tx.update(elections)
        .set({ state: 'tallying', encryptedTally: JSON.stringify(encrypted), updatedAt: ctx.now() })
        .where(and(eq(elections.id, election.id), eq(elections.state, 'sealed'), eq(elections.fingerprint, sealed.fingerprint)))
        .run()
    },
    { behavior: 'immediate' },
  )
  return findElection(ctx.db, election.id) ?? election
}

export type DecryptError = 'notTallying' | 'notTrustee' | 'already' | 'format' | 'wrongTrustee' | 'proof'

/** A refusal names its reason (catalogue `elections.tally.error.<error>`) and, for a proof, the factor. */
export type DecryptOutcome = { ok: true; published: boolean } | { ok: false; error: DecryptError; detail?: string }

/**
 * A trustee's partial decryption of the encrypted tally: checked against their verification key
 * (sealed in the parameters), stored, and — when it completes the threshold — combined with the
 * others into the totals and the published result, in one IMMEDIATE transaction.
 */
export function submitPartialDecryption(ctx: AppContext, election: ElectionRow, position: number, input: unknown): DecryptOutcome {
  const fail = (error: DecryptError, detail?: string) => ({ ok: false as const, error, detail })
  const sealed = sealedElection(election)
  if (election.state !== 'tallying' || !sealed || !election.encryptedTally) return fail('notTallying')
  const trustee = sealed.parameters.trustees.find((t) => t.trustee === position)
  if (!trustee) return fail('notTrustee')
  let json = input
  if (typeof input === 'string') {
    if (input.length > 100_000) return fail('format')
    try {
      json = JSON.parse(input)
    } catch {
      return fail('format')
    }
  }
  const parsed = partialDecryptionSchema.safeParse(json)
  if (!parsed.success) return fail('format')
  if (parsed.data.trustee !== position) return fail('wrongTrustee', String(parsed.data.trustee))
  const encrypted = JSON.parse(election.encryptedTally) as Ciphertext[]
  const alphas = encrypted.map((c) => ({ point: decodePoint(c.alpha, { allowIdentity: true })!, encoded: c.alpha }))
  const checked = checkPartialDecryption(
    sealed.fingerprint,
    { point: decodePoint(trustee.verificationKey)!, encoded: trustee.verificationKey },
    alphas,
    parsed.data,
  )
  if (!checked.ok) return fail('proof', checked.failure)

  return ctx.db.transaction(
    (tx) => {
      const fresh = tx.select().from(elections).where(eq(elections.id, election.id)).get()
      if (!fresh || fresh.state !== 'tallying' || fresh.fingerprint !== sealed.fingerprint) return fail('notTallying')
      const row = tx
        .select({ partial: electionTrustees.partialDecryption })
        .from(electionTrustees)
        .where(and(eq(electionTrustees.electionId, election.id), eq(electionTrustees.position, position)))
        .get()
      if (!row) return fail('notTrustee')
      if (row.partial) return fail('already')
      tx.update(electionTrustees)
        .set({ partialDecryption: JSON.stringify(parsed.data), updatedAt: ctx.now() })
        .where(and(eq(electionTrustees.electionId, election.id), eq(electionTrustees.position, position)))
        .run()
      const partials = tx
        .select({ partial: electionTrustees.partialDecryption })
        .from(electionTrustees)
        .where(and(eq(electionTrustees.electionId, election.id), isNotNull(electionTrustees.partialDecryption)))
        .orderBy(asc(electionTrustees.position))
        .all()
        .map((r) => JSON.parse(r.partial!) as PartialDecryption)
      if (partials.length < sealed.parameters.threshold) return { ok: true as const, published: false }
      const counted = tx.select({ n: count() }).from(electionBallots).where(eq(electionBallots.electionId, election.id)).get()!.n
      const totals = decryptTally(sealed.parameters, sealed.fingerprint, encrypted, partials, counted)
      // Every partial decryption was checked on its way in: a failure here is a bug, not input.
      if (!totals.ok) throw new Error(`tally of ${election.id}: ${totals.failure}`)
      const result = resultFromTotals(sealed.parameters, counted, totals.totals)
      tx.update(elections)
        .set({ state: 'published', result: JSON.stringify(result), publishedAt: ctx.now(), updatedAt: ctx.now() })
        .where(and(eq(elections.id, election.id), eq(elections.state, 'tallying')))
        .run()
      return { ok: true as const, published: true }
    },
    { behavior: 'immediate' },
  )
}

/** The published result, or null before publication. */
export function publishedResult(election: Pick<ElectionRow, 'state' | 'result'>): ElectionResult | null {
  if (election.state !== 'published' || !election.result) return null
  const parsed = resultSchema.safeParse(JSON.parse(election.result))
  return parsed.success ? parsed.data : null
}

/** Which trustees decrypted, in position order (for the results and the procès-verbal). */
export function decryptingTrustees(ctx: Pick<AppContext, 'db'>, electionId: string): { position: number; name: string }[] {
  return ctx.db
    .select({ position: electionTrustees.position, name: electionTrustees.name })
    .from(electionTrustees)
    .where(and(eq(electionTrustees.electionId, electionId), isNotNull(electionTrustees.partialDecryption)))
    .orderBy(asc(electionTrustees.position))
    .all()
}
