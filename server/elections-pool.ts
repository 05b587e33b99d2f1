import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'
import type { ElectionsCrypto } from '../app/context.server'
import type { BallotElection } from '../app/features/elections/crypto/ballot'
import { addEncodedVectors } from '../app/features/elections/crypto/tally'
import { type CheckedBallot, type CryptoAnswer, type CryptoTask, checkBallotTask, sumTask } from '../app/features/elections/crypto-worker.server'
import { projectRoot } from './project-root'

/** Idle workers are stopped after this long (an election is open a few days a year). */
const IDLE_MS = 10 * 60_000

type Pending = { resolve: (answer: CryptoAnswer) => void; reject: (error: Error) => void }
type Slot = { worker: Worker; pending: Map<number, Pending>; answered: boolean }

/**
 * Worker threads for the election's arithmetic, so that the request thread only waits: a cast's
 * proof checks are shared by the idle workers (or go whole to the least busy one when casts come
 * together), and the close's homomorphic sum is split between them. Started at
 * the first task, stopped after ten idle minutes. Built (`npm start`), a worker runs
 * build/server/elections-worker.js; from the sources (tests, `npm run dev`) it runs the
 * TypeScript through tsx. With no worker (`ELECTION_WORKERS=0`), or when one fails, the task
 * runs on this thread: slower, never lost.
 */
export function createElectionsCrypto(options: {
  workers?: number
  logger: Logger
  /** Tests: another entry from the sources. */ entry?: string
}): ElectionsCrypto {
  const size = options.workers ?? Math.min(4, os.availableParallelism())
  const slots: Slot[] = []
  let nextId = 1
  let idle: NodeJS.Timeout | undefined
  // A worker that fails before its first answer is not respawned for a minute: the calling thread does the work.
  let brokenUntil = 0

  function spawn(): Slot {
    const built = new URL('./elections-worker.js', import.meta.url)
    const workerData = { electionsCrypto: true }
    const worker =
      !options.entry && fs.existsSync(fileURLToPath(built))
        ? new Worker(built, { workerData })
        : new Worker(sourceBoot(options.entry ?? 'app/features/elections/crypto-worker.server.ts'), { eval: true, workerData })
    const slot: Slot = { worker, pending: new Map(), answered: false }
    worker.on('message', (reply: { id: number; answer?: CryptoAnswer; error?: string }) => {
      slot.answered = true
      const task = slot.pending.get(reply.id)
      if (!task) return
      slot.pending.delete(reply.id)
      if (reply.answer) task.resolve(reply.answer)
      else task.reject(new Error(reply.error ?? 'worker task failed'))
      settle()
    })
    const lost = (error: Error) => {
      const at = slots.indexOf(slot)
      if (at >= 0) slots.splice(at, 1)
      for (const task of slot.pending.values()) task.reject(error)
      slot.pending.clear()
      settle()
    }
    worker.on('error', (error) => {
      options.logger.error({ err: error }, 'election worker failed')
      lost(error)
      if (!slot.answered) {
        brokenUntil = Date.now() + 60_000
        void stop()
      }
    })
    worker.on('exit', (code) => lost(new Error(`election worker exited (${code})`)))
    worker.unref()
    slots.push(slot)
    return slot
  }

  /** Idle workers do not hold the process; a pending task does. */
  function settle() {
    const busy = slots.some((s) => s.pending.size > 0)
    for (const s of slots) {
      if (s.pending.size > 0) s.worker.ref()
      else s.worker.unref()
    }
    clearTimeout(idle)
    if (!busy && slots.length > 0) idle = setTimeout(() => void stop(), IDLE_MS).unref()
  }

  function run(slot: Slot, task: CryptoTask): Promise<CryptoAnswer> {
    const id = nextId++
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject })
      settle()
      slot.worker.postMessage({ id, task })
    })
  }

  /** The workers, started if need be; none while they fail to start. */
  function pool(): Slot[] {
    if (Date.now() < brokenUntil) return []
    while (slots.length < size) spawn()
    // The least busy first: concurrent casts spread over the workers.
    return [...slots].sort((a, b) => a.pending.size - b.pending.size)
  }

  async function stop() {
    clearTimeout(idle)
    const all = slots.splice(0)
    // Their tasks are done on the calling thread (the callers catch the rejection).
    for (const s of all) for (const task of s.pending.values()) task.reject(new Error('election workers stopped'))
    await Promise.all(all.map((s) => s.worker.terminate()))
  }

  return {
    workers: size,
    running: () => slots.length,
    warm() {
      if (size > 0) pool()
    },
    async checkBallot(election: BallotElection, ballot: string): Promise<CheckedBallot> {
      const inThread = () => checkBallotTask(election, ballot)
      const workers = size === 0 ? [] : pool()
      if (workers.length === 0) return inThread()
      // Idle workers share one ballot's proofs (the voter waits half as long); busy ones take a
      // whole ballot each, the least busy first, so that concurrent casts spread.
      const idle = workers.filter((w) => w.pending.size === 0)
      const helpers = idle.length >= 2 ? idle : [workers[0]!]
      try {
        const answers = await Promise.all(
          helpers.map((worker, index) =>
            run(worker, { kind: 'checks', election, ballot, ...(helpers.length > 1 ? { part: { index, of: helpers.length } } : {}) }),
          ),
        )
        const verdicts = answers.map((answer) => {
          if (answer.kind !== 'checks') throw new Error('a worker answered another task')
          return answer.verdict
        })
        if (verdicts.every((v) => v.ok)) return verdicts[0]!
        if (helpers.length === 1) return verdicts[0]!
        // A refused ballot (rare) is checked whole once more, so that its failure is named as the
        // calling thread names it: the first failing check, not the first failing share's.
        const whole = await run(helpers[0]!, { kind: 'checks', election, ballot })
        if (whole.kind !== 'checks') throw new Error('a worker answered another task')
        return whole.verdict
      } catch (error) {
        options.logger.warn({ err: error }, 'ballot checked on the request thread')
        return inThread()
      }
    },
    async sum(candidates: number, ballots: string[]) {
      const inThread = () => sumTask(candidates, ballots)
      const workers = size === 0 || ballots.length < 2 ? [] : pool()
      if (workers.length === 0) return inThread()
      const share = Math.ceil(ballots.length / workers.length)
      const slices = workers.map((_, i) => ballots.slice(i * share, (i + 1) * share)).filter((s) => s.length > 0)
      try {
        const sums = await Promise.all(slices.map((slice, i) => run(workers[i]!, { kind: 'sum', candidates, ballots: slice })))
        return addEncodedVectors(
          sums.map((answer) => {
            if (answer.kind !== 'sum') throw new Error('a worker answered another task')
            return answer.sum
          }),
        )
      } catch (error) {
        options.logger.warn({ err: error }, 'box summed on the request thread')
        return inThread()
      }
    },
    close: stop,
  }
}

/** From the sources, a worker loads the TypeScript entry through tsx's API (tsx is registered in this thread only). */
function sourceBoot(file: string) {
  const root = projectRoot()
  const entry = pathToFileURL(path.join(root, file)).href
  const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/esm/api/index.mjs')).href
  return `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`
}
