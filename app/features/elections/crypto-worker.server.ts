/**
 * A worker thread for the election's heavy arithmetic (started by server/elections-pool.ts): one
 * ballot's proof checks while the request thread waits for argon2 and answers others, or a share
 * of the box's homomorphic sum at the close. Public values only cross the boundary.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { type BallotElection, type BallotPart, type PreparedElection, ballotText, prepareElection, verifyBallot } from './crypto/ballot'
import { type Ciphertext } from './crypto/elgamal'
import { encryptedTally } from './crypto/tally'

export type CryptoTask =
  { kind: 'checks'; election: BallotElection; ballot: string; part?: BallotPart } | { kind: 'sum'; candidates: number; ballots: string[] }

/** What a cast keeps of a checked ballot: its canonical text, its credential and its tracker. */
export type CheckedBallot = { ok: true; text: string; credential: string; tracker: string } | { ok: false; failure: string }

export type CryptoAnswer = { kind: 'checks'; verdict: CheckedBallot } | { kind: 'sum'; sum: Ciphertext[] }

const prepared = new Map<string, PreparedElection>()

/** A ballot's checks, or a share of them (also the in-thread path when no worker is at hand). */
export function checkBallotTask(ballotElection: BallotElection, ballot: string, part?: BallotPart): CheckedBallot {
  let election = prepared.get(ballotElection.fingerprint)
  if (!election) {
    if (prepared.size > 20) prepared.clear()
    election = prepareElection(ballotElection)
    prepared.set(ballotElection.fingerprint, election)
  }
  const verdict = verifyBallot(election, ballot, part)
  return verdict.ok ? { ok: true, text: ballotText(verdict.ballot), credential: verdict.ballot.credential, tracker: verdict.tracker } : verdict
}

/** The homomorphic sum of checked ballots' texts (also the in-thread path). */
export const sumTask = (candidates: number, ballots: string[]): Ciphertext[] =>
  encryptedTally(
    candidates,
    ballots.map((b) => JSON.parse(b)),
  )

function runCryptoTask(task: CryptoTask): CryptoAnswer {
  return task.kind === 'sum'
    ? { kind: 'sum', sum: sumTask(task.candidates, task.ballots) }
    : { kind: 'checks', verdict: checkBallotTask(task.election, task.ballot, task.part) }
}

// Imported elsewhere (the in-thread path, a test runner's own worker), it listens to nothing.
if (parentPort && (workerData as { electionsCrypto?: boolean } | null)?.electionsCrypto)
  parentPort.on('message', (message: { id: number; task: CryptoTask }) => {
    let reply: { id: number; answer?: CryptoAnswer; error?: string }
    try {
      reply = { id: message.id, answer: runCryptoTask(message.task) }
    } catch (error) {
      reply = { id: message.id, error: error instanceof Error ? error.message : String(error) }
    }
    parentPort!.postMessage(reply)
  })
