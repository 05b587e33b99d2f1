/**
 * Exponential ElGamal on ristretto255, as in Belenios' homomorphic answers: m ∈ ℕ small is
 * encrypted under y as (α, β) = (g^r, g^m·y^r); ciphertexts add by multiplying them pointwise, and
 * a total comes out as log_g(β / α^x), found by baby-step giant-step below a known bound (the roll
 * size: no total can exceed it). Belenios computes the same discrete logarithm by a table.
 */
import { type Point, decodePoint, encodePoint, GENERATOR, IDENTITY, mulBase, mulFixed, randomScalar } from './group'

/** A ciphertext on the wire. */
export type Ciphertext = { alpha: string; beta: string }
/** A ciphertext decoded: its points, and the encodings they came from (hashed as received). */
export type DecodedCiphertext = { alpha: Point; beta: Point; encoded: Ciphertext }

/** The encryption of a small m under key y, with its randomness r (which the proofs need). */
export function encrypt(publicKey: Point, m: number, r: bigint = randomScalar()): { ciphertext: DecodedCiphertext; r: bigint } {
  if (!Number.isSafeInteger(m) || m < 0) throw new RangeError('a small natural number expected')
  const alpha = mulBase(r)
  const beta = mulFixed(publicKey, r).add(mulBase(BigInt(m)))
  return { ciphertext: { alpha, beta, encoded: { alpha: encodePoint(alpha), beta: encodePoint(beta) } }, r }
}

/** A ciphertext from the wire, or null (non-canonical point, identity α). */
export function decodeCiphertext(c: Ciphertext): DecodedCiphertext | null {
  const alpha = decodePoint(c.alpha)
  const beta = decodePoint(c.beta, { allowIdentity: true })
  return alpha && beta ? { alpha, beta, encoded: c } : null
}

/** The pointwise product: it encrypts the sum of the plaintexts. */
export function addCiphertexts(a: { alpha: Point; beta: Point }, b: { alpha: Point; beta: Point }) {
  return { alpha: a.alpha.add(b.alpha), beta: a.beta.add(b.beta) }
}

export const ZERO_CIPHERTEXT = { alpha: IDENTITY, beta: IDENTITY }

export function encodeCiphertext(c: { alpha: Point; beta: Point }): Ciphertext {
  return { alpha: encodePoint(c.alpha), beta: encodePoint(c.beta) }
}

/** Decryption with the whole secret key (tests; the election never has one). */
export function decryptWithKey(c: { alpha: Point; beta: Point }, secret: bigint, bound: number): number | null {
  return discreteLog(c.beta.subtract(c.alpha.multiply(secret)), bound)
}

const babySteps = new Map<number, { step: number; table: Map<string, number>; giant: Point }>()

/**
 * m such that g^m = target with 0 ≤ m ≤ bound, or null: baby-step giant-step, ⌈√(bound+1)⌉
 * encodings each way (a 10,000-voter roll: about 100 of each per total, a few milliseconds).
 */
export function discreteLog(target: Point, bound: number): number | null {
  if (!Number.isSafeInteger(bound) || bound < 0) throw new RangeError('bound expected')
  const step = Math.max(1, Math.ceil(Math.sqrt(bound + 1)))
  let steps = babySteps.get(step)
  if (!steps) {
    const table = new Map<string, number>()
    let p = IDENTITY
    for (let j = 0; j < step; j++) {
      table.set(encodePoint(p), j)
      p = p.add(GENERATOR)
    }
    // p is now g^step; giant steps subtract it.
    steps = { step, table, giant: p.negate() }
    if (babySteps.size > 8) babySteps.clear()
    babySteps.set(step, steps)
  }
  let gamma = target
  for (let i = 0; i * step <= bound; i++) {
    const j = steps.table.get(encodePoint(gamma))
    if (j !== undefined) {
      const m = i * step + j
      return m <= bound ? m : null
    }
    gamma = gamma.add(steps.giant)
  }
  return null
}
