/**
 * A ballot for « choose up to `seats` of N candidates, blank allowed ».
 *
 * One ciphertext per candidate in the drawn order (1 chosen, 0 not), each with its proof that it
 * encrypts 0 or 1; one more ciphertext, `blank`, encrypting 1 exactly when nothing is chosen, with
 * its own 0-or-1 proof; and the overall proof that seats·blank + Σ choices lies in 1…seats. That
 * one statement says both that at most `seats` candidates are chosen and that `blank` is set if
 * and only if none is (blank = 1 forces Σ = 0; blank = 0 forces 1 ≤ Σ ≤ seats), so the tally
 * counts blank ballots without anyone seeing which ones they are.
 *
 * The ballot names the election by its fingerprint and the voter by a credential: a public key
 * whose secret only the voter's browser derives. Every proof hashes both, and the whole ballot is
 * signed with the credential's secret, so a ballot cannot be replayed in another election, copied
 * under another credential, or altered by the server. Its tracker is the SHA-256 of its canonical
 * JSON, in base64url.
 *
 * Follows Belenios (§ 4.13–4.15): `choices` with `individual_proofs` and an `overall_proof`, the
 * raw ballot signed with the credential (Belenios' `ballot` = `raw_ballot signed_msg`), the
 * tracker as the hash of the ballot. Differs: Belenios' blank vote is a leading ciphertext with
 * two extra proofs (`blank_proof`, `overall_proof`); the single combined statement above replaces
 * them. One question per ballot; the weight of every voter is 1.
 */
import { z } from 'zod'
import { type Ciphertext, type DecodedCiphertext, addCiphertexts, decodeCiphertext, encrypt } from './elgamal'
import { type Point, canonicalJson, decodePoint, ENCODED_LENGTH, base64url, mod, mulBase, randomBytes, sha256Base64url, Transcript, utf8 } from './group'
import { EquationBatch } from './msm'
import { type IntervalStatement, type Known, known, proveInterval, proveKnowledge, verifyInterval, verifyKnowledge } from './proofs'

export const MAX_CANDIDATES = 64
/** A ballot as text beyond this is refused before it is parsed (10 candidates: ~8 kB). */
export const MAX_BALLOT_TEXT = 200_000

const encoded = z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${ENCODED_LENGTH}}$`))
export const branchSchema = z.object({ A: encoded, B: encoded, c: encoded, r: encoded }).strict()
export const intervalProofSchema = z.array(branchSchema).min(1).max(MAX_CANDIDATES)
export const schnorrProofSchema = z.object({ A: encoded, r: encoded }).strict()
export const encryptedChoiceSchema = z.object({ alpha: encoded, beta: encoded, proof: intervalProofSchema.max(2) }).strict()

export const ballotSchema = z
  .object({
    election: encoded,
    credential: encoded,
    choices: z.array(encryptedChoiceSchema).min(1).max(MAX_CANDIDATES),
    blank: encryptedChoiceSchema,
    overall: intervalProofSchema,
    signature: schnorrProofSchema,
  })
  .strict()

export type EncryptedChoice = z.infer<typeof encryptedChoiceSchema>
export type Ballot = z.infer<typeof ballotSchema>

/** What a ballot needs of its election. */
export type BallotElection = { fingerprint: string; publicKey: string; candidates: number; seats: number }
/** The same, with the key decoded once for many ballots. */
export type PreparedElection = BallotElection & { key: Known }

export function prepareElection(election: BallotElection | PreparedElection): PreparedElection {
  if ('key' in election) return election
  const point = decodePoint(election.publicKey)
  if (!point) throw new RangeError('the election key is not a valid point')
  if (!Number.isSafeInteger(election.candidates) || election.candidates < 1 || election.candidates > MAX_CANDIDATES) throw new RangeError('candidates')
  if (!Number.isSafeInteger(election.seats) || election.seats < 1 || election.seats > election.candidates) throw new RangeError('seats')
  return { ...election, key: { point, encoded: election.publicKey } }
}

// ─── credentials ────────────────────────────────────────────────────────────────────────────────

export type Credential = { secret: bigint; public: Known }

/** A fresh credential secret: 128 random bits, base64url (22 characters). */
export function newCredentialSecret(): string {
  return base64url(randomBytes(16))
}

/** The credential a secret gives in one election (Belenios' `secret(c)`, derived per election). */
export function credentialFromSecret(electionId: string, secret: string): Credential {
  const x = new Transcript('credential').text(electionId).text(secret).challenge()
  return { secret: x, public: known(mulBase(x)) }
}

// ─── encryption ─────────────────────────────────────────────────────────────────────────────────

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

function choiceStatement(
  election: PreparedElection,
  credential: string,
  index: number | 'blank',
  c: { alpha: Point; beta: Point },
  e: Ciphertext,
): IntervalStatement {
  return {
    domain: index === 'blank' ? 'blank' : 'choice',
    context: index === 'blank' ? [election.fingerprint, credential] : [election.fingerprint, credential, index],
    key: election.key,
    statement: [e.alpha, e.beta],
    ciphertext: c,
    values: [0, 1],
  }
}

function overallStatement(election: PreparedElection, credential: string, choices: readonly DecodedCiphertext[], blank: DecodedCiphertext): IntervalStatement {
  let sum = { alpha: blank.alpha.multiplyUnsafe(BigInt(election.seats)), beta: blank.beta.multiplyUnsafe(BigInt(election.seats)) }
  for (const c of choices) sum = addCiphertexts(sum, c)
  return {
    domain: 'overall',
    context: [election.fingerprint, credential],
    key: election.key,
    statement: [...choices, blank].flatMap((c) => [c.encoded.alpha, c.encoded.beta]),
    ciphertext: sum,
    values: range(1, election.seats),
  }
}

const signedPart = (ballot: Omit<Ballot, 'signature'> & { signature?: unknown }) => sha256Base64url(canonicalJson({ ...ballot, signature: undefined }))

/**
 * Encrypts the chosen candidates (indices in the drawn order, at most `seats`, none for a blank
 * ballot). Throws on choices the ballot could not prove: the page must not offer them.
 */
export function encryptBallot(electionInput: BallotElection | PreparedElection, chosen: readonly number[], credential: Credential): Ballot {
  const election = prepareElection(electionInput)
  const picked = new Set(chosen)
  if (picked.size !== chosen.length) throw new RangeError('a candidate is chosen twice')
  if (chosen.length > election.seats) throw new RangeError('more candidates chosen than seats')
  for (const i of chosen) if (!Number.isSafeInteger(i) || i < 0 || i >= election.candidates) throw new RangeError('no such candidate')
  const cred = credential.public.encoded
  const y = election.key.point
  const decoded: DecodedCiphertext[] = []
  const choices: EncryptedChoice[] = []
  let rhoSum = 0n
  for (let i = 0; i < election.candidates; i++) {
    const m = picked.has(i) ? 1 : 0
    const { ciphertext, r } = encrypt(y, m)
    decoded.push(ciphertext)
    rhoSum += r
    choices.push({ ...ciphertext.encoded, proof: proveInterval(choiceStatement(election, cred, i, ciphertext, ciphertext.encoded), r, m) })
  }
  const blankValue = chosen.length === 0 ? 1 : 0
  const blankEnc = encrypt(y, blankValue)
  const blank = {
    ...blankEnc.ciphertext.encoded,
    proof: proveInterval(choiceStatement(election, cred, 'blank', blankEnc.ciphertext, blankEnc.ciphertext.encoded), blankEnc.r, blankValue),
  }
  const seats = BigInt(election.seats)
  const overall = proveInterval(
    overallStatement(election, cred, decoded, blankEnc.ciphertext),
    mod(rhoSum + seats * blankEnc.r),
    chosen.length + election.seats * blankValue,
  )
  const unsigned = { election: election.fingerprint, credential: cred, choices, blank, overall }
  const signature = proveKnowledge('ballot', [election.fingerprint], credential.secret, credential.public, signedPart(unsigned))
  return { ...unsigned, signature }
}

/** The ballot's tracker: SHA-256 of its canonical JSON, base64url (43 characters). */
export function tracker(ballot: Ballot): string {
  return sha256Base64url(canonicalJson(ballot))
}

// ─── verification ───────────────────────────────────────────────────────────────────────────────

export type BallotFailure = { ok: false; failure: string }

/** A ballot whose shape, election and points are right, with its proofs still to check. */
export type PreparedBallot = {
  ballot: Ballot
  credential: Known
  /** The candidates' ciphertexts, then the blank one. */
  ciphertexts: DecodedCiphertext[]
  checks: { name: string; add: (batch: EquationBatch) => boolean }[]
}

function parseInput(input: unknown): { ok: true; value: unknown } | BallotFailure {
  if (typeof input !== 'string') return { ok: true, value: input }
  if (input.length > MAX_BALLOT_TEXT) return { ok: false, failure: 'format: too large' }
  try {
    return { ok: true, value: JSON.parse(input) as unknown }
  } catch {
    return { ok: false, failure: 'format: not JSON' }
  }
}

/** Shape, election, sizes and points of a ballot; never throws. Candidates are named from 1. */
export function prepareBallot(election: PreparedElection, input: unknown): { ok: true; prepared: PreparedBallot } | BallotFailure {
  const parsed = parseInput(input)
  if (!parsed.ok) return parsed
  // Refuse oversized arrays before the schema walks every element of them.
  const raw = parsed.value as { choices?: unknown; overall?: unknown } | null
  if (typeof raw === 'object' && raw !== null && [raw.choices, raw.overall].some((a) => Array.isArray(a) && a.length > MAX_CANDIDATES))
    return { ok: false, failure: 'format: too many items' }
  const result = ballotSchema.safeParse(parsed.value)
  if (!result.success) {
    const issue = result.error.issues[0]
    const where = issue?.path.join('.') || 'ballot'
    return { ok: false, failure: issue?.code === 'unrecognized_keys' ? `format: ${where} has unknown fields` : `format: ${where}` }
  }
  const ballot = result.data
  if (ballot.election !== election.fingerprint) return { ok: false, failure: 'election fingerprint' }
  if (ballot.choices.length !== election.candidates) return { ok: false, failure: 'number of choices' }
  if (ballot.overall.length !== election.seats) return { ok: false, failure: 'overall proof' }
  const credentialPoint = decodePoint(ballot.credential)
  if (!credentialPoint) return { ok: false, failure: 'credential' }
  const credential = { point: credentialPoint, encoded: ballot.credential }
  const ciphertexts: DecodedCiphertext[] = []
  for (let i = 0; i < ballot.choices.length; i++) {
    const c = decodeCiphertext(ballot.choices[i]!)
    if (!c) return { ok: false, failure: `ciphertext of candidate ${i + 1}` }
    ciphertexts.push(c)
  }
  const blank = decodeCiphertext(ballot.blank)
  if (!blank) return { ok: false, failure: 'blank ciphertext' }
  const cred = ballot.credential
  const choiceCiphertexts = [...ciphertexts]
  const checks: PreparedBallot['checks'] = ballot.choices.map((choice, i) => ({
    name: `proof of candidate ${i + 1}`,
    add: (batch: EquationBatch) => verifyInterval(batch, choiceStatement(election, cred, i, ciphertexts[i]!, choice), choice.proof),
  }))
  checks.push({
    name: 'proof of blank',
    add: (batch) => verifyInterval(batch, choiceStatement(election, cred, 'blank', blank, ballot.blank), ballot.blank.proof),
  })
  checks.push({ name: 'overall proof', add: (batch) => verifyInterval(batch, overallStatement(election, cred, choiceCiphertexts, blank), ballot.overall) })
  checks.push({ name: 'signature', add: (batch) => verifyKnowledge(batch, 'ballot', [election.fingerprint], credential, ballot.signature, signedPart(ballot)) })
  ciphertexts.push(blank)
  return { ok: true, prepared: { ballot, credential, ciphertexts, checks } }
}

/** The first failing check of prepared ballots, each alone (after a batch of them failed). */
export function locateFailure(ballot: PreparedBallot): string | null {
  for (const check of ballot.checks) {
    const batch = new EquationBatch()
    if (!check.add(batch) || !batch.check()) return check.name
  }
  return null
}

/**
 * One of `of` shares of a ballot's proof checks (every `of`-th check from `index`), for threads
 * that check one ballot together: the ballot holds when every share does.
 */
export type BallotPart = { index: number; of: number }

/**
 * Checks a ballot (an object or its JSON text) against its election: `{ ok: true }` with its
 * tracker, or the first failure by name (`proof of candidate 3`, `signature`…). Never throws.
 * With `part`, only that share of the proofs is checked (the shape and points always are).
 */
export function verifyBallot(
  electionInput: BallotElection | PreparedElection,
  input: unknown,
  part?: BallotPart,
): { ok: true; ballot: Ballot; tracker: string } | BallotFailure {
  const election = prepareElection(electionInput)
  try {
    const prepared = prepareBallot(election, input)
    if (!prepared.ok) return prepared
    const checks = part ? prepared.prepared.checks.filter((_, i) => i % part.of === part.index) : prepared.prepared.checks
    const batch = new EquationBatch()
    for (const check of checks) if (!check.add(batch)) return { ok: false, failure: check.name }
    if (!batch.check()) return { ok: false, failure: locateFailure({ ...prepared.prepared, checks }) ?? 'proofs' }
    return { ok: true, ballot: prepared.prepared.ballot, tracker: tracker(prepared.prepared.ballot) }
  } catch {
    // Nothing above should throw on any input; if something does, the ballot is still refused.
    return { ok: false, failure: 'format' }
  }
}

/** For a page: the same bytes the tracker hashes, so it can show or mail them. */
export const ballotText = (ballot: Ballot) => canonicalJson(ballot)
export const trackerOfText = (text: string) => sha256Base64url(utf8(text))
