/**
 * Batch verification of the group equations behind every proof.
 *
 * Each proof is checked as Fiat-Shamir hash equalities (cheap) plus group equations
 * Σ sᵢ·Pᵢ = Q. Instead of computing each side (two full scalar multiplications per equation,
 * ~3 ms each in JavaScript), the verifier multiplies every equation by a fresh random 128-bit zₖ
 * and checks one multi-scalar multiplication Σₖ zₖ·(Σ sᵢ·Pᵢ − Q) = identity (Bellare, Garay and
 * Rabin's small-exponent test): if any equation is false the sum is the identity with probability
 * at most 2^-128, in a group of prime order. This is what puts 10,000 ten-candidate ballots within
 * two minutes on two cores. Belenios verifies each proof alone; the result is the same.
 *
 * The multi-scalar multiplication runs on the extended Edwards coordinates under @noble/curves'
 * ristretto255 points, with plain bigint formulas: noble's point objects validate and freeze
 * every intermediate point, which costs three times the arithmetic here. Only public values go
 * through this file (variable time is fine). Every point comes from a checked ristretto255
 * decoding or from noble's own arithmetic, so it lies in 2E and the sum is the ristretto identity
 * exactly when X or Y is zero (RFC 9496 §4.5).
 */
import { type Point, GENERATOR, mod, random128 } from './group'

type Ext = { X: bigint; Y: bigint; Z: bigint; T: bigint }

const P = 2n ** 255n - 19n
// 2·d for edwards25519, d = −121665/121666 mod p.
const D2 = 16295367250680780974490674513165176452449235426866156013048779062215315747161n

/** The extended coordinates under a noble point (its `ep` field: protected in TypeScript only). */
function extended(point: Point): Ext {
  return (point as unknown as { ep: Ext }).ep
}

// p = 2^255 − 19, so 2^255 ≡ 19: a product folds its high half back in twice (about a quarter
// faster than bigint division by p). Exact for negative values too (>> floors, & is two's
// complement); the result is congruent, not canonical, and stays within a few bits of 2^255.
const MASK = (1n << 255n) - 1n
function fold(x: bigint): bigint {
  x = (x & MASK) + (x >> 255n) * 19n
  return (x & MASK) + (x >> 255n) * 19n
}

// add-2008-hwcd-3 and dbl-2008-hwcd for a = −1 (hyperelliptic.org/EFD). Residues may be negative
// or a little above p: every product is folded, and only the final X and Y are compared with zero.
function add(a: Ext, b: Ext): Ext {
  const A = fold((a.Y - a.X) * (b.Y - b.X))
  const B = fold((a.Y + a.X) * (b.Y + b.X))
  const C = fold(fold(a.T * D2) * b.T)
  const D = fold(2n * a.Z * b.Z)
  const E = B - A
  const F = D - C
  const G = D + C
  const H = B + A
  return { X: fold(E * F), Y: fold(G * H), Z: fold(F * G), T: fold(E * H) }
}

function double(a: Ext): Ext {
  const A = fold(a.X * a.X)
  const B = fold(a.Y * a.Y)
  const C = fold(2n * a.Z * a.Z)
  const s = a.X + a.Y
  const E = fold(s * s - A - B)
  const G = B - A
  const F = G - C
  const H = -A - B
  return { X: fold(E * F), Y: fold(G * H), Z: fold(F * G), T: fold(E * H) }
}

const negate = (a: Ext): Ext => ({ X: -a.X, Y: a.Y, Z: a.Z, T: -a.T })

const isIdentity = (a: Ext) => a.X % P === 0n || a.Y % P === 0n

/** Σ scalarᵢ·pointᵢ by Pippenger's bucket method (unsigned windows); scalars in [0, 2^256). */
export function multiScalarIsIdentity(points: Ext[], scalars: bigint[]): boolean {
  const n = points.length
  if (n === 0) return true
  // Commitments carry 128-bit coefficients, shared points 253-bit ones: pick the window that
  // minimises the additions, Σ ⌈bitsᵢ / w⌉ for the points plus 2^(w+1) per window for the buckets.
  const lengths = scalars.map((s) => s.toString(16).length * 4)
  const bits = lengths.reduce((a, b) => Math.max(a, b), 0)
  let window = 2
  let best = Infinity
  for (let w = 2; w <= 14; w++) {
    let cost = Math.ceil(bits / w) * 2 ** (w + 1)
    for (const l of lengths) cost += Math.ceil(l / w)
    if (cost < best) [best, window] = [cost, w]
  }
  const mask = BigInt((1 << window) - 1)
  const shift = BigInt(window)
  const windows = Math.ceil(bits / window)
  // Digits of every scalar, lowest window first.
  const digits = new Uint16Array(n * windows)
  for (let j = 0; j < n; j++) {
    let s = scalars[j]!
    for (let w = 0; w < windows && s > 0n; w++) {
      digits[j * windows + w] = Number(s & mask)
      s >>= shift
    }
  }
  const buckets: (Ext | null)[] = new Array((1 << window) - 1)
  let sum: Ext | null = null
  for (let w = windows - 1; w >= 0; w--) {
    if (sum) for (let k = 0; k < window; k++) sum = double(sum)
    buckets.fill(null)
    for (let j = 0; j < n; j++) {
      const d = digits[j * windows + w]!
      if (d === 0) continue
      const bucket = buckets[d - 1]
      buckets[d - 1] = bucket ? add(bucket, points[j]!) : points[j]!
    }
    let running: Ext | null = null
    let windowSum: Ext | null = null
    for (let k = buckets.length - 1; k >= 0; k--) {
      const bucket = buckets[k]
      if (bucket) running = running ? add(running, bucket) : bucket
      if (running) windowSum = windowSum ? add(windowSum, running) : running
    }
    if (windowSum) sum = sum ? add(sum, windowSum) : windowSum
  }
  return sum === null || isIdentity(sum)
}

/**
 * Group equations gathered from many proofs, checked at once. A point object given in several
 * equations (the generator, the election key, a ciphertext) is one term of the sum.
 */
export class EquationBatch {
  private readonly points: Ext[] = []
  private readonly coefficients: bigint[] = []
  private readonly shared = new Map<Point, number>()
  private count = 0

  /** Number of equations gathered. */
  get size() {
    return this.count
  }

  private slot(point: Point): number {
    let id = this.shared.get(point)
    if (id === undefined) {
      id = this.points.length
      this.shared.set(point, id)
      this.points.push(extended(point))
      this.coefficients.push(0n)
    }
    return id
  }

  /** Records Σ sᵢ·Pᵢ = rhs. The right-hand side is a commitment seen in this equation only. */
  equation(terms: ReadonlyArray<readonly [Point, bigint]>, rhs: Point) {
    const z = random128() | 1n
    for (const [point, s] of terms) {
      if (s === 0n) continue
      const id = this.slot(point)
      this.coefficients[id] = this.coefficients[id]! + z * s
    }
    this.points.push(negate(extended(rhs)))
    this.coefficients.push(z)
    this.count++
  }

  /** Records s·g = rhs (shorthand for the generator). */
  base(s: bigint, terms: ReadonlyArray<readonly [Point, bigint]>, rhs: Point) {
    this.equation([[GENERATOR, s], ...terms], rhs)
  }

  /** True when every equation holds (up to 2^-128). */
  check(): boolean {
    return multiScalarIsIdentity(
      this.points,
      this.coefficients.map((c) => mod(c)),
    )
  }
}
