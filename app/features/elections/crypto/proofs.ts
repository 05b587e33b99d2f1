/**
 * The zero-knowledge proofs, non-interactive by Fiat-Shamir over SHA-256 (`Transcript` in
 * group.ts). Every statement starts with a context the caller gives — always the election
 * fingerprint (or, during the key ceremony, the ceremony's digest) and the voter's credential or
 * the trustee's index — so a proof made for one election, one voter or one trustee verifies for no
 * other.
 *
 * Follows Belenios (doc/specification.tex §§ 4.4, 4.12, 4.17):
 * - Schnorr proof of knowledge of x for X = g^x (Belenios' `signed_msg` and key proofs);
 * - the disjunctive Chaum-Pedersen proof that (α, β) encrypts one of M₀…M_k (Belenios' `iprove`,
 *   after Cramer, Damgård and Schoenmakers): one real branch, the others simulated, challenges
 *   summing to the hash;
 * - the Chaum-Pedersen proof that a decryption factor is α^x for the trustee's X = g^x.
 * Differs:
 * - responses are r = w + c·x (Belenios: w − c·x); verification reads g^r = A·X^c.
 * - proofs carry their commitments (A, B) rather than only (challenge, response), so that the
 *   verifier checks every group equation of a ballot, or of a thousand ballots, in one batch
 *   (msm.ts) — about six times faster; the hash equality is checked on the bytes received. Each
 *   interval branch keeps its challenge, since they must sum to the hash.
 * - the hash covers the whole statement (strong Fiat-Shamir): key, ciphertext, the values, the
 *   decryption factor — Belenios' decryption proof leaves the factor out of its hash.
 * - the prover knows α = g^ρ, so a simulated branch costs three multiplications by precomputed
 *   bases instead of two by arbitrary points: encryption stays fast on a phone.
 */
import { type EquationBatch } from './msm'
import {
  type Point,
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  GENERATOR,
  mod,
  mulBase,
  mulFixed,
  mulSecret,
  randomScalar,
  Transcript,
} from './group'

/** What a proof is bound to besides its own statement: the fingerprint first, then who proves. */
export type ProofContext = ReadonlyArray<string | number>
/** A point both decoded and as it was encoded (the hash takes the encoding). */
export type Known = { point: Point; encoded: string }

export type SchnorrProof = { A: string; r: string }
export type Branch = { A: string; B: string; c: string; r: string }
export type IntervalProof = Branch[]
export type DecryptionProof = { A: string; B: string; r: string }

export const known = (point: Point): Known => ({ point, encoded: encodePoint(point) })

function transcript(domain: string, context: ProofContext) {
  const t = new Transcript(domain)
  t.integer(context.length)
  for (const item of context) {
    if (typeof item === 'number') t.integer(item)
    else t.text(item)
  }
  return t
}

// ─── Schnorr ────────────────────────────────────────────────────────────────────────────────────

/**
 * Proof of knowledge of x such that X = g^x, which also signs `message` (a digest of what the
 * prover vouches for: a trustee's published data, a ballot).
 */
export function proveKnowledge(domain: string, context: ProofContext, x: bigint, X: Known, message = ''): SchnorrProof {
  const w = randomScalar()
  const A = encodePoint(mulBase(w))
  const c = transcript(domain, context).point(X.encoded).text(message).point(A).challenge()
  return { A, r: encodeScalar(w + c * x) }
}

/** Adds the proof's equation to the batch; false when it is malformed or its hash is wrong. */
export function verifyKnowledge(batch: EquationBatch, domain: string, context: ProofContext, X: Known, proof: SchnorrProof, message = ''): boolean {
  const A = decodePoint(proof.A, { allowIdentity: true })
  const r = decodeScalar(proof.r)
  if (!A || r === null) return false
  const c = transcript(domain, context).point(X.encoded).text(message).point(proof.A).challenge()
  // g^r = A·X^c
  batch.equation(
    [
      [GENERATOR, r],
      [X.point, mod(-c)],
    ],
    A,
  )
  return true
}

// ─── disjunctive Chaum-Pedersen ─────────────────────────────────────────────────────────────────

export type IntervalStatement = {
  domain: string
  context: ProofContext
  /** The election key y. */
  key: Known
  /** The encoded ciphertexts the statement is about (hashed as received). */
  statement: readonly string[]
  /** The ciphertext proven, possibly a homomorphic combination of those in `statement`. */
  ciphertext: { alpha: Point; beta: Point }
  /** The allowed plaintexts M₀…M_k. */
  values: readonly number[]
}

function intervalTranscript(s: IntervalStatement) {
  const t = transcript(s.domain, s.context).point(s.key.encoded).integer(s.statement.length)
  for (const encoded of s.statement) t.point(encoded)
  t.integer(s.values.length)
  for (const v of s.values) t.integer(v)
  return t
}

/**
 * Proves that `ciphertext` = (g^ρ, g^m·y^ρ) with m among `values`. Throws when m is not: an honest
 * prover cannot prove a false statement, and a page must never try.
 */
export function proveInterval(s: IntervalStatement, rho: bigint, m: number): IntervalProof {
  const real = s.values.indexOf(m)
  if (real < 0) throw new RangeError('the plaintext is not among the allowed values')
  const y = s.key.point
  const branches: { A: string; B: string; c: bigint; r: bigint }[] = []
  let w = 0n
  let others = 0n
  for (let j = 0; j < s.values.length; j++) {
    if (j === real) {
      w = randomScalar()
      branches.push({ A: encodePoint(mulBase(w)), B: encodePoint(mulFixed(y, w)), c: 0n, r: 0n })
      continue
    }
    // A = g^r·α^-c = g^(r − cρ);  B = y^r·(β/g^M)^-c = y^(r − cρ)·g^(−c(m − M)).
    const c = randomScalar()
    const r = randomScalar()
    const e = mod(r - c * rho)
    const A = mulBase(e)
    const B = mulFixed(y, e).add(mulBase(mod(-c * BigInt(m - s.values[j]!))))
    branches.push({ A: encodePoint(A), B: encodePoint(B), c, r })
    others += c
  }
  const t = intervalTranscript(s)
  for (const b of branches) t.point(b.A).point(b.B)
  const c = mod(t.challenge() - others)
  branches[real]!.c = c
  branches[real]!.r = mod(w + c * rho)
  return branches.map((b) => ({ A: b.A, B: b.B, c: encodeScalar(b.c), r: encodeScalar(b.r) }))
}

/** Adds the proof's equations to the batch; false when it is malformed or its hash is wrong. */
export function verifyInterval(batch: EquationBatch, s: IntervalStatement, proof: IntervalProof): boolean {
  if (!Array.isArray(proof) || proof.length !== s.values.length) return false
  const decoded: { A: Point; B: Point; c: bigint; r: bigint }[] = []
  let sum = 0n
  for (const branch of proof) {
    const A = decodePoint(branch.A, { allowIdentity: true })
    const B = decodePoint(branch.B, { allowIdentity: true })
    const c = decodeScalar(branch.c)
    const r = decodeScalar(branch.r)
    if (!A || !B || c === null || r === null) return false
    decoded.push({ A, B, c, r })
    sum += c
  }
  const t = intervalTranscript(s)
  for (const branch of proof) t.point(branch.A).point(branch.B)
  if (t.challenge() !== mod(sum)) return false
  const { alpha, beta } = s.ciphertext
  for (let j = 0; j < decoded.length; j++) {
    const { A, B, c, r } = decoded[j]!
    const minusC = mod(-c)
    // g^r = A·α^c   and   y^r = B·(β/g^M)^c
    batch.equation(
      [
        [GENERATOR, r],
        [alpha, minusC],
      ],
      A,
    )
    batch.equation(
      [
        [s.key.point, r],
        [beta, minusC],
        [GENERATOR, mod(c * BigInt(s.values[j]!))],
      ],
      B,
    )
  }
  return true
}

// ─── decryption factors ─────────────────────────────────────────────────────────────────────────

function decryptionTranscript(context: ProofContext, V: string, alpha: string, factor: string, A: string, B: string) {
  return transcript('decrypt', context).point(V).point(alpha).point(factor).point(A).point(B)
}

/** The factor α^x and the proof that it uses the same x as the trustee's V = g^x. */
export function proveDecryption(context: ProofContext, x: bigint, V: Known, alpha: Known): { factor: string; proof: DecryptionProof } {
  const factor = encodePoint(mulSecret(alpha.point, x))
  const w = randomScalar()
  const A = encodePoint(mulBase(w))
  const B = encodePoint(mulSecret(alpha.point, w))
  const c = decryptionTranscript(context, V.encoded, alpha.encoded, factor, A, B).challenge()
  return { factor, proof: { A, B, r: encodeScalar(w + c * x) } }
}

/** Adds the proof's equations to the batch and returns the decoded factor, or null. */
export function verifyDecryption(batch: EquationBatch, context: ProofContext, V: Known, alpha: Known, factor: string, proof: DecryptionProof): Point | null {
  const D = decodePoint(factor, { allowIdentity: true })
  const A = decodePoint(proof.A, { allowIdentity: true })
  const B = decodePoint(proof.B, { allowIdentity: true })
  const r = decodeScalar(proof.r)
  if (!D || !A || !B || r === null) return null
  const minusC = mod(-decryptionTranscript(context, V.encoded, alpha.encoded, factor, proof.A, proof.B).challenge())
  // g^r = A·V^c   and   α^r = B·D^c
  batch.equation(
    [
      [GENERATOR, r],
      [V.point, minusC],
    ],
    A,
  )
  batch.equation(
    [
      [alpha.point, r],
      [D, minusC],
    ],
    B,
  )
  return D
}
