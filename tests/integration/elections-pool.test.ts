import pino from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import {
  type BallotElection,
  ballotText,
  credentialFromSecret,
  encryptBallot,
  newCredentialSecret,
  tracker,
  verifyBallot,
} from '~/features/elections/crypto/ballot'
import { encodePoint, mulBase, randomScalar, sha256Base64url } from '~/features/elections/crypto/group'
import { encryptedTally } from '~/features/elections/crypto/tally'
import { createElectionsCrypto } from '../../server/elections-pool'
import { alter, getAt, leaves, setAt } from '../support/election'

// The election's worker threads (server/elections-pool.ts), real ones: from the sources they load
// the TypeScript entry through tsx, as `npm run dev` does; the built server loads its own file.

const election: BallotElection = { fingerprint: sha256Base64url('pool'), publicKey: encodePoint(mulBase(randomScalar())), candidates: 4, seats: 2 }
const credential = credentialFromSecret('pool', newCredentialSecret())
const ballot = encryptBallot(election, [1, 3], credential)
// What the pool logs: a fallback to the calling thread would show here, and fail the test.
const logged: string[] = []
const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) })
const pools = [createElectionsCrypto({ workers: 2, logger }), createElectionsCrypto({ workers: 3, logger })]
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()))
  expect(logged).toEqual([])
})

describe('the election worker pool', () => {
  it('accepts an honest ballot with its canonical text, credential and tracker, on 2 and 3 workers', async () => {
    for (const pool of pools) {
      expect(await pool.checkBallot(election, JSON.stringify(ballot))).toEqual({
        ok: true,
        text: ballotText(ballot),
        credential: credential.public.encoded,
        tracker: tracker(ballot),
      })
      expect(pool.running()).toBe(pool.workers)
    }
  }, 60_000)

  it('refuses any altered field with the failure the calling thread names', async () => {
    const paths = leaves(ballot).filter((path) => path[0] !== 'election')
    for (const path of paths) {
      const altered = structuredClone(ballot)
      setAt(altered, path, alter(String(path[path.length - 1]), getAt(ballot, path)))
      const text = JSON.stringify(altered)
      const alone = verifyBallot(election, text)
      expect(alone.ok, path.join('.')).toBe(false)
      for (const pool of pools) expect(await pool.checkBallot(election, text), path.join('.')).toEqual(alone)
    }
  }, 120_000)

  it('refuses what is not a ballot without throwing', async () => {
    for (const input of ['', 'null', '{"choices":[]}', 'x'.repeat(300_000)]) expect((await pools[0]!.checkBallot(election, input)).ok).toBe(false)
  })

  it('sums the box as one thread does, split over the workers', async () => {
    const ballots = Array.from({ length: 7 }, (_, i) => JSON.stringify(encryptBallot(election, i % 3 === 0 ? [] : [i % 4], credential)))
    const alone = encryptedTally(
      election.candidates,
      ballots.map((b) => JSON.parse(b)),
    )
    for (const pool of pools) expect(await pool.sum(election.candidates, ballots)).toEqual(alone)
    expect(await pools[0]!.sum(election.candidates, [])).toEqual(encryptedTally(election.candidates, []))
  }, 60_000)

  it('does the work on the calling thread when its workers cannot start, and says so', async () => {
    const lines: string[] = []
    const broken = createElectionsCrypto({
      workers: 2,
      entry: 'app/features/elections/no-such-worker.ts',
      logger: pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) }),
    })
    expect(await broken.checkBallot(election, JSON.stringify(ballot))).toMatchObject({ ok: true, tracker: tracker(ballot) })
    const ballots = [JSON.stringify(ballot), JSON.stringify(ballot)]
    expect(await broken.sum(election.candidates, ballots)).toEqual(
      encryptedTally(
        election.candidates,
        ballots.map((b) => JSON.parse(b)),
      ),
    )
    expect(broken.running()).toBe(0)
    expect(lines.some((l) => l.includes('ballot checked on the request thread'))).toBe(true)
    await broken.close()
  }, 30_000)

  it('runs on the calling thread with ELECTION_WORKERS=0', async () => {
    const inThread = createElectionsCrypto({ workers: 0, logger })
    expect(inThread.workers).toBe(0)
    expect(await inThread.checkBallot(election, JSON.stringify(ballot))).toMatchObject({ ok: true, tracker: tracker(ballot) })
    await inThread.close()
  })
})
