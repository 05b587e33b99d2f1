import { describe, expect, it } from 'vitest'
import { credentialFromSecret, encryptBallot, newCredentialSecret } from '~/features/elections/crypto/ballot'
import { ballotElectionOf, electionFingerprint } from '~/features/elections/crypto/board'
import { discreteLog, encodeCiphertext, encrypt } from '~/features/elections/crypto/elgamal'
import {
  canonicalJson,
  decodePoint,
  decodeScalar,
  encodePoint,
  IDENTITY,
  mod,
  randomScalar,
  sha256Base64url,
  Transcript,
} from '~/features/elections/crypto/group'
import { proveKnowledge } from '~/features/elections/crypto/proofs'
import { simulateElection } from '~/features/elections/crypto/simulate'
import { addVectors, decryptTally, encryptedTally } from '~/features/elections/crypto/tally'
import {
  type CeremonyContext,
  ceremonyCheckAndShare,
  ceremonyDigest,
  ceremonyFinalise,
  ceremonyPublish,
  checkAllCommitments,
  checkTrusteeCommitment,
  combineDecryptions,
  lagrangeAtZero,
  partialDecrypt,
  readTrusteeKeyFile,
  verificationKeyFromCommitments,
} from '~/features/elections/crypto/threshold'
import { verifyElection } from '~/features/elections/crypto/verify'
import { alter, getAt, leaves, nextScalar, otherPoint, setAt } from '../support/election'

describe('threshold key ceremony, 3 trustees, threshold 2', () => {
  const context: CeremonyContext = { electionId: 'bureau-2026', trustees: ['Alice', 'Bruno', 'Chloé'], threshold: 2 }
  const run = () => {
    const steps = [1, 2, 3].map((i) => ceremonyPublish(context, i))
    const commitments = steps.map((s) => s.message)
    const shares = steps.map((s) => {
      const r = ceremonyCheckAndShare(s.state, commitments)
      if (!r.ok) throw new Error(r.failure)
      return r.message
    })
    return { steps, commitments, shares }
  }
  const { steps, commitments, shares } = run()
  const finals = steps.map((s) => ceremonyFinalise(s.state, commitments, shares))
  const files = finals.map((f) => (f.ok ? f.keyFile : null)!)
  const y = decodePoint(files[0]!.publicKey)!

  it('gives every trustee a share of one key, that any 2 decrypt and 1 cannot', () => {
    expect(finals.every((f) => f.ok)).toBe(true)
    expect(new Set(files.map((f) => f.publicKey)).size).toBe(1)
    expect(y.equals(commitments.reduce((acc, c) => acc.add(decodePoint(c.commitments[0])!), IDENTITY))).toBe(true)
    const checked = checkAllCommitments(context, commitments)
    for (const f of files) expect(checked.ok && encodePoint(verificationKeyFromCommitments(checked.all, f.trustee))).toBe(f.verificationKey)
    const encrypted = [3, 0, 7].map((m) => encodeCiphertext(encrypt(y, m).ciphertext))
    const fingerprint = sha256Base64url('tally')
    const trustees = finals.map((f, i) => ({ trustee: i + 1, verificationKey: f.ok ? f.message.verificationKey : '' }))
    for (const subset of [
      [1, 2],
      [1, 3],
      [2, 3],
      [3, 1],
      [1, 2, 3],
    ]) {
      const partials = subset.map((t) => partialDecrypt(fingerprint, files[t - 1]!, encrypted))
      expect(decryptTally({ threshold: 2, trustees }, fingerprint, encrypted, partials, 10)).toEqual({ ok: true, totals: [3, 0, 7] })
    }
    for (const alone of [1, 2, 3]) {
      const partials = [partialDecrypt(fingerprint, files[alone - 1]!, encrypted)]
      expect(decryptTally({ threshold: 2, trustees }, fingerprint, encrypted, partials, 10)).toEqual({
        ok: false,
        failure: 'partial decryptions: only 1 of the 2 needed',
      })
      // Forcing the combination with one share interpolates the wrong polynomial: no total comes out.
      const factors = encrypted.map((c) =>
        decodePoint(c.alpha)!.multiply(readTrusteeKeyFile(files[alone - 1]!).ok ? decodeScalar(files[alone - 1]!.share)! : 0n),
      )
      const forced = combineDecryptions(
        1,
        encrypted.map((c) => ({ beta: decodePoint(c.beta)! })),
        [{ trustee: alone, factors }],
      )
      expect(forced.ok && forced.plaintexts.map((p) => discreteLog(p, 10))).toEqual([null, null, null])
    }
    // One share says nothing of the secret: for any secret there is a polynomial of degree 1 through it and that share.
    const share = decodeScalar(files[0]!.share)!
    for (const secret of [1n, randomScalar()]) {
      const slope = mod(share - secret)
      expect(mod(secret + slope * 1n)).toBe(share)
    }
    expect(lagrangeAtZero([1, 2]).map((l) => mod(l))).toEqual([2n, mod(-1n)])
  })

  it('names a trustee whose share does not match its commitments', () => {
    // Trustee 2 signs a wrong share for trustee 3 (a dishonest trustee, not the server).
    const bad = structuredClone(shares[1]!)
    const toThree = bad.shares.find((s) => s.to === 3)!
    toThree.masked = nextScalar(toThree.masked)
    const digest = ceremonyDigest(context)
    const a0 = new Transcript('ceremony-polynomial').text(digest).integer(2).text(steps[1]!.state.seed).integer(0).challenge()
    const A0 = { point: decodePoint(commitments[1]!.commitments[0])!, encoded: commitments[1]!.commitments[0]! }
    const body = { trustee: bad.trustee, commitmentsDigest: bad.commitmentsDigest, shares: bad.shares }
    bad.signature = proveKnowledge('ceremony-shares', [digest, 2], a0, A0, sha256Base64url(canonicalJson(body)))
    const tampered = [shares[0]!, bad, shares[2]!]
    expect(ceremonyFinalise(steps[2]!.state, commitments, tampered)).toEqual({
      ok: false,
      failure: 'share from trustee 2 does not match its commitments',
      culprit: 2,
    })
    expect(ceremonyFinalise(steps[0]!.state, commitments, tampered).ok).toBe(true)
    // The server changing a share in transit breaks the sender's signature.
    const relayed = structuredClone(shares[1]!)
    relayed.shares[0]!.masked = nextScalar(relayed.shares[0]!.masked)
    expect(ceremonyFinalise(steps[0]!.state, commitments, [shares[0]!, relayed, shares[2]!])).toEqual({
      ok: false,
      failure: 'trustee 2: signature of its shares',
    })
  })

  it('catches a server that shows different commitments to different trustees', () => {
    const forged = ceremonyPublish(context, 3).message
    const seenByOne = [commitments[0]!, commitments[1]!, forged]
    const fromOne = ceremonyCheckAndShare(steps[0]!.state, seenByOne)
    expect(fromOne.ok).toBe(true)
    const messages = [fromOne.ok ? fromOne.message : null, shares[1]!, shares[2]!]
    expect(ceremonyFinalise(steps[1]!.state, commitments, messages)).toEqual({ ok: false, failure: 'trustee 1: saw other commitments' })
    expect(ceremonyCheckAndShare(steps[2]!.state, seenByOne)).toEqual({ ok: false, failure: 'trustee 3: these are not my commitments' })
  })

  it('refuses step-1 messages with any field altered', () => {
    for (const path of leaves(commitments[1])) {
      const altered = structuredClone(commitments[1]!)
      setAt(altered, path, alter(String(path[path.length - 1]), getAt(commitments[1], path)))
      expect(checkTrusteeCommitment(context, altered).ok, path.join('.')).toBe(false)
    }
    expect(checkTrusteeCommitment({ ...context, electionId: 'another' }, commitments[1]).ok).toBe(false)
    expect(checkAllCommitments(context, [commitments[0], commitments[0], commitments[2]])).toEqual({ ok: false, failure: 'one message per trustee' })
    expect(readTrusteeKeyFile({ ...files[0]!, share: files[1]!.share })).toEqual({ ok: false, failure: 'the share does not match its verification key' })
    expect(readTrusteeKeyFile('not json').ok).toBe(false)
  })
})

describe('the verifier on a small election', () => {
  const candidates = ['Ada', 'Blaise', 'Claude', 'Denis'].map((name, i) => ({ id: `c${i + 1}`, name }))
  const votes = [[0, 1], [1], [], [1, 2], [3], [0], [2, 3], [1], [], [0, 3]]
  const { board, keyFiles } = simulateElection({
    id: 'bureau-2026',
    title: 'Bureau 2026',
    candidates,
    seats: 2,
    trustees: ['A', 'B', 'C'],
    threshold: 2,
    rollSize: 12,
    votes,
    decrypting: [2, 3],
    publishCredentials: true,
  })
  const reseal = (b: typeof board) => ({ ...b, fingerprint: electionFingerprint(b.parameters) })

  it('accepts the honest board and gives the result', async () => {
    expect(await verifyElection(JSON.stringify(board))).toEqual({ ok: true, result: { counted: 10, blank: 2, votes: [3, 4, 2, 3], elected: ['c2', 'c1'] } })
    expect(await verifyElection({ ...board, tally: null })).toEqual({ ok: true, result: null })
    expect(keyFiles).toHaveLength(3)
  })

  it.each<[string, (b: typeof board) => unknown, string]>([
    ['a parameter', (b) => ({ ...b, parameters: { ...b.parameters, seats: 1 } }), 'fingerprint'],
    [
      'a trustee key, resealed',
      (b) =>
        reseal({
          ...b,
          parameters: { ...b.parameters, trustees: b.parameters.trustees.map((t, i) => (i === 1 ? { ...t, verificationKey: otherPoint() } : t)) },
        }),
      'trustee 2: verification key does not follow from the commitments',
    ],
    [
      'a commitment, resealed',
      (b) =>
        reseal({
          ...b,
          parameters: {
            ...b.parameters,
            trustees: b.parameters.trustees.map((t, i) => (i === 2 ? { ...t, commitments: [t.commitments[0]!, otherPoint()] } : t)),
          },
        }),
      'trustee 3: proof of its polynomial',
    ],
    ['the public key, resealed', (b) => reseal({ ...b, parameters: { ...b.parameters, publicKey: otherPoint() } }), 'public key'],
    ['a ballot removed', (b) => ({ ...b, ballots: b.ballots.slice(1) }), 'ballots: 9 on the board, 10 voters signed the roll'],
    ['a ballot duplicated', (b) => ({ ...b, ballots: [...b.ballots.slice(0, 9), b.ballots[0]!] }), 'ballot 10: same tracker as ballot 1'],
    [
      'a proof altered',
      (b) => {
        const c = structuredClone(b)
        c.ballots[6]!.choices[3]!.proof[1]!.r = nextScalar(c.ballots[6]!.choices[3]!.proof[1]!.r)
        return c
      },
      'ballot 7: proof of candidate 4',
    ],
    [
      'a ciphertext swapped',
      (b) => {
        const c = structuredClone(b)
        c.ballots[4]!.choices[0] = c.ballots[5]!.choices[0]!
        return c
      },
      'ballot 5: proof of candidate 1',
    ],
    [
      'the encrypted tally',
      (b) => {
        const c = structuredClone(b)
        c.tally!.encrypted[1] = c.tally!.encrypted[2]!
        return c
      },
      'encrypted tally: candidate 2',
    ],
    [
      'a decryption factor',
      (b) => {
        const c = structuredClone(b)
        c.tally!.partialDecryptions[1]!.factors[2]!.factor = otherPoint()
        return c
      },
      'partial decryption of trustee 3: factor 3',
    ],
    [
      'a partial decryption missing',
      (b) => {
        const c = structuredClone(b)
        c.tally!.partialDecryptions.pop()
        return c
      },
      'partial decryptions: only 1 of the 2 needed',
    ],
    [
      'the votes announced',
      (b) => {
        const c = structuredClone(b)
        c.tally!.result.votes[2]! += 1
        return c
      },
      'result: votes of candidate 3',
    ],
    [
      'the blank ballots announced',
      (b) => {
        const c = structuredClone(b)
        c.tally!.result.blank = 1
        return c
      },
      'result: blank ballots',
    ],
    [
      'the elected announced',
      (b) => {
        const c = structuredClone(b)
        c.tally!.result.elected = ['c2', 'c4']
        return c
      },
      'result: elected',
    ],
    ['a format error', (b) => ({ ...b, voted: -1 }), 'format: voted'],
    [
      'credentials out of order, resealed',
      (b) => reseal({ ...b, parameters: { ...b.parameters, credentials: [...b.parameters.credentials!].reverse() } }),
      'credentials: not sorted',
    ],
    [
      'a ballot under a credential not on the list',
      (b) => {
        const stranger = credentialFromSecret('bureau-2026', newCredentialSecret())
        b.ballots[2] = encryptBallot(ballotElectionOf(b.parameters, b.fingerprint), [1], stranger)
        return b
      },
      'ballot 3: credential not on the list',
    ],
  ])('fails on %s', async (_, change, failure) => {
    expect(await verifyElection(change(structuredClone(board)))).toEqual({ ok: false, failure })
  })

  it('applies the tie rule sealed in the parameters', async () => {
    const tied = simulateElection({
      id: 'tie',
      title: 'Tie',
      candidates,
      seats: 1,
      trustees: ['A'],
      threshold: 1,
      rollSize: 3,
      votes: [[2], [3]],
      tieRule: { kind: 'ranking', label: 'au bénéfice de l’âge', ranking: ['c4', 'c3', 'c2', 'c1'] },
    })
    expect(await verifyElection(tied.board)).toEqual({ ok: true, result: { counted: 2, blank: 0, votes: [0, 0, 1, 1], elected: ['c4'] } })
    const drawn = simulateElection({ id: 'tie2', title: 'Tie', candidates, seats: 1, trustees: ['A'], threshold: 1, rollSize: 3, votes: [[2], [3]] })
    expect(await verifyElection(drawn.board)).toMatchObject({ ok: true, result: { elected: ['c3'] } })
  })

  it('verifies an empty box and a one-voter roll', async () => {
    const empty = simulateElection({ id: 'empty', title: 'Empty', candidates, seats: 1, trustees: ['A', 'B', 'C'], threshold: 3, rollSize: 5, votes: [] })
    expect(await verifyElection(empty.board)).toEqual({ ok: true, result: { counted: 0, blank: 0, votes: [0, 0, 0, 0], elected: [] } })
    const one = simulateElection({ id: 'one', title: 'One', candidates, seats: 4, trustees: ['A'], threshold: 1, rollSize: 1, votes: [[3, 0, 2, 1]] })
    expect(await verifyElection(one.board)).toEqual({ ok: true, result: { counted: 1, blank: 0, votes: [1, 1, 1, 1], elected: ['c1', 'c2', 'c3', 'c4'] } })
  })

  it('sums ballots as the server does', () => {
    const sum = encryptedTally(candidates.length, board.ballots)
    expect(sum).toEqual(board.tally!.encrypted)
    expect(addVectors(null, [])).toEqual([])
  })
})
