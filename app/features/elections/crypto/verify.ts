/**
 * The universal verifier: from the public board alone (board.ts), recompute and check everything
 * — the fingerprint, every trustee's proofs and the election key, every ballot (and that no two
 * share a tracker or a credential, and that there are as many as voters who signed the roll), the
 * homomorphic sum, the partial decryptions of at least t trustees, the decrypted totals and the
 * announced result. Belenios' `belenios-tool election verify` does the same for its archives.
 *
 * Browser-safe: the command line (scripts/election-verify.ts) passes a `BallotChecker` that spreads
 * the ballots over worker threads; without one, they are checked here, in batches.
 */
import { type BallotElection, type PreparedBallot, locateFailure, prepareBallot, prepareElection, tracker } from './ballot'
import { type ElectionResult, boardEnvelopeSchema, ceremonyContextOf, electionFingerprint, electedCandidates } from './board'
import { type Ciphertext, encodeCiphertext } from './elgamal'
import { decodePoint, encodePoint, IDENTITY } from './group'
import { EquationBatch } from './msm'
import { addVectors, decryptTally } from './tally'
import { checkAllCommitments, checkVerificationKey, electionKey } from './threshold'

/** Ballots whose equations share one batch: a bad one costs re-checking its batch alone. */
const BATCH = 32

export type BallotRangeResult = {
  /** The first bad ballot of the range (index within the range, from 0), if any. */
  failure: { index: number; failure: string } | null
  trackers: string[]
  credentials: string[]
  /** Pointwise sum of the range's ciphertexts, encoded (null for an empty range). */
  sum: Ciphertext[] | null
}

export type BallotChecker = (election: BallotElection, ballots: readonly unknown[]) => Promise<BallotRangeResult>

/** Checks consecutive ballots, stopping at the first bad one. Worker threads run this too. */
export function checkBallotRange(electionInput: BallotElection, ballots: readonly unknown[]): BallotRangeResult {
  const election = prepareElection(electionInput)
  const trackers: string[] = []
  const credentials: string[] = []
  let sum: ReturnType<typeof addVectors> | null = null
  const done = (failure: BallotRangeResult['failure']): BallotRangeResult => ({ failure, trackers, credentials, sum: sum && sum.map(encodeCiphertext) })
  for (let start = 0; start < ballots.length; start += BATCH) {
    const batch = new EquationBatch()
    const prepared: PreparedBallot[] = []
    for (let i = start; i < Math.min(start + BATCH, ballots.length); i++) {
      let p: ReturnType<typeof prepareBallot>
      try {
        p = prepareBallot(election, ballots[i])
      } catch {
        p = { ok: false, failure: 'format' }
      }
      if (!p.ok) return done({ index: i, failure: p.failure })
      for (const check of p.prepared.checks) if (!check.add(batch)) return done({ index: i, failure: check.name })
      prepared.push(p.prepared)
    }
    if (!batch.check()) {
      for (let k = 0; k < prepared.length; k++) {
        const failure = locateFailure(prepared[k]!)
        if (failure) return done({ index: start + k, failure })
      }
      return done({ index: start, failure: 'proofs' })
    }
    for (const p of prepared) {
      trackers.push(tracker(p.ballot))
      credentials.push(p.ballot.credential)
      sum = addVectors(sum, p.ciphertexts)
    }
  }
  return done(null)
}

const checkInThisThread: BallotChecker = async (election, ballots) => checkBallotRange(election, ballots)

export type Verification = { ok: true; result: ElectionResult | null } | { ok: false; failure: string }

/**
 * Checks a whole board (an object or its JSON text). `{ ok: true, result }` (result null while
 * the vote is open), or the first failure: `ballot 17: proof of candidate 3`, `trustee 2: proof
 * of its polynomial`, `result: votes of candidate 1`…
 */
export async function verifyElection(input: unknown, options: { checkBallots?: BallotChecker } = {}): Promise<Verification> {
  let value = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch {
      return { ok: false, failure: 'format: not JSON' }
    }
  }
  const parsed = boardEnvelopeSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, failure: `format: ${issue?.path.join('.') || 'board'}` }
  }
  const board = parsed.data
  const p = board.parameters

  // Sealed parameters.
  if (electionFingerprint(p) !== board.fingerprint) return { ok: false, failure: 'fingerprint' }
  if (p.seats > p.candidates.length) return { ok: false, failure: 'parameters: more seats than candidates' }
  if (new Set(p.candidates.map((c) => c.id)).size !== p.candidates.length) return { ok: false, failure: 'parameters: two candidates share an id' }
  if (p.tieRule.kind === 'ranking') {
    const ids = p.candidates.map((c) => c.id).sort()
    if (JSON.stringify([...p.tieRule.ranking].sort()) !== JSON.stringify(ids))
      return { ok: false, failure: 'parameters: the tie ranking is not the candidates' }
  }
  if (p.threshold > p.trustees.length) return { ok: false, failure: 'parameters: threshold above the number of trustees' }

  // Trustees and the election key.
  const context = ceremonyContextOf(p)
  const commitments = checkAllCommitments(
    context,
    p.trustees.map(({ trustee, encryptionKey, encryptionKeyProof, commitments, proof }) => ({
      trustee,
      encryptionKey,
      encryptionKeyProof,
      commitments,
      proof,
    })),
  )
  if (!commitments.ok) return { ok: false, failure: commitments.failure }
  if (p.trustees.some((t, i) => t.trustee !== i + 1)) return { ok: false, failure: 'parameters: trustees out of order' }
  for (const t of p.trustees) {
    const vk = checkVerificationKey(context, commitments.all, commitments.digest, {
      trustee: t.trustee,
      verificationKey: t.verificationKey,
      proof: t.verificationKeyProof,
    })
    if (!vk.ok) return { ok: false, failure: vk.failure }
  }
  const key = decodePoint(p.publicKey)
  if (!key || !key.equals(electionKey(commitments.all))) return { ok: false, failure: 'public key' }

  // The roll and the credentials.
  if (board.voted > p.roll.size) return { ok: false, failure: `roll: ${board.voted} voters of ${p.roll.size}` }
  if (board.ballots.length !== board.voted)
    return { ok: false, failure: `ballots: ${board.ballots.length} on the board, ${board.voted} voters signed the roll` }
  const listed = p.credentials && new Set(p.credentials)
  if (p.credentials && listed) {
    if (p.credentials.length !== p.roll.size || listed.size !== p.credentials.length) return { ok: false, failure: 'credentials: one per voter on the roll' }
    // Sorted, so that their order says nothing of the roll's (Belenios sorts them too).
    if (p.credentials.some((c, i) => i > 0 && p.credentials![i - 1]! >= c)) return { ok: false, failure: 'credentials: not sorted' }
    if (p.credentials.some((c) => !decodePoint(c))) return { ok: false, failure: 'credentials: not all valid' }
  }

  // Ballots.
  const election = { fingerprint: board.fingerprint, publicKey: p.publicKey, candidates: p.candidates.length, seats: p.seats }
  const checked = await (options.checkBallots ?? checkInThisThread)(election, board.ballots)
  if (checked.failure) return { ok: false, failure: `ballot ${checked.failure.index + 1}: ${checked.failure.failure}` }
  const seenTracker = new Map<string, number>()
  const seenCredential = new Map<string, number>()
  for (let i = 0; i < checked.trackers.length; i++) {
    const before = seenTracker.get(checked.trackers[i]!)
    if (before !== undefined) return { ok: false, failure: `ballot ${i + 1}: same tracker as ballot ${before + 1}` }
    seenTracker.set(checked.trackers[i]!, i)
    const credential = checked.credentials[i]!
    const other = seenCredential.get(credential)
    if (other !== undefined) return { ok: false, failure: `ballot ${i + 1}: same credential as ballot ${other + 1}` }
    seenCredential.set(credential, i)
    if (listed && !listed.has(credential)) return { ok: false, failure: `ballot ${i + 1}: credential not on the list` }
  }
  if (!board.tally) return { ok: true, result: null }

  // The encrypted tally is the ballots' homomorphic sum.
  const tally = board.tally
  const identity = encodePoint(IDENTITY)
  const expected = checked.sum ?? Array.from({ length: p.candidates.length + 1 }, () => ({ alpha: identity, beta: identity }))
  if (tally.encrypted.length !== p.candidates.length + 1) return { ok: false, failure: 'encrypted tally: length' }
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!
    const t = tally.encrypted[i]!
    if (e.alpha !== t.alpha || e.beta !== t.beta)
      return { ok: false, failure: i === p.candidates.length ? 'encrypted tally: blank' : `encrypted tally: candidate ${i + 1}` }
  }

  // Decryption, then the result.
  const counted = board.ballots.length
  const decrypted = decryptTally(p, board.fingerprint, tally.encrypted, tally.partialDecryptions, counted)
  if (!decrypted.ok) return { ok: false, failure: decrypted.failure }
  const totals = decrypted.totals
  const announced = tally.result
  if (announced.counted !== counted) return { ok: false, failure: 'result: counted ballots' }
  if (announced.votes.length !== p.candidates.length) return { ok: false, failure: 'result: votes' }
  for (let i = 0; i < p.candidates.length; i++) if (announced.votes[i] !== totals[i]) return { ok: false, failure: `result: votes of candidate ${i + 1}` }
  if (announced.blank !== totals[p.candidates.length]) return { ok: false, failure: 'result: blank ballots' }
  const elected = electedCandidates(p, totals.slice(0, p.candidates.length))
  if (JSON.stringify(elected) !== JSON.stringify(announced.elected)) return { ok: false, failure: 'result: elected' }
  return { ok: true, result: announced }
}
