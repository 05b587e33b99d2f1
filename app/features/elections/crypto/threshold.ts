/**
 * The election key without a dealer, and its use at the tally: Pedersen's distributed key
 * generation (joint Feldman verifiable secret sharing), as in Belenios' threshold mode
 * (doc/specification.tex § 4.9–4.10, « Pedersen » trustees).
 *
 * n trustees, threshold t (any t decrypt, t − 1 learn nothing). Trustee i, in their browser:
 *  1. publish — draws a polynomial fᵢ of degree t − 1 and an encryption key; publishes the Feldman
 *     commitments Aᵢₖ = g^aᵢₖ with a proof of knowledge of aᵢ₀ (which also signs the message) and
 *     the encryption key with its own proof of knowledge;
 *  2. check and share — checks every trustee's commitments, then sends each other trustee j the
 *     share fᵢ(j), encrypted to j's key, signed with aᵢ₀, naming the digest of the commitments it
 *     saw (so a server showing different commitments to different trustees is caught at step 3);
 *  3. finalise — decrypts the shares sent to it, checks each against its sender's commitments
 *     (g^sᵢⱼ = Πₖ Aᵢₖ^(j^k)), and keeps xⱼ = Σᵢ fᵢ(j), its private share; publishes its
 *     verification key Vⱼ = g^xⱼ with a proof of knowledge. The election key is y = Πᵢ Aᵢ₀, and
 *     every Vⱼ is computable by anyone from the commitments: the verifier recomputes them.
 * At the tally each trustee publishes αⱼ^xⱼ for every ciphertext with a Chaum-Pedersen proof, and
 * any t of them combine with Lagrange coefficients at 0: Π Dⱼ^λⱼ = α^x.
 *
 * A trustee's whole secret state until step 3 is one random seed (as Belenios' seed): the
 * polynomial, the encryption key and the share encryptions are derived from it and from the
 * ceremony's digest, so a page keeps only `TrusteeState` between steps. A restarted ceremony
 * (after a bad share: the culprit is named, there is no complaint round) starts again at step 1
 * with new seeds.
 *
 * Share encryption (our choice, Belenios uses ElGamal + AES-GCM): hashed ElGamal over
 * ristretto255 — ephemeral R = g^e, K = Eⱼ^e, pad = H(ceremony, i, j, R, K) in Z_ℓ, and the share
 * travels as s + pad mod ℓ. Its integrity comes from the sender's signature and the commitments.
 * Differs from Belenios: no separate signing key (aᵢ₀, whose knowledge is proven anyway, signs),
 * a 1-based index is the Lagrange abscissa as in Belenios; the threshold here counts the trustees
 * needed (Belenios' `threshold` field is t + 1 with polynomials of degree t — the same thing).
 * Known limit (shared with Belenios): a last trustee who sees the others' commitments can bias y by
 * refusing to finish; it cannot learn or choose the secret.
 */
import { z } from 'zod'
import { type Ciphertext } from './elgamal'
import {
  type Point,
  canonicalJson,
  decodePoint,
  decodeScalar,
  ENCODED_LENGTH,
  encodePoint,
  encodeScalar,
  base64url,
  GROUP,
  IDENTITY,
  invert,
  mod,
  mulBase,
  mulSecret,
  randomBytes,
  sha256Base64url,
  Transcript,
} from './group'
import { EquationBatch } from './msm'
import { type DecryptionProof, type Known, known, proveDecryption, proveKnowledge, verifyDecryption, verifyKnowledge } from './proofs'

export const MAX_TRUSTEES = 20

const encoded = z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${ENCODED_LENGTH}}$`))
const index = z.number().int().min(1).max(MAX_TRUSTEES)
const schnorr = z.object({ A: encoded, r: encoded }).strict()

export const trusteeCommitmentSchema = z
  .object({ trustee: index, encryptionKey: encoded, encryptionKeyProof: schnorr, commitments: z.array(encoded).min(1).max(MAX_TRUSTEES), proof: schnorr })
  .strict()
export const encryptedShareSchema = z.object({ to: index, ephemeral: encoded, masked: encoded }).strict()
export const trusteeSharesSchema = z
  .object({ trustee: index, commitmentsDigest: encoded, shares: z.array(encryptedShareSchema).max(MAX_TRUSTEES), signature: schnorr })
  .strict()
export const trusteeVerificationKeySchema = z.object({ trustee: index, verificationKey: encoded, proof: schnorr }).strict()
export const partialDecryptionSchema = z
  .object({
    trustee: index,
    factors: z.array(z.object({ factor: encoded, proof: z.object({ A: encoded, B: encoded, r: encoded }).strict() }).strict()).max(100),
  })
  .strict()

/** Step 1's message. */
export type TrusteeCommitment = z.infer<typeof trusteeCommitmentSchema>
/** Step 2's message. */
export type TrusteeShares = z.infer<typeof trusteeSharesSchema>
export type EncryptedShare = z.infer<typeof encryptedShareSchema>
/** Step 3's message. */
export type TrusteeVerificationKey = z.infer<typeof trusteeVerificationKeySchema>
export type PartialDecryption = { trustee: number; factors: { factor: string; proof: DecryptionProof }[] }

/** Who runs the ceremony: the election, its trustees in order (index = position + 1), t. */
export type CeremonyContext = { electionId: string; trustees: readonly string[]; threshold: number }

/** A trustee's secret between the steps: keep it in the page or let them download it. */
export type TrusteeState = { format: 'amicale-trustee-state/1'; context: CeremonyContext; trustee: number; seed: string }

/** The file a trustee downloads at step 3 and loads at the tally. */
export type TrusteeKeyFile = {
  format: 'amicale-trustee-key/1'
  electionId: string
  ceremony: string
  trustee: number
  share: string
  verificationKey: string
  publicKey: string
}

export type Failure = { ok: false; failure: string }

/** The digest every ceremony proof is bound to (Belenios' `common_context`). */
export function ceremonyDigest(context: CeremonyContext): string {
  const { electionId, trustees, threshold } = context
  if (trustees.length < 1 || trustees.length > MAX_TRUSTEES) throw new RangeError('number of trustees')
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > trustees.length) throw new RangeError('threshold')
  return sha256Base64url(canonicalJson({ format: 'amicale-ceremony/1', group: GROUP, electionId, trustees: [...trustees], threshold }))
}

// ─── what a trustee derives from its seed ───────────────────────────────────────────────────────

function derive(state: TrusteeState, label: string, ...items: number[]) {
  const t = new Transcript(`ceremony-${label}`).text(ceremonyDigest(state.context)).integer(state.trustee).text(state.seed)
  for (const item of items) t.integer(item)
  return t.challenge()
}

const coefficients = (state: TrusteeState) => Array.from({ length: state.context.threshold }, (_, k) => derive(state, 'polynomial', k))

function evaluate(coefs: readonly bigint[], x: number): bigint {
  let acc = 0n
  for (let k = coefs.length - 1; k >= 0; k--) acc = mod(acc * BigInt(x) + coefs[k]!)
  return acc
}

const commitmentMessage = (m: Pick<TrusteeCommitment, 'trustee' | 'encryptionKey' | 'commitments'>) =>
  sha256Base64url(canonicalJson({ trustee: m.trustee, encryptionKey: m.encryptionKey, commitments: m.commitments }))
const sharesMessage = (m: Pick<TrusteeShares, 'trustee' | 'commitmentsDigest' | 'shares'>) =>
  sha256Base64url(canonicalJson({ trustee: m.trustee, commitmentsDigest: m.commitmentsDigest, shares: m.shares }))

function sharePad(digest: string, from: number, to: number, R: string, K: Point) {
  return new Transcript('ceremony-share-pad').text(digest).integer(from).integer(to).point(R).point(encodePoint(K)).challenge()
}

// ─── step 1: publish ────────────────────────────────────────────────────────────────────────────

export function ceremonyPublish(
  context: CeremonyContext,
  trustee: number,
  seed: string = base64url(randomBytes(32)),
): { state: TrusteeState; message: TrusteeCommitment } {
  const digest = ceremonyDigest(context)
  if (!Number.isSafeInteger(trustee) || trustee < 1 || trustee > context.trustees.length) throw new RangeError('trustee')
  const state: TrusteeState = { format: 'amicale-trustee-state/1', context, trustee, seed }
  const coefs = coefficients(state)
  const commitments = coefs.map((a) => encodePoint(mulBase(a)))
  const dk = derive(state, 'encryption-key')
  const E = known(mulBase(dk))
  const body = { trustee, encryptionKey: E.encoded, commitments }
  const A0 = { point: decodePoint(commitments[0])!, encoded: commitments[0]! }
  return {
    state,
    message: {
      ...body,
      encryptionKeyProof: proveKnowledge('ceremony-encryption-key', [digest, trustee], dk, E),
      proof: proveKnowledge('ceremony-polynomial', [digest, trustee], coefs[0]!, A0, commitmentMessage(body)),
    },
  }
}

export type CheckedCommitment = TrusteeCommitment & { points: Point[]; encryption: Point }

/** Checks one trustee's step-1 message (server and trustees alike). */
export function checkTrusteeCommitment(context: CeremonyContext, input: unknown): { ok: true; value: CheckedCommitment } | Failure {
  const parsed = trusteeCommitmentSchema.safeParse(input)
  if (!parsed.success) return { ok: false, failure: 'format' }
  const m = parsed.data
  const name = `trustee ${m.trustee}`
  if (m.trustee > context.trustees.length) return { ok: false, failure: `${name}: no such trustee` }
  if (m.commitments.length !== context.threshold) return { ok: false, failure: `${name}: number of commitments` }
  const points = m.commitments.map((c) => decodePoint(c))
  const encryption = decodePoint(m.encryptionKey)
  if (points.some((p) => !p)) return { ok: false, failure: `${name}: commitments` }
  if (!encryption) return { ok: false, failure: `${name}: encryption key` }
  const digest = ceremonyDigest(context)
  const batch = new EquationBatch()
  if (
    !verifyKnowledge(batch, 'ceremony-encryption-key', [digest, m.trustee], { point: encryption, encoded: m.encryptionKey }, m.encryptionKeyProof) ||
    !batch.check()
  )
    return { ok: false, failure: `${name}: proof of its encryption key` }
  const A0 = { point: points[0]!, encoded: m.commitments[0]! }
  const second = new EquationBatch()
  if (!verifyKnowledge(second, 'ceremony-polynomial', [digest, m.trustee], A0, m.proof, commitmentMessage(m)) || !second.check())
    return { ok: false, failure: `${name}: proof of its polynomial` }
  return { ok: true, value: { ...m, points: points as Point[], encryption } }
}

/** All n step-1 messages, one per trustee, checked and in order, with their digest. */
export function checkAllCommitments(context: CeremonyContext, inputs: readonly unknown[]): { ok: true; all: CheckedCommitment[]; digest: string } | Failure {
  if (!Array.isArray(inputs) || inputs.length !== context.trustees.length) return { ok: false, failure: 'number of trustees' }
  const all: CheckedCommitment[] = []
  for (const input of inputs) {
    const checked = checkTrusteeCommitment(context, input)
    if (!checked.ok) return checked
    all.push(checked.value)
  }
  all.sort((a, b) => a.trustee - b.trustee)
  if (all.some((m, i) => m.trustee !== i + 1)) return { ok: false, failure: 'one message per trustee' }
  const digest = sha256Base64url(
    canonicalJson(
      all.map(({ trustee, encryptionKey, encryptionKeyProof, commitments, proof }) => ({ trustee, encryptionKey, encryptionKeyProof, commitments, proof })),
    ),
  )
  return { ok: true, all, digest }
}

// ─── step 2: check and share ────────────────────────────────────────────────────────────────────

export function ceremonyCheckAndShare(state: TrusteeState, commitments: readonly unknown[]): { ok: true; message: TrusteeShares } | Failure {
  const checked = checkAllCommitments(state.context, commitments)
  if (!checked.ok) return checked
  const mine = ceremonyPublish(state.context, state.trustee, state.seed).message
  const published = checked.all[state.trustee - 1]!
  if (published.encryptionKey !== mine.encryptionKey || canonicalJson(published.commitments) !== canonicalJson(mine.commitments))
    return { ok: false, failure: `trustee ${state.trustee}: these are not my commitments` }
  const digest = ceremonyDigest(state.context)
  const coefs = coefficients(state)
  const shares: EncryptedShare[] = []
  for (const other of checked.all) {
    if (other.trustee === state.trustee) continue
    const e = derive(state, 'share-ephemeral', other.trustee)
    const R = encodePoint(mulBase(e))
    const K = mulSecret(other.encryption, e)
    shares.push({
      to: other.trustee,
      ephemeral: R,
      masked: encodeScalar(evaluate(coefs, other.trustee) + sharePad(digest, state.trustee, other.trustee, R, K)),
    })
  }
  const body = { trustee: state.trustee, commitmentsDigest: checked.digest, shares }
  const A0 = { point: published.points[0]!, encoded: published.commitments[0]! }
  return { ok: true, message: { ...body, signature: proveKnowledge('ceremony-shares', [digest, state.trustee], coefs[0]!, A0, sharesMessage(body)) } }
}

/** Checks one step-2 message against the commitments (the server: shape and signature only). */
export function checkTrusteeShares(
  context: CeremonyContext,
  all: readonly CheckedCommitment[],
  digest: string,
  input: unknown,
): { ok: true; value: TrusteeShares } | Failure {
  const parsed = trusteeSharesSchema.safeParse(input)
  if (!parsed.success) return { ok: false, failure: 'format' }
  const m = parsed.data
  const name = `trustee ${m.trustee}`
  const sender = all[m.trustee - 1]
  if (!sender) return { ok: false, failure: `${name}: no such trustee` }
  if (m.commitmentsDigest !== digest) return { ok: false, failure: `${name}: saw other commitments` }
  const recipients = m.shares.map((s) => s.to)
  const expected = all.map((c) => c.trustee).filter((t) => t !== m.trustee)
  if (canonicalJson(recipients) !== canonicalJson(expected)) return { ok: false, failure: `${name}: one share for each other trustee` }
  if (m.shares.some((s) => !decodePoint(s.ephemeral) || decodeScalar(s.masked) === null)) return { ok: false, failure: `${name}: shares` }
  const batch = new EquationBatch()
  const A0 = { point: sender.points[0]!, encoded: sender.commitments[0]! }
  if (!verifyKnowledge(batch, 'ceremony-shares', [ceremonyDigest(context), m.trustee], A0, m.signature, sharesMessage(m)) || !batch.check())
    return { ok: false, failure: `${name}: signature of its shares` }
  return { ok: true, value: m }
}

/** g^s = Πₖ Aₖ^(j^k): the share s for trustee j agrees with the commitments A. */
function addShareEquation(batch: EquationBatch, commitments: readonly Point[], j: number, gs: Point) {
  let power = 1n
  const terms: [Point, bigint][] = []
  for (const A of commitments) {
    terms.push([A, power])
    power = mod(power * BigInt(j))
  }
  batch.equation(terms, gs)
}

// ─── step 3: finalise ───────────────────────────────────────────────────────────────────────────

export function ceremonyFinalise(
  state: TrusteeState,
  commitments: readonly unknown[],
  sharesMessages: readonly unknown[],
): { ok: true; keyFile: TrusteeKeyFile; message: TrusteeVerificationKey } | (Failure & { culprit?: number }) {
  const checked = checkAllCommitments(state.context, commitments)
  if (!checked.ok) return checked
  const me = state.trustee
  const digest = ceremonyDigest(state.context)
  const dk = derive(state, 'encryption-key')
  const coefs = coefficients(state)
  let x = evaluate(coefs, me)
  const senders = new Set<number>()
  for (const input of sharesMessages) {
    const result = checkTrusteeShares(state.context, checked.all, checked.digest, input)
    if (!result.ok) return result
    const m = result.value
    if (m.trustee === me) continue
    if (senders.has(m.trustee)) return { ok: false, failure: `trustee ${m.trustee}: two messages` }
    senders.add(m.trustee)
    const share = m.shares.find((s) => s.to === me)!
    const s = mod(decodeScalar(share.masked)! - sharePad(digest, m.trustee, me, share.ephemeral, mulSecret(decodePoint(share.ephemeral)!, dk)))
    const batch = new EquationBatch()
    addShareEquation(batch, checked.all[m.trustee - 1]!.points, me, mulBase(s))
    if (!batch.check()) return { ok: false, failure: `share from trustee ${m.trustee} does not match its commitments`, culprit: m.trustee }
    x = mod(x + s)
  }
  if (senders.size !== state.context.trustees.length - 1) return { ok: false, failure: 'a trustee has not sent its shares' }
  const V = known(mulBase(x))
  const publicKey = electionKey(checked.all)
  return {
    ok: true,
    keyFile: {
      format: 'amicale-trustee-key/1',
      electionId: state.context.electionId,
      ceremony: digest,
      trustee: me,
      share: encodeScalar(x),
      verificationKey: V.encoded,
      publicKey: encodePoint(publicKey),
    },
    message: { trustee: me, verificationKey: V.encoded, proof: proveKnowledge('ceremony-verification-key', [digest, me], x, V, checked.digest) },
  }
}

/** Vⱼ = Πᵢ Πₖ Aᵢₖ^(j^k): trustee j's verification key, from the published commitments alone. */
export function verificationKeyFromCommitments(all: readonly { points: readonly Point[] }[], j: number): Point {
  let V = IDENTITY
  for (const c of all) {
    let power = 1n
    for (const A of c.points) {
      V = V.add(A.multiplyUnsafe(power))
      power = mod(power * BigInt(j))
    }
  }
  return V
}

/** y = Πᵢ Aᵢ₀. */
export function electionKey(all: readonly { points: readonly Point[] }[]): Point {
  return all.reduce((y, c) => y.add(c.points[0]!), IDENTITY)
}

/** Checks a step-3 message: Vⱼ as the commitments give it, and its proof. */
export function checkVerificationKey(
  context: CeremonyContext,
  all: readonly CheckedCommitment[],
  digest: string,
  input: unknown,
): { ok: true; value: TrusteeVerificationKey; point: Point } | Failure {
  const parsed = trusteeVerificationKeySchema.safeParse(input)
  if (!parsed.success) return { ok: false, failure: 'format' }
  const m = parsed.data
  const name = `trustee ${m.trustee}`
  if (m.trustee > all.length) return { ok: false, failure: `${name}: no such trustee` }
  const V = decodePoint(m.verificationKey)
  if (!V) return { ok: false, failure: `${name}: verification key` }
  const batch = new EquationBatch()
  batch.equation(
    all.flatMap((c) => {
      let power = 1n
      return c.points.map((A) => {
        const term: [Point, bigint] = [A, power]
        power = mod(power * BigInt(m.trustee))
        return term
      })
    }),
    V,
  )
  if (!batch.check()) return { ok: false, failure: `${name}: verification key does not follow from the commitments` }
  const proofBatch = new EquationBatch()
  if (
    !verifyKnowledge(
      proofBatch,
      'ceremony-verification-key',
      [ceremonyDigest(context), m.trustee],
      { point: V, encoded: m.verificationKey },
      m.proof,
      digest,
    ) ||
    !proofBatch.check()
  )
    return { ok: false, failure: `${name}: proof of its verification key` }
  return { ok: true, value: m, point: V }
}

/** A trustee's key file from the page's upload, checked; never throws. */
export function readTrusteeKeyFile(input: unknown): { ok: true; keyFile: TrusteeKeyFile; share: bigint } | Failure {
  let value = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input.slice(0, 10_000))
    } catch {
      return { ok: false, failure: 'not a key file' }
    }
  }
  const parsed = z
    .object({
      format: z.literal('amicale-trustee-key/1'),
      electionId: z.string().max(200),
      ceremony: encoded,
      trustee: index,
      share: encoded,
      verificationKey: encoded,
      publicKey: encoded,
    })
    .strict()
    .safeParse(value)
  if (!parsed.success) return { ok: false, failure: 'not a key file' }
  const share = decodeScalar(parsed.data.share)
  const V = decodePoint(parsed.data.verificationKey)
  if (share === null || !V || !mulBase(share).equals(V)) return { ok: false, failure: 'the share does not match its verification key' }
  return { ok: true, keyFile: parsed.data, share }
}

// ─── tally ──────────────────────────────────────────────────────────────────────────────────────

/** A trustee's decryption factors for the encrypted tally, with their proofs. */
export function partialDecrypt(fingerprint: string, keyFile: TrusteeKeyFile, tally: readonly Ciphertext[]): PartialDecryption {
  const read = readTrusteeKeyFile(keyFile)
  if (!read.ok) throw new RangeError(read.failure)
  const V = { point: decodePoint(keyFile.verificationKey)!, encoded: keyFile.verificationKey }
  return {
    trustee: keyFile.trustee,
    factors: tally.map((c) => {
      // An empty box sums to the identity: its factor is the identity too.
      const alpha = decodePoint(c.alpha, { allowIdentity: true })
      if (!alpha) throw new RangeError('tally')
      return proveDecryption([fingerprint, keyFile.trustee], read.share, V, { point: alpha, encoded: c.alpha })
    }),
  }
}

/** Checks a trustee's partial decryption; returns its factors, or the first bad one (from 1). */
export function checkPartialDecryption(
  fingerprint: string,
  verificationKey: Known,
  tally: readonly Known[],
  input: unknown,
): { ok: true; trustee: number; factors: Point[] } | Failure {
  const parsed = partialDecryptionSchema.safeParse(input)
  if (!parsed.success) return { ok: false, failure: 'format' }
  const pd = parsed.data
  if (pd.factors.length !== tally.length) return { ok: false, failure: 'number of factors' }
  const factors: Point[] = []
  const batch = new EquationBatch()
  for (let i = 0; i < tally.length; i++) {
    const D = verifyDecryption(batch, [fingerprint, pd.trustee], verificationKey, tally[i]!, pd.factors[i]!.factor, pd.factors[i]!.proof)
    if (!D) return { ok: false, failure: `factor ${i + 1}` }
    factors.push(D)
  }
  if (!batch.check()) {
    for (let i = 0; i < tally.length; i++) {
      const alone = new EquationBatch()
      verifyDecryption(alone, [fingerprint, pd.trustee], verificationKey, tally[i]!, pd.factors[i]!.factor, pd.factors[i]!.proof)
      if (!alone.check()) return { ok: false, failure: `factor ${i + 1}` }
    }
  }
  return { ok: true, trustee: pd.trustee, factors }
}

/** λᵢ = Πⱼ≠ᵢ j / (j − i) mod ℓ for the trustees present. */
export function lagrangeAtZero(indices: readonly number[]): bigint[] {
  return indices.map((i) => {
    let num = 1n
    let den = 1n
    for (const j of indices) {
      if (j === i) continue
      num = mod(num * BigInt(j))
      den = mod(den * BigInt(j - i))
    }
    return mod(num * invert(den))
  })
}

/**
 * g^mᵢ for every tally ciphertext, from the checked partial decryptions of at least `threshold`
 * distinct trustees (all given are used: any t of n give the same result). Fewer: a failure.
 */
export function combineDecryptions(
  threshold: number,
  tally: readonly { beta: Point }[],
  decryptions: readonly { trustee: number; factors: readonly Point[] }[],
): { ok: true; plaintexts: Point[] } | Failure {
  const indices = decryptions.map((d) => d.trustee)
  if (new Set(indices).size !== indices.length) return { ok: false, failure: 'a trustee decrypted twice' }
  if (indices.length < threshold) return { ok: false, failure: `only ${indices.length} of the ${threshold} needed` }
  const lambdas = lagrangeAtZero(indices)
  return {
    ok: true,
    plaintexts: tally.map((c, k) => {
      let D = IDENTITY
      decryptions.forEach((d, i) => {
        D = D.add(d.factors[k]!.multiplyUnsafe(lambdas[i]!))
      })
      return c.beta.subtract(D)
    }),
  }
}
