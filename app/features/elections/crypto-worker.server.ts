/**
 * A worker thread for the election's heavy arithmetic (started by server/elections-pool.ts): one
 * ballot's proof checks while the request thread waits for argon2 and answers others, or a share
 * of the box's homomorphic sum at the close. Public values only cross the boundary.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { type BallotElection, type PreparedElection, ballotText, prepareElection, verifyBallot } from './crypto/ballot'
import { type Ciphertext } from './crypto/elgamal'
import { encryptedTally } from './crypto/tally'

export type CryptoTask = { kind: 'checks'; election: BallotElection; ballot: string } | { kind: 'sum'; candidates: number; ballots: string[] }

/** What a cast keeps of a checked ballot: its canonical text, its credential and its tracker. */
export type CheckedBallot = { ok: true; text: string; credential: string; tracker: string } | { ok: false; failure: string }

export type CryptoAnswer = { kind: 'checks'; verdict: CheckedBallot } | { kind: 'sum'; sum: Ciphertext[] }

const prepared = new Map<string, PreparedElection>()

/** Runs one task; also the in-thread path when no worker is at hand. */
export function runCryptoTask(task: CryptoTask): CryptoAnswer {
  if (task.kind === 'sum')
    return {
      kind: 'sum',
      sum: encryptedTally(
        task.candidates,
        task.ballots.map((b) => JSON.parse(b)),
      ),
    }
  let election = prepared.get(task.election.fingerprint)
  if (!election) {
    if (prepared.size > 20) prepared.clear()
    election = prepareElection(task.election)
    prepared.set(task.election.fingerprint, election)
  }
  const verdict = verifyBallot(election, task.ballot)
  return {
    kind: 'checks',
    verdict: verdict.ok ? { ok: true, text: ballotText(verdict.ballot), credential: verdict.ballot.credential, tracker: verdict.tracker } : verdict,
  }
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
