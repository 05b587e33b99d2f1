/**
 * The tally: the homomorphic sum of the counted ballots, its decryption from the trustees'
 * partial decryptions, and the result that follows (Belenios § 4.16–4.18: `encrypted_tally`,
 * `partial_decryption`, `result`). The server runs these after the close, the verifier again.
 */
import { type Ballot } from './ballot'
import { type BoardTrustee, type ElectionParameters, type ElectionResult, electedCandidates } from './board'
import { type Ciphertext, decodeCiphertext, discreteLog, encodeCiphertext, ZERO_CIPHERTEXT } from './elgamal'
import { type Point, decodePoint } from './group'
import { type Failure, checkPartialDecryption, combineDecryptions } from './threshold'

type Pair = { alpha: Point; beta: Point }

/** Adds ciphertext vectors pointwise (the candidates' ciphertexts, then the blank one). */
export function addVectors(into: Pair[] | null, vector: readonly Pair[]): Pair[] {
  if (!into) return vector.map((c) => ({ alpha: c.alpha, beta: c.beta }))
  return into.map((c, i) => ({ alpha: c.alpha.add(vector[i]!.alpha), beta: c.beta.add(vector[i]!.beta) }))
}

/** Adds encoded ciphertext vectors (partial sums computed apart, e.g. in worker threads). */
export function addEncodedVectors(vectors: readonly (readonly Ciphertext[])[]): Ciphertext[] {
  let sum: Pair[] | null = null
  for (const vector of vectors) {
    const decoded = vector.map((c) => ({ alpha: decodePoint(c.alpha, { allowIdentity: true }), beta: decodePoint(c.beta, { allowIdentity: true }) }))
    if (decoded.some((c) => !c.alpha || !c.beta)) throw new RangeError('not a ciphertext')
    sum = addVectors(sum, decoded as Pair[])
  }
  if (!sum) throw new RangeError('no vector')
  return sum.map(encodeCiphertext)
}

/** The encrypted tally of checked ballots: one ciphertext per candidate, then the blank count. */
export function encryptedTally(candidates: number, ballots: readonly Ballot[]): Ciphertext[] {
  let sum: Pair[] = Array.from({ length: candidates + 1 }, () => ZERO_CIPHERTEXT)
  for (const ballot of ballots) {
    const vector = [...ballot.choices, ballot.blank].map((c) => decodeCiphertext(c))
    if (vector.length !== candidates + 1 || vector.some((c) => !c)) throw new RangeError('an unchecked ballot')
    sum = addVectors(sum, vector as Pair[])
  }
  return sum.map(encodeCiphertext)
}

/**
 * The totals (votes per candidate, then blank ballots) from the partial decryptions of at least
 * `threshold` trustees; each is checked first. The bound is the number of counted ballots.
 */
export function decryptTally(
  parameters: { threshold: number; trustees: readonly Pick<BoardTrustee, 'trustee' | 'verificationKey'>[] },
  fingerprint: string,
  encrypted: readonly Ciphertext[],
  partialDecryptions: readonly unknown[],
  bound: number,
): { ok: true; totals: number[] } | Failure {
  const tally = encrypted.map((c) => ({ alpha: decodePoint(c.alpha, { allowIdentity: true }), beta: decodePoint(c.beta, { allowIdentity: true }), encoded: c }))
  if (tally.some((c) => !c.alpha || !c.beta)) return { ok: false, failure: 'encrypted tally' }
  const known = tally.map((c) => ({ point: c.alpha!, encoded: c.encoded.alpha }))
  const decryptions: { trustee: number; factors: Point[] }[] = []
  for (const input of partialDecryptions) {
    const trustee = (input as { trustee?: unknown } | null)?.trustee
    const entry = parameters.trustees.find((t) => t.trustee === trustee)
    if (!entry) return { ok: false, failure: 'partial decryption of an unknown trustee' }
    const V = decodePoint(entry.verificationKey)
    if (!V) return { ok: false, failure: `trustee ${entry.trustee}: verification key` }
    const checked = checkPartialDecryption(fingerprint, { point: V, encoded: entry.verificationKey }, known, input)
    if (!checked.ok) return { ok: false, failure: `partial decryption of trustee ${entry.trustee}: ${checked.failure}` }
    decryptions.push(checked)
  }
  const combined = combineDecryptions(
    parameters.threshold,
    tally.map((c) => ({ beta: c.beta! })),
    decryptions,
  )
  if (!combined.ok) return { ok: false, failure: `partial decryptions: ${combined.failure}` }
  const totals: number[] = []
  for (let i = 0; i < combined.plaintexts.length; i++) {
    const m = discreteLog(combined.plaintexts[i]!, bound)
    if (m === null) return { ok: false, failure: i === combined.plaintexts.length - 1 ? 'decryption: blank' : `decryption: candidate ${i + 1}` }
    totals.push(m)
  }
  return { ok: true, totals }
}

/** The result to announce from the decrypted totals. */
export function resultFromTotals(
  parameters: Pick<ElectionParameters, 'candidates' | 'seats' | 'tieRule'>,
  counted: number,
  totals: readonly number[],
): ElectionResult {
  const votes = totals.slice(0, parameters.candidates.length)
  return { counted, blank: totals[parameters.candidates.length] ?? 0, votes, elected: electedCandidates(parameters, votes) }
}
