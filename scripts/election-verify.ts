/**
 * The election verifier anyone can run on a board downloaded from /elections/:id/urne.json:
 *
 *   npm run election:verify -- urne.json            # the result, or the first failure
 *   npm run election:verify -- urne.json --json     # the same as one JSON line
 *
 * Exit 0: every check holds and the announced result follows (printed). Exit 1: the first failure
 * is printed (`ballot 17: proof of candidate 3`). Exit 2: the file cannot be read or is not JSON.
 * Ballots are checked in worker threads (ELECTION_VERIFY_WORKERS, default: the cores, at most 8);
 * nothing is read but the file.
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { Worker, isMainThread, parentPort } from 'node:worker_threads'
import { type BallotElection } from '../app/features/elections/crypto/ballot'
import { addEncodedVectors } from '../app/features/elections/crypto/tally'
import { type BallotChecker, type BallotRangeResult, checkBallotRange, verifyElection } from '../app/features/elections/crypto/verify'

type Job = { election: BallotElection; ballots: unknown[] }

// tsx's loader is registered in the main thread only: a worker loads this file through its API.
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}))`

/** Splits the ballots into one contiguous range per worker; the earliest failure wins. */
const checkInWorkers =
  (workers: number): BallotChecker =>
  async (election, ballots) => {
    const size = Math.ceil(ballots.length / workers)
    const ranges = Array.from({ length: workers }, (_, i) => ballots.slice(i * size, (i + 1) * size)).filter((r) => r.length > 0)
    const results = await Promise.all(
      ranges.map(
        (range) =>
          new Promise<BallotRangeResult>((resolve, reject) => {
            const worker = new Worker(WORKER_BOOT, { eval: true })
            worker.once('message', (result: BallotRangeResult) => {
              resolve(result)
              void worker.terminate()
            })
            worker.once('error', reject)
            worker.postMessage({ election, ballots: range } satisfies Job)
          }),
      ),
    )
    const merged: BallotRangeResult = { failure: null, trackers: [], credentials: [], sum: null }
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!
      if (r.failure) return { ...merged, failure: { index: i * size + r.failure.index, failure: r.failure.failure } }
      merged.trackers.push(...r.trackers)
      merged.credentials.push(...r.credentials)
    }
    // Each worker summed its own ballots' ciphertexts (already decoded there); add the partial sums.
    const sums = results.map((r) => r.sum).filter((s) => s !== null)
    merged.sum = sums.length ? addEncodedVectors(sums) : null
    return merged
  }

async function main() {
  const args = process.argv.slice(2)
  const json = args.includes('--json')
  const file = args.find((a) => !a.startsWith('--'))
  if (!file) {
    console.error('Usage : npm run election:verify -- FICHIER.json — usage: npm run election:verify -- FILE.json')
    process.exit(2)
  }
  let text: string
  let board: unknown
  try {
    text = readFileSync(file, 'utf8')
    board = JSON.parse(text)
  } catch (error) {
    console.error(`Fichier illisible — unreadable file: ${(error as Error).message}`)
    process.exit(2)
  }
  const workers = Math.max(1, Math.min(8, Number(process.env.ELECTION_VERIFY_WORKERS) || os.availableParallelism()))
  const started = performance.now()
  const verification = await verifyElection(board, { checkBallots: checkInWorkers(workers) })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (!verification.ok) {
    if (json) console.log(JSON.stringify({ ok: false, failure: verification.failure }))
    else console.log(`ÉCHEC — FAILED: ${verification.failure}`)
    process.exit(1)
  }
  const b = board as { fingerprint: string; voted: number; parameters: { title: string; candidates: { id: string; name: string }[]; roll: { size: number } } }
  if (json) {
    console.log(JSON.stringify({ ok: true, fingerprint: b.fingerprint, result: verification.result }))
    return
  }
  console.log(`Vérifiée — verified: « ${b.parameters.title} », empreinte — fingerprint ${b.fingerprint} (${seconds} s, ${workers} workers)`)
  const result = verification.result
  if (!result) {
    console.log(`Scrutin en cours — vote open: ${b.voted} bulletins — ballots, ${b.parameters.roll.size} inscrits — on the roll`)
    return
  }
  console.log(`Bulletins comptés — counted: ${result.counted} / ${b.parameters.roll.size} inscrits — on the roll; blancs — blank: ${result.blank}`)
  b.parameters.candidates.forEach((c, i) => console.log(`  ${c.name} (${c.id}) : ${result.votes[i]}`))
  const names = result.elected.map((id) => b.parameters.candidates.find((c) => c.id === id)?.name ?? id)
  console.log(`Élus — elected: ${names.join(', ') || '—'}`)
}

if (isMainThread) {
  void main()
} else {
  parentPort!.once('message', (job: Job) => parentPort!.postMessage(checkBallotRange(job.election, job.ballots)))
}
