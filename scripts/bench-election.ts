/**
 * Election cryptography benchmark, in Node (issue #18): one JSON line per measure.
 *
 *   npm run bench:election
 *   BENCH_BALLOTS=2000 BENCH_SEATS=3 npm run bench:election
 *
 * - the key ceremony of 3 trustees (threshold 2), each step;
 * - encryption of a 10-candidate ballot with its proofs (what a voter's browser does);
 * - verification of one ballot (what the server does before accepting it: its p95 is the goal);
 * - the verifier on a board of BENCH_BALLOTS ballots (default 10,000), run as `election:verify`
 *   does it, with worker threads (ELECTION_VERIFY_WORKERS, default the cores);
 * - the tally (homomorphic sum), each trustee's partial decryption and the final decryption.
 * The board of N ballots is kept in the temporary directory and reused (BENCH_FRESH=1 rebuilds
 * it): encrypting 10,000 ballots takes minutes, on two workers.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort } from 'node:worker_threads'
import {
  type Ballot,
  type BallotElection,
  credentialFromSecret,
  encryptBallot,
  newCredentialSecret,
  verifyBallot,
} from '../app/features/elections/crypto/ballot'
import {
  type Board,
  type ElectionParameters,
  BOARD_FORMAT,
  ballotElectionOf,
  boardTrustees,
  electionFingerprint,
  PARAMETERS_FORMAT,
} from '../app/features/elections/crypto/board'
import { GROUP } from '../app/features/elections/crypto/group'
import { decryptTally, encryptedTally, resultFromTotals } from '../app/features/elections/crypto/tally'
import {
  type CeremonyContext,
  type TrusteeKeyFile,
  ceremonyCheckAndShare,
  ceremonyFinalise,
  ceremonyPublish,
  partialDecrypt,
} from '../app/features/elections/crypto/threshold'

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 10_000)
const CANDIDATES = 10
const SEATS = Number(process.env.BENCH_SEATS ?? 5)
const RUNS = 50

type Job = { election: BallotElection; electionId: string; votes: number[][] }

const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}))`

const line = (fields: Record<string, unknown>) => console.log(JSON.stringify(fields))
const round = (ms: number) => Math.round(ms * 10) / 10

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)
  return { p50_ms: at(0.5), p95_ms: at(0.95), max_ms: round(sorted[sorted.length - 1]!) }
}

function time<T>(f: () => T): [T, number] {
  const started = performance.now()
  const value = f()
  return [value, performance.now() - started]
}

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Some blank, the others 1…SEATS distinct candidates. */
function randomVotes(count: number): number[][] {
  const random = prng(2026)
  return Array.from({ length: count }, () => {
    if (random() < 0.05) return []
    const k = 1 + Math.floor(random() * SEATS)
    const order = Array.from({ length: CANDIDATES }, (_, i) => i).sort(() => random() - 0.5)
    return order.slice(0, k)
  })
}

function encryptInWorkers(job: Job, workers: number): Promise<Ballot[]> {
  const size = Math.ceil(job.votes.length / workers)
  return Promise.all(
    Array.from(
      { length: workers },
      (_, i) =>
        new Promise<Ballot[]>((resolve, reject) => {
          const worker = new Worker(WORKER_BOOT, { eval: true })
          worker.once('message', (ballots: Ballot[]) => {
            resolve(ballots)
            void worker.terminate()
          })
          worker.once('error', reject)
          worker.postMessage({ ...job, votes: job.votes.slice(i * size, (i + 1) * size) } satisfies Job)
        }),
    ),
  ).then((parts) => parts.flat())
}

async function main() {
  const cpus = os.cpus()
  line({
    bench: 'machine',
    date: new Date().toISOString(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    node: process.version,
    load: os.loadavg().map(round),
  })
  const candidates = Array.from({ length: CANDIDATES }, (_, i) => ({ id: `c${i + 1}`, name: `Candidate ${i + 1}` }))
  const cachePath = path.join(os.tmpdir(), `amicale-bench-election-${BALLOTS}-${CANDIDATES}-${SEATS}.json`)
  const workers = Math.max(1, Math.min(8, Number(process.env.ELECTION_VERIFY_WORKERS) || os.availableParallelism()))

  // The key ceremony, 3 trustees, threshold 2.
  const context: CeremonyContext = { electionId: `bench-${BALLOTS}`, trustees: ['Trustee 1', 'Trustee 2', 'Trustee 3'], threshold: 2 }
  const [steps, publishMs] = time(() => context.trustees.map((_, i) => ceremonyPublish(context, i + 1)))
  const commitments = steps.map((s) => s.message)
  const [shares, shareMs] = time(() => steps.map((s) => ceremonyCheckAndShare(s.state, commitments)))
  const sharesMessages = shares.map((r) => (r.ok ? r.message : null))
  const [finals, finaliseMs] = time(() => steps.map((s) => ceremonyFinalise(s.state, commitments, sharesMessages)))
  line({
    bench: 'election-ceremony',
    trustees: 3,
    threshold: 2,
    publish_ms_each: round(publishMs / 3),
    check_and_share_ms_each: round(shareMs / 3),
    finalise_ms_each: round(finaliseMs / 3),
  })
  const keys = finals.map((f) => {
    if (!f.ok) throw new Error(f.failure)
    return f
  })

  // The board (kept between runs with the key files of its own ceremony: a bench has no secrets).
  let board: Board
  let keyFiles: TrusteeKeyFile[]
  if (existsSync(cachePath) && process.env.BENCH_FRESH !== '1') {
    ;({ board, keyFiles } = JSON.parse(readFileSync(cachePath, 'utf8')) as { board: Board; keyFiles: TrusteeKeyFile[] })
  } else {
    const parameters: ElectionParameters = {
      format: PARAMETERS_FORMAT,
      group: GROUP,
      id: context.electionId,
      title: `Benchmark, ${BALLOTS} ballots`,
      seats: SEATS,
      candidates,
      tieRule: { kind: 'drawn-order' },
      roll: { size: BALLOTS, digest: null },
      credentials: null,
      threshold: 2,
      trustees: boardTrustees(
        context.trustees,
        commitments,
        keys.map((k) => k.message),
      ),
      publicKey: keys[0]!.keyFile.publicKey,
    }
    const fingerprint = electionFingerprint(parameters)
    const started = performance.now()
    const ballots = await encryptInWorkers(
      { election: ballotElectionOf(parameters, fingerprint), electionId: parameters.id, votes: randomVotes(BALLOTS) },
      workers,
    )
    line({ bench: 'election-board-build', ballots: BALLOTS, workers, seconds: round((performance.now() - started) / 1000) })
    board = { format: BOARD_FORMAT, parameters, fingerprint, voted: ballots.length, ballots, tally: null }
    keyFiles = keys.map((k) => k.keyFile)
  }

  // The tally on the server, the partial decryptions in two trustees' browsers, the decryption.
  const { parameters, fingerprint } = board
  const [encrypted, tallyMs] = time(() => encryptedTally(CANDIDATES, board.ballots))
  line({ bench: 'election-tally', ballots: board.ballots.length, candidates: CANDIDATES, ms: round(tallyMs) })
  const [partials, partialMs] = time(() => [1, 3].map((t) => partialDecrypt(fingerprint, keyFiles[t - 1]!, encrypted)))
  const [totals, decryptMs] = time(() => decryptTally(parameters, fingerprint, encrypted, partials, board.ballots.length))
  if (!totals.ok) throw new Error(totals.failure)
  line({ bench: 'election-decrypt', trustees: 2, partial_decryption_ms_each: round(partialMs / 2), check_combine_and_log_ms: round(decryptMs) })
  board.tally = { encrypted, partialDecryptions: partials, result: resultFromTotals(parameters, board.ballots.length, totals.totals) }
  writeFileSync(cachePath, JSON.stringify({ board, keyFiles }))

  // A voter's browser and the server, one ballot at a time (on the board's election).
  const election = ballotElectionOf(board.parameters, board.fingerprint)
  const credential = credentialFromSecret(board.parameters.id, newCredentialSecret())
  const votes = randomVotes(RUNS)
  encryptBallot(election, votes[0]!, credential)
  const encryptions: number[] = []
  const ballots: Ballot[] = []
  for (const choice of votes) {
    const [ballot, ms] = time(() => encryptBallot(election, choice, credential))
    encryptions.push(ms)
    ballots.push(ballot)
  }
  line({ bench: 'election-encrypt', candidates: CANDIDATES, seats: SEATS, runs: RUNS, ...percentiles(encryptions) })
  const checks: number[] = []
  for (const ballot of ballots) {
    const text = JSON.stringify(ballot)
    const [result, ms] = time(() => verifyBallot(election, text))
    if (!result.ok) throw new Error(result.failure)
    checks.push(ms)
  }
  line({ bench: 'election-ballot-verify', candidates: CANDIDATES, seats: SEATS, runs: RUNS, ...percentiles(checks) })

  // The verifier as anyone runs it.
  const verifyBoard = path.join(os.tmpdir(), `amicale-bench-election-${BALLOTS}-board.json`)
  writeFileSync(verifyBoard, JSON.stringify(board))
  const started = performance.now()
  const tsx = fileURLToPath(import.meta.resolve('tsx/cli'))
  const run = spawnSync(process.execPath, [tsx, path.join(import.meta.dirname, 'election-verify.ts'), verifyBoard, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, ELECTION_VERIFY_WORKERS: String(workers) },
  })
  const seconds = (performance.now() - started) / 1000
  const last = run.stdout.trim().split('\n').pop() ?? ''
  let verified: unknown = last.slice(0, 200) || run.stderr.slice(0, 200)
  try {
    verified = (JSON.parse(last) as { ok: boolean }).ok
  } catch {
    // Keep the text: the verifier printed something else.
  }
  line({
    bench: 'election-verify-board',
    ballots: board.ballots.length,
    workers,
    seconds: round(seconds),
    per_ballot_ms: round((seconds * 1000) / board.ballots.length),
    exit: run.status,
    verified,
  })
}

if (isMainThread) {
  void main()
} else {
  parentPort!.once('message', (job: Job) => {
    const ballots = job.votes.map((choice) => encryptBallot(job.election, choice, credentialFromSecret(job.electionId, newCredentialSecret())))
    parentPort!.postMessage(ballots)
  })
}
