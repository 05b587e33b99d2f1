import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type Board, electionFingerprint } from '~/features/elections/crypto/board'
import { encodePoint, mulBase, randomScalar } from '~/features/elections/crypto/group'
import { simulateElection } from '~/features/elections/crypto/simulate'
import { runVerifier } from '../support/sealed-election'

// The verifier as anyone runs it on a downloaded board: `npm run election:verify -- FILE`, in its
// own process (with its worker threads), reading nothing but the file.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-election-verify-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const verify = (board: unknown, name: string) => runVerifier(dir, board, name)

const candidates = ['Anne Martin', 'Bernard Petit', 'Chantal Roux', 'David Moreau', 'Élodie Blanc'].map((name, i) => ({ id: `cand-${i + 1}`, name }))
// 50 voters of 64: blank ballots, one to three choices (3 seats).
const votes = Array.from({ length: 50 }, (_, i) => (i % 10 === 9 ? [] : [i % 5, (i + 2) % 5, (i + 3) % 5].slice(0, 1 + (i % 3))))
const { board } = simulateElection({
  id: 'bureau-2026',
  title: 'Élection du bureau 2026',
  candidates,
  seats: 3,
  trustees: ['Alice', 'Bruno', 'Chloé'],
  threshold: 2,
  rollSize: 64,
  votes,
  decrypting: [1, 3],
})
const expectedVotes = candidates.map((_, c) => votes.filter((v) => v.includes(c)).length)
const altered = (change: (b: Board) => void) => {
  const copy = structuredClone(board)
  change(copy)
  return copy
}

describe('npm run election:verify', () => {
  it('exits 0 on the published board and prints the result', async () => {
    const { code, out } = await verify(board, 'honest')
    expect(code).toBe(0)
    expect(out).toContain(`Vérifiée — verified: « Élection du bureau 2026 », empreinte — fingerprint ${board.fingerprint}`)
    expect(out).toContain('counted: 50 / 64')
    expect(out).toContain('blank: 5')
    candidates.forEach((c, i) => expect(out).toContain(`${c.name} (${c.id}) : ${expectedVotes[i]}`))
    const elected = board.tally!.result.elected.map((id) => candidates.find((c) => c.id === id)!.name)
    expect(elected).toHaveLength(3)
    expect(out).toContain(`Élus — elected: ${elected.join(', ')}`)
  }, 120_000)

  it.each<[string, Board, string]>([
    [
      'an altered ballot',
      altered((b) => {
        b.ballots[16]!.choices[2] = b.ballots[17]!.choices[2]!
      }),
      'ballot 17: proof of candidate 3',
    ],
    [
      'an altered proof',
      altered((b) => {
        const branch = b.ballots[41]!.overall[1]!
        branch.A = encodePoint(mulBase(randomScalar()))
      }),
      'ballot 42: overall proof',
    ],
    [
      'an altered trustee key',
      altered((b) => {
        b.parameters.trustees[1]!.verificationKey = encodePoint(mulBase(randomScalar()))
        b.fingerprint = electionFingerprint(b.parameters)
      }),
      'trustee 2: verification key does not follow from the commitments',
    ],
    [
      'a trustee key altered without resealing',
      altered((b) => {
        b.parameters.trustees[0]!.encryptionKey = encodePoint(mulBase(randomScalar()))
      }),
      'fingerprint',
    ],
    [
      'an altered announced result',
      altered((b) => {
        b.tally!.result.votes[0]! += 1
      }),
      'result: votes of candidate 1',
    ],
    [
      'a ballot removed (fewer than the voters on the roll)',
      altered((b) => {
        b.ballots.splice(30, 1)
      }),
      'ballots: 49 on the board, 50 voters signed the roll',
    ],
    [
      'a ballot removed with the count lowered to match',
      altered((b) => {
        b.ballots.splice(30, 1)
        b.voted = 49
      }),
      'encrypted tally: candidate 1',
    ],
  ])(
    'exits 1 naming the failure on %s',
    async (name, changed, failure) => {
      const { code, out } = await verify(changed, name.replace(/\W+/g, '-'))
      expect(out).toContain(`FAILED: ${failure}`)
      expect(code).toBe(1)
    },
    120_000,
  )

  it('exits 2 on a file that is not a board', async () => {
    expect((await verify('{"format": ', 'broken')).code).toBe(2)
    const missing = await new Promise<number | null>((resolve) =>
      spawn('npm', ['run', '-s', 'election:verify', '--', path.join(dir, 'none.json')], { stdio: 'ignore' }).once('exit', resolve),
    )
    expect(missing).toBe(2)
    expect((await verify({ format: 'something else' }, 'other')).code).toBe(1)
  }, 120_000)
})
