/**
 * The public board, `/elections/:id/urne.json`: everything anyone needs to check an election
 * without the database. Its shape is the zod schema below; `verifyElection` (verify.ts) checks
 * it from end to end.
 *
 * ```
 * {
 *   format: 'amicale-election-board/1',
 *   parameters: {                         ← sealed: their SHA-256 is the fingerprint
 *     format: 'amicale-election/1', group: 'ristretto255',
 *     id, title, seats,
 *     candidates: [{ id, name }],         ← in the drawn order; ballots follow it
 *     tieRule: { kind: 'drawn-order' } | { kind: 'ranking', label, ranking: [candidate id] },
 *     roll: { size, digest },             ← digest: the server's hash of the frozen roll, or null
 *     credentials: [point] | null,        ← the voters' public credentials, sorted, when published
 *     threshold,
 *     trustees: [{ trustee, name, encryptionKey, encryptionKeyProof, commitments, proof,
 *                  verificationKey, verificationKeyProof }],
 *     publicKey                           ← Πᵢ commitmentsᵢ[0]
 *   },
 *   fingerprint,                          ← base64url SHA-256 of canonicalJson(parameters)
 *   voted,                                ← roll entries marked as having voted
 *   ballots: [ballot],                    ← the ballot that counts for each voter (ballot.ts)
 *   tally: null | {                       ← null while the vote is open
 *     encrypted: [{ alpha, beta }],       ← Π of the ballots' ciphertexts: candidates, then blank
 *     partialDecryptions: [{ trustee, factors: [{ factor, proof }] }],
 *     result: { counted, blank, votes: [per candidate], elected: [candidate id, in rank] }
 *   }
 * }
 * ```
 * Points and scalars are base64url (group.ts). Numbers are integers. Candidates, trustees and
 * ballots are numbered from 1 in failures. A revote replaces the voter's ballot on the board:
 * superseded ballots are not published.
 */
import { z } from 'zod'
import { type Ballot, type BallotElection, MAX_CANDIDATES } from './ballot'
import { canonicalJson, ENCODED_LENGTH, GROUP, sha256Base64url } from './group'
import {
  type CeremonyContext,
  type PartialDecryption,
  type TrusteeCommitment,
  type TrusteeVerificationKey,
  MAX_TRUSTEES,
  trusteeCommitmentSchema,
} from './threshold'

export const MAX_ROLL = 1_000_000
export const BOARD_FORMAT = 'amicale-election-board/1'
export const PARAMETERS_FORMAT = 'amicale-election/1'

const encoded = z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${ENCODED_LENGTH}}$`))
const count = z.number().int().min(0).max(MAX_ROLL)
const schnorr = z.object({ A: encoded, r: encoded }).strict()

export const boardTrusteeSchema = trusteeCommitmentSchema
  .extend({ name: z.string().min(1).max(200), verificationKey: encoded, verificationKeyProof: schnorr })
  .strict()

export const tieRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('drawn-order') }).strict(),
  z.object({ kind: z.literal('ranking'), label: z.string().min(1).max(300), ranking: z.array(z.string()).max(MAX_CANDIDATES) }).strict(),
])

export const parametersSchema = z
  .object({
    format: z.literal(PARAMETERS_FORMAT),
    group: z.literal(GROUP),
    id: z.string().min(1).max(100),
    title: z.string().min(1).max(300),
    seats: z.number().int().min(1).max(MAX_CANDIDATES),
    candidates: z
      .array(z.object({ id: z.string().min(1).max(100), name: z.string().min(1).max(300) }).strict())
      .min(1)
      .max(MAX_CANDIDATES),
    tieRule: tieRuleSchema,
    roll: z.object({ size: count.min(1), digest: encoded.nullable() }).strict(),
    credentials: z.array(encoded).max(MAX_ROLL).nullable(),
    threshold: z.number().int().min(1).max(MAX_TRUSTEES),
    trustees: z.array(boardTrusteeSchema).min(1).max(MAX_TRUSTEES),
    publicKey: encoded,
  })
  .strict()

export const ciphertextSchema = z.object({ alpha: encoded, beta: encoded }).strict()

export const resultSchema = z
  .object({ counted: count, blank: count, votes: z.array(count).max(MAX_CANDIDATES), elected: z.array(z.string().max(100)).max(MAX_CANDIDATES) })
  .strict()

/**
 * The board with ballots and partial decryptions left unparsed: the verifier checks those one by
 * one (in worker threads), with failures that name them.
 */
export const boardEnvelopeSchema = z
  .object({
    format: z.literal(BOARD_FORMAT),
    parameters: parametersSchema,
    fingerprint: encoded,
    voted: count,
    ballots: z.array(z.unknown()).max(MAX_ROLL),
    tally: z
      .object({
        encrypted: z.array(ciphertextSchema).max(MAX_CANDIDATES + 1),
        partialDecryptions: z.array(z.unknown()).max(MAX_TRUSTEES),
        result: resultSchema,
      })
      .strict()
      .nullable(),
  })
  .strict()

export type ElectionParameters = z.infer<typeof parametersSchema>
export type BoardTrustee = z.infer<typeof boardTrusteeSchema>
export type TieRule = z.infer<typeof tieRuleSchema>
export type ElectionResult = z.infer<typeof resultSchema>
export type Board = Omit<z.infer<typeof boardEnvelopeSchema>, 'ballots' | 'tally'> & {
  ballots: Ballot[]
  tally: null | { encrypted: { alpha: string; beta: string }[]; partialDecryptions: PartialDecryption[]; result: ElectionResult }
}

/** The election fingerprint: base64url SHA-256 of the parameters' canonical JSON. */
export function electionFingerprint(parameters: ElectionParameters): string {
  return sha256Base64url(canonicalJson(parameters))
}

export const ceremonyContextOf = (p: Pick<ElectionParameters, 'id' | 'trustees' | 'threshold'>): CeremonyContext => ({
  electionId: p.id,
  trustees: p.trustees.map((t) => t.name),
  threshold: p.threshold,
})

export const ballotElectionOf = (parameters: ElectionParameters, fingerprint = electionFingerprint(parameters)): BallotElection => ({
  fingerprint,
  publicKey: parameters.publicKey,
  candidates: parameters.candidates.length,
  seats: parameters.seats,
})

/** The board's trustee entries from the ceremony's step-1 and step-3 messages, in order. */
export function boardTrustees(names: readonly string[], commitments: readonly TrusteeCommitment[], keys: readonly TrusteeVerificationKey[]): BoardTrustee[] {
  return names.map((name, i) => {
    const c = commitments.find((m) => m.trustee === i + 1)
    const k = keys.find((m) => m.trustee === i + 1)
    if (!c || !k) throw new RangeError(`trustee ${i + 1} has not finished the ceremony`)
    return {
      trustee: c.trustee,
      name,
      encryptionKey: c.encryptionKey,
      encryptionKeyProof: c.encryptionKeyProof,
      commitments: c.commitments,
      proof: c.proof,
      verificationKey: k.verificationKey,
      verificationKeyProof: k.proof,
    }
  })
}

/**
 * Who is elected: the `seats` candidates with the most votes and at least one, ties broken by the
 * rule sealed in the parameters (earlier in the drawn order, or earlier in the ranking).
 */
export function electedCandidates(parameters: Pick<ElectionParameters, 'candidates' | 'seats' | 'tieRule'>, votes: readonly number[]): string[] {
  const rank = (i: number) => {
    if (parameters.tieRule.kind === 'drawn-order') return i
    const at = parameters.tieRule.ranking.indexOf(parameters.candidates[i]!.id)
    return at < 0 ? MAX_CANDIDATES + i : at
  }
  return parameters.candidates
    .map((c, i) => ({ id: c.id, votes: votes[i] ?? 0, rank: rank(i) }))
    .filter((c) => c.votes > 0)
    .sort((a, b) => b.votes - a.votes || a.rank - b.rank)
    .slice(0, parameters.seats)
    .map((c) => c.id)
}
