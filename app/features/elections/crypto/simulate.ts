/**
 * A whole election run in one process through the same functions the pages will call: the key
 * ceremony, sealing, voting, tally and partial decryptions, giving the public board. For the
 * tests, the benchmark and the demo data (a closed election whose board `election:verify` checks
 * on a fresh install). Never used for a real election: here one process holds every secret.
 */
import { type Ballot, credentialFromSecret, encryptBallot, newCredentialSecret } from './ballot'
import {
  type Board,
  type ElectionParameters,
  type TieRule,
  BOARD_FORMAT,
  ballotElectionOf,
  boardTrustees,
  electionFingerprint,
  PARAMETERS_FORMAT,
} from './board'
import { GROUP } from './group'
import { encryptedTally, decryptTally, resultFromTotals } from './tally'
import {
  type CeremonyContext,
  type TrusteeKeyFile,
  ceremonyCheckAndShare,
  ceremonyFinalise,
  ceremonyPublish,
  partialDecrypt,
  type TrusteeCommitment,
  type TrusteeShares,
  type TrusteeVerificationKey,
} from './threshold'

export type SimulatedCeremony = { publicKey: string; commitments: TrusteeCommitment[]; keys: TrusteeVerificationKey[]; keyFiles: TrusteeKeyFile[] }

/** Every trustee's three steps, in turn. */
export function runCeremony(context: CeremonyContext): SimulatedCeremony {
  const steps = context.trustees.map((_, i) => ceremonyPublish(context, i + 1))
  const commitments = steps.map((s) => s.message)
  const shares: TrusteeShares[] = steps.map((s) => {
    const r = ceremonyCheckAndShare(s.state, commitments)
    if (!r.ok) throw new Error(r.failure)
    return r.message
  })
  const finals = steps.map((s) => {
    const r = ceremonyFinalise(s.state, commitments, shares)
    if (!r.ok) throw new Error(r.failure)
    return r
  })
  return { publicKey: finals[0]!.keyFile.publicKey, commitments, keys: finals.map((f) => f.message), keyFiles: finals.map((f) => f.keyFile) }
}

export type SimulationOptions = {
  id: string
  title: string
  candidates: { id: string; name: string }[]
  seats: number
  trustees: string[]
  threshold: number
  rollSize: number
  /** One entry per ballot: the chosen candidates' indices in the drawn order. */
  votes: number[][]
  tieRule?: TieRule
  /** Which trustees decrypt (1-based); the first `threshold` by default. Empty: the vote is still open. */
  decrypting?: number[]
  /** Publish the voters' credentials in the parameters (one per roll entry). */
  publishCredentials?: boolean
}

export function simulateElection(options: SimulationOptions): { board: Board; keyFiles: TrusteeKeyFile[]; parameters: ElectionParameters } {
  const context: CeremonyContext = { electionId: options.id, trustees: options.trustees, threshold: options.threshold }
  const ceremony = runCeremony(context)
  const secrets = Array.from({ length: options.rollSize }, () => newCredentialSecret())
  const credentials = secrets.map((s) => credentialFromSecret(options.id, s))
  const parameters: ElectionParameters = {
    format: PARAMETERS_FORMAT,
    group: GROUP,
    id: options.id,
    title: options.title,
    seats: options.seats,
    candidates: options.candidates,
    tieRule: options.tieRule ?? { kind: 'drawn-order' },
    roll: { size: options.rollSize, digest: null },
    credentials: options.publishCredentials ? credentials.map((c) => c.public.encoded).sort() : null,
    threshold: options.threshold,
    trustees: boardTrustees(options.trustees, ceremony.commitments, ceremony.keys),
    publicKey: ceremony.publicKey,
  }
  const fingerprint = electionFingerprint(parameters)
  const election = ballotElectionOf(parameters, fingerprint)
  if (options.votes.length > options.rollSize) throw new RangeError('more ballots than voters')
  const ballots: Ballot[] = options.votes.map((choices, i) => encryptBallot(election, choices, credentials[i]!))
  const board: Board = { format: BOARD_FORMAT, parameters, fingerprint, voted: ballots.length, ballots, tally: null }
  const decrypting = options.decrypting ?? Array.from({ length: options.threshold }, (_, i) => i + 1)
  if (decrypting.length === 0) return { board, keyFiles: ceremony.keyFiles, parameters }
  const encrypted = encryptedTally(options.candidates.length, ballots)
  const partialDecryptions = decrypting.map((t) => partialDecrypt(fingerprint, ceremony.keyFiles[t - 1]!, encrypted))
  const totals = decryptTally(parameters, fingerprint, encrypted, partialDecryptions, ballots.length)
  if (!totals.ok) throw new Error(totals.failure)
  board.tally = { encrypted, partialDecryptions, result: resultFromTotals(parameters, ballots.length, totals.totals) }
  return { board, keyFiles: ceremony.keyFiles, parameters }
}
