import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Ballot,
  type BallotElection,
  MAX_BALLOT_TEXT,
  ballotSchema,
  credentialFromSecret,
  encryptBallot,
  newCredentialSecret,
  tracker,
  verifyBallot,
} from '~/features/elections/crypto/ballot'
import { addCiphertexts, decryptWithKey, discreteLog, encrypt } from '~/features/elections/crypto/elgamal'
import {
  ORDER,
  base64url,
  canonicalJson,
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  fromBase64url,
  IDENTITY,
  mod,
  mulBase,
  randomScalar,
  sha256Base64url,
  Transcript,
} from '~/features/elections/crypto/group'
import { EquationBatch } from '~/features/elections/crypto/msm'
import {
  type IntervalStatement,
  known,
  proveDecryption,
  proveInterval,
  proveKnowledge,
  verifyDecryption,
  verifyInterval,
  verifyKnowledge,
} from '~/features/elections/crypto/proofs'
import { P, alter, getAt, holds, le, leaves, otherPoint, setAt, standardBase64 } from '../support/election'

describe('group and encodings', () => {
  it('round-trips points, scalars and base64url, and refuses every other spelling', () => {
    const p = mulBase(randomScalar())
    expect(decodePoint(encodePoint(p))!.equals(p)).toBe(true)
    const s = randomScalar()
    expect(decodeScalar(encodeScalar(s))).toBe(s)
    const bytes = crypto.getRandomValues(new Uint8Array(32))
    expect(fromBase64url(base64url(bytes))).toEqual(bytes)
    const text = encodePoint(p)
    // The last character carries two unused bits: setting them is another spelling of the same bytes.
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(text[42]!)
    const respelled = text.slice(0, 42) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last | 1]
    expect(decodePoint(respelled)).toBeNull()
    expect(decodeScalar(respelled.replace(/./, 'A'))).toBeNull()
  })

  it.each([
    ['s = p (not reduced)', le(P)],
    ['s = p + 2 (not reduced, even)', le(P + 2n)],
    ['s odd (negative field element)', le(1n)],
    ['the high bit set', le(2n ** 255n + 4n)],
    ['not on the curve', le(2n)],
    ['too short', encodePoint(mulBase(5n)).slice(1)],
    ['padding', encodePoint(mulBase(5n)) + '='],
    ['the standard base64 alphabet', standardBase64()],
    ['not a string', 42],
  ])('refuses a point encoding: %s', (_, text) => {
    expect(decodePoint(text)).toBeNull()
  })

  it('refuses the identity where a key is expected, and takes it where allowed', () => {
    const zero = encodePoint(IDENTITY)
    expect(decodePoint(zero)).toBeNull()
    expect(decodePoint(zero, { allowIdentity: true })!.is0()).toBe(true)
  })

  it.each([
    ['ℓ', le(ORDER)],
    ['2^256 − 1', base64url(new Uint8Array(32).fill(255))],
  ])('refuses a scalar that is not reduced: %s', (_, text) => {
    expect(decodeScalar(text)).toBeNull()
    expect(decodeScalar(le(ORDER - 1n))).toBe(ORDER - 1n)
  })

  it('serialises JSON canonically and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: [1, { d: null, c: true }], a: 'é"\n', é: 0 })).toBe('{"a":"é\\"\\n","b":[1,{"c":true,"d":null}],"é":0}')
    expect(canonicalJson({ x: undefined, y: -0 })).toBe('{"y":0}')
    for (const bad of [1.5, NaN, Infinity, 2 ** 60, new Date(), () => 1, 10n]) expect(() => canonicalJson({ bad })).toThrow()
    let deep: unknown = 1
    for (let i = 0; i < 40; i++) deep = [deep]
    expect(() => canonicalJson(deep)).toThrow()
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = canonicalJson(JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isSafeInteger(v) ? 0 : v))))
        expect(canonicalJson(JSON.parse(once))).toBe(once)
      }),
      { numRuns: 200 },
    )
  })

  it('hashes statements without ambiguity between items', () => {
    const h = (f: (t: Transcript) => Transcript) => f(new Transcript('test')).challenge()
    expect(h((t) => t.text('ab').text('c'))).not.toBe(h((t) => t.text('a').text('bc')))
    expect(h((t) => t.text('1'))).not.toBe(h((t) => t.integer(1)))
    expect(new Transcript('a').text('x').challenge()).not.toBe(new Transcript('b').text('x').challenge())
    expect(h((t) => t.text('x'))).toBe(h((t) => t.text('x')))
  })

  it('checks batched equations exactly when each holds', () => {
    for (let trial = 0; trial < 5; trial++) {
      const points = Array.from({ length: 30 }, () => mulBase(randomScalar()))
      const scalars = points.map(() => randomScalar())
      const good = new EquationBatch()
      const bad = new EquationBatch()
      for (let i = 0; i + 2 < points.length; i += 3) {
        const terms = [0, 1, 2].map((k) => [points[i + k]!, scalars[i + k]!] as const)
        const rhs = terms.reduce((acc, [p, s]) => acc.add(p.multiply(s)), IDENTITY)
        good.equation(terms, rhs)
        bad.equation(terms, i === 9 * (trial % 3) ? rhs.add(mulBase(1n)) : rhs)
      }
      // The same point many times, and the identity, go through the doubling paths.
      good.equation([[points[0]!, 3n]], points[0]!.add(points[0]!).add(points[0]!))
      good.equation([[points[1]!, 0n]], IDENTITY)
      expect(good.check()).toBe(true)
      expect(bad.check()).toBe(false)
    }
  })
})

describe('exponential ElGamal', () => {
  it('encrypts, adds and decrypts small totals', () => {
    const x = randomScalar()
    const y = mulBase(x)
    const a = encrypt(y, 3).ciphertext
    const b = encrypt(y, 0).ciphertext
    const c = encrypt(y, 1).ciphertext
    expect(decryptWithKey(a, x, 10)).toBe(3)
    expect(decryptWithKey(addCiphertexts(addCiphertexts(a, b), c), x, 10)).toBe(4)
    expect(decryptWithKey(encrypt(y, 10).ciphertext, x, 10)).toBe(10)
    expect(decryptWithKey(encrypt(y, 11).ciphertext, x, 10)).toBeNull()
    expect(discreteLog(IDENTITY, 0)).toBe(0)
    expect(discreteLog(mulBase(9_999n), 10_000)).toBe(9_999)
    expect(() => encrypt(y, -1)).toThrow()
  })
})

describe('proofs: honest accepted, any altered field refused', () => {
  const fingerprint = sha256Base64url('election')
  const x = randomScalar()
  const X = known(mulBase(x))

  it('Schnorr proof of knowledge', () => {
    const proof = proveKnowledge('pok', [fingerprint, 1], x, X, 'message')
    expect(holds((b) => verifyKnowledge(b, 'pok', [fingerprint, 1], X, proof, 'message'))).toBe(true)
    for (const field of ['A', 'r'] as const)
      expect(holds((b) => verifyKnowledge(b, 'pok', [fingerprint, 1], X, { ...proof, [field]: alter(field, proof[field]) }, 'message'))).toBe(false)
    expect(holds((b) => verifyKnowledge(b, 'pok', [sha256Base64url('other election'), 1], X, proof, 'message'))).toBe(false)
    expect(holds((b) => verifyKnowledge(b, 'pok', [fingerprint, 2], X, proof, 'message'))).toBe(false)
    expect(holds((b) => verifyKnowledge(b, 'pok', [fingerprint, 1], X, proof, 'other message'))).toBe(false)
    expect(holds((b) => verifyKnowledge(b, 'pok', [fingerprint, 1], known(mulBase(x + 1n)), proof, 'message'))).toBe(false)
  })

  it('disjunctive Chaum-Pedersen proof, 0 or 1 and 1…3', () => {
    const y = known(mulBase(randomScalar()))
    for (const values of [
      [0, 1],
      [1, 2, 3],
    ]) {
      for (const m of values) {
        const { ciphertext, r } = encrypt(y.point, m)
        const statement: IntervalStatement = {
          domain: 'choice',
          context: [fingerprint, 'voter'],
          key: y,
          statement: [ciphertext.encoded.alpha, ciphertext.encoded.beta],
          ciphertext,
          values,
        }
        const proof = proveInterval(statement, r, m)
        expect(holds((b) => verifyInterval(b, statement, proof))).toBe(true)
        proof.forEach((branch, j) => {
          for (const field of ['A', 'B', 'c', 'r'] as const) {
            const altered = proof.map((x, k) => (k === j ? { ...x, [field]: alter(field, x[field]) } : x))
            expect(
              holds((b) => verifyInterval(b, statement, altered)),
              `branch ${j} field ${field}`,
            ).toBe(false)
          }
        })
        const other = encrypt(y.point, m).ciphertext
        expect(holds((b) => verifyInterval(b, { ...statement, ciphertext: other }, proof))).toBe(false)
        expect(holds((b) => verifyInterval(b, { ...statement, context: [fingerprint, 'another voter'] }, proof))).toBe(false)
        expect(holds((b) => verifyInterval(b, { ...statement, values: values.map((v) => v + 1) }, proof))).toBe(false)
        expect(holds((b) => verifyInterval(b, statement, proof.slice(1)))).toBe(false)
      }
      // A plaintext outside the set cannot be proven: the prover refuses, a forced proof fails.
      const { ciphertext, r } = encrypt(y.point, 2 + values.length)
      const statement: IntervalStatement = { domain: 'choice', context: [fingerprint], key: y, statement: [ciphertext.encoded.alpha], ciphertext, values }
      expect(() => proveInterval(statement, r, 2 + values.length)).toThrow()
      expect(holds((b) => verifyInterval(b, statement, proveInterval(statement, r, values[0]!)))).toBe(false)
    }
  })

  it('Chaum-Pedersen proof of a decryption factor', () => {
    const alpha = known(mulBase(randomScalar()))
    const { factor, proof } = proveDecryption([fingerprint, 2], x, X, alpha)
    expect(holds((b) => verifyDecryption(b, [fingerprint, 2], X, alpha, factor, proof) !== null)).toBe(true)
    expect(holds((b) => verifyDecryption(b, [fingerprint, 2], X, alpha, otherPoint(), proof) !== null)).toBe(false)
    for (const field of ['A', 'B', 'r'] as const)
      expect(holds((b) => verifyDecryption(b, [fingerprint, 2], X, alpha, factor, { ...proof, [field]: alter(field, proof[field]) }) !== null)).toBe(false)
    expect(holds((b) => verifyDecryption(b, [fingerprint, 3], X, alpha, factor, proof) !== null)).toBe(false)
    expect(holds((b) => verifyDecryption(b, [fingerprint, 2], X, known(mulBase(randomScalar())), factor, proof) !== null)).toBe(false)
  })
})

describe('ballots', () => {
  const x = randomScalar()
  const election: BallotElection = { fingerprint: sha256Base64url('bureau'), publicKey: encodePoint(mulBase(x)), candidates: 3, seats: 2 }
  const credential = credentialFromSecret('bureau', newCredentialSecret())
  const ballot = encryptBallot(election, [0, 2], credential)

  it('accepts honest ballots of 0 to `seats` choices, which decrypt to the choices and the blank flag', () => {
    for (const chosen of [[], [1], [2, 0]]) {
      const b = encryptBallot(election, chosen, credential)
      const result = verifyBallot(election, JSON.stringify(b))
      expect(result).toMatchObject({ ok: true, tracker: tracker(b) })
      const plain = [...b.choices, b.blank].map((c) =>
        decryptWithKey({ alpha: decodePoint(c.alpha)!, beta: decodePoint(c.beta, { allowIdentity: true })! }, x, 1),
      )
      expect(plain).toEqual([0, 1, 2].map((i) => (chosen.includes(i) ? 1 : 0)).concat(chosen.length ? 0 : 1))
    }
    expect(tracker(JSON.parse(JSON.stringify(ballot)) as Ballot)).toBe(tracker(ballot))
    expect(tracker(ballot)).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('refuses the ballot when any field is altered, naming the first check that fails', () => {
    const expected = (path: (string | number)[]) => {
      const [top, i] = path
      if (top === 'election') return 'election fingerprint'
      if (top === 'credential') return 'proof of candidate 1'
      if (top === 'choices') return `proof of candidate ${Number(i) + 1}`
      if (top === 'blank') return 'proof of blank'
      if (top === 'overall') return 'overall proof'
      return 'signature'
    }
    const paths = leaves(ballot)
    expect(paths.length).toBe(2 + 3 * 10 + 10 + 2 * 4 + 2)
    for (const path of paths) {
      const altered = structuredClone(ballot)
      const field = String(path[path.length - 1])
      setAt(altered, path, path[0] === 'election' ? sha256Base64url('another election') : alter(field, getAt(ballot, path)))
      expect(verifyBallot(election, altered), path.join('.')).toEqual({ ok: false, failure: expected(path) })
    }
  })

  it('checks a share of the proofs when asked: the shares of an altered ballot split the refusal', () => {
    // Checks in order: candidates 1–3, blank, overall, signature; share k of 2 takes every other.
    const parts = [0, 1].map((index) => ({ index, of: 2 }))
    for (const part of parts) expect(verifyBallot(election, ballot, part)).toMatchObject({ ok: true, tracker: tracker(ballot) })
    const altered = structuredClone(ballot)
    setAt(altered, ['choices', 1, 'proof', 0, 'c'], alter('c', getAt(ballot, ['choices', 1, 'proof', 0, 'c'])))
    expect(verifyBallot(election, altered, parts[0])).toMatchObject({ ok: true })
    expect(verifyBallot(election, altered, parts[1])).toEqual({ ok: false, failure: 'proof of candidate 2' })
    const signed = structuredClone(ballot)
    setAt(signed, ['signature', 'r'], alter('r', getAt(ballot, ['signature', 'r'])))
    expect(verifyBallot(election, signed, parts[0])).toEqual({ ok: true, ballot: signed, tracker: tracker(signed) })
    expect(verifyBallot(election, signed, parts[1])).toEqual({ ok: false, failure: 'signature' })
    // The shape and the points are every share's: a broken ciphertext fails both.
    const broken = structuredClone(ballot)
    setAt(broken, ['choices', 2, 'alpha'], 'not-a-point')
    for (const part of parts) expect(verifyBallot(election, broken, part)).toEqual({ ok: false, failure: 'format: choices.2.alpha' })
  })

  it('refuses more choices than seats, a value 2, and a blank flag that lies', () => {
    expect(() => encryptBallot(election, [0, 1, 2], credential)).toThrow()
    expect(() => encryptBallot(election, [1, 1], credential)).toThrow()
    expect(() => encryptBallot(election, [3], credential)).toThrow()
    const y = decodePoint(election.publicKey)!
    const key = { point: y, encoded: election.publicKey }
    /** A voter's browser rewritten: any plaintexts, the best proofs it can make, signed. */
    const forge = (values: number[], blankValue: number) => {
      const b = structuredClone(ballot)
      const encs = values.map((m) => encrypt(y, m))
      encs.forEach(({ ciphertext, r }, i) => {
        const s: IntervalStatement = {
          domain: 'choice',
          context: [election.fingerprint, b.credential, i],
          key,
          statement: [ciphertext.encoded.alpha, ciphertext.encoded.beta],
          ciphertext,
          values: [0, 1],
        }
        b.choices[i] = { ...ciphertext.encoded, proof: proveInterval(s, r, Math.min(values[i]!, 1)) }
      })
      const blank = encrypt(y, blankValue)
      const sb: IntervalStatement = {
        domain: 'blank',
        context: [election.fingerprint, b.credential],
        key,
        statement: [blank.ciphertext.encoded.alpha, blank.ciphertext.encoded.beta],
        ciphertext: blank.ciphertext,
        values: [0, 1],
      }
      b.blank = { ...blank.ciphertext.encoded, proof: proveInterval(sb, blank.r, blankValue) }
      const all = [...encs.map((e) => e.ciphertext), blank.ciphertext]
      const so: IntervalStatement = {
        domain: 'overall',
        context: [election.fingerprint, b.credential],
        key,
        statement: all.flatMap((c) => [c.encoded.alpha, c.encoded.beta]),
        ciphertext: all[0]!,
        values: [1, 2],
      }
      const rho = mod(encs.reduce((acc, e) => acc + e.r, 0n) + 2n * blank.r)
      b.overall = proveInterval(so, rho, 1)
      const { signature: _, ...unsigned } = b
      b.signature = proveKnowledge('ballot', [election.fingerprint], credential.secret, credential.public, sha256Base64url(canonicalJson(unsigned)))
      return b
    }
    expect(verifyBallot(election, forge([1, 0, 0], 0)).ok).toBe(true)
    expect(verifyBallot(election, forge([1, 1, 1], 0))).toEqual({ ok: false, failure: 'overall proof' })
    expect(verifyBallot(election, forge([0, 2, 0], 0))).toEqual({ ok: false, failure: 'proof of candidate 2' })
    expect(verifyBallot(election, forge([1, 0, 0], 1))).toEqual({ ok: false, failure: 'overall proof' })
    expect(verifyBallot(election, forge([0, 0, 0], 0))).toEqual({ ok: false, failure: 'overall proof' })
  })

  it('cannot be replayed in another election or under another credential', () => {
    expect(verifyBallot({ ...election, fingerprint: sha256Base64url('other') }, ballot)).toEqual({ ok: false, failure: 'election fingerprint' })
    const thief = credentialFromSecret('bureau', newCredentialSecret())
    const copied = { ...structuredClone(ballot), credential: thief.public.encoded }
    const { signature: _, ...unsigned } = copied
    copied.signature = proveKnowledge('ballot', [election.fingerprint], thief.secret, thief.public, sha256Base64url(canonicalJson(unsigned)))
    expect(verifyBallot(election, copied)).toEqual({ ok: false, failure: 'proof of candidate 1' })
  })

  it.each<[string, unknown]>([
    ['malformed JSON', '{"election": '],
    ['a text too large', 'x'.repeat(MAX_BALLOT_TEXT + 1)],
    ['null', null],
    ['a number', 42],
    ['an array', [ballot]],
    ['an empty object', {}],
    ['an unknown field', { ...ballot, weight: 2 }],
    ['a huge array', { ...ballot, choices: Array.from({ length: 100_000 }, () => ballot.choices[0]) }],
    ['one choice too few', { ...ballot, choices: ballot.choices.slice(1) }],
    ['one overall branch too few', { ...ballot, overall: ballot.overall.slice(1) }],
    ['three branches in a 0/1 proof', { ...ballot, blank: { ...ballot.blank, proof: [...ballot.blank.proof, ballot.blank.proof[0]] } }],
    ['a non-canonical point', { ...ballot, credential: le(P) }],
    ['the identity as α', { ...ballot, blank: { ...ballot.blank, alpha: encodePoint(IDENTITY) } }],
    ['a scalar not reduced', { ...ballot, signature: { ...ballot.signature, r: le(ORDER) } }],
    ['a number for a point', { ...ballot, credential: 12 }],
    ['nested too deep', JSON.parse('['.repeat(5000) + ']'.repeat(5000))],
  ])('refuses hostile input without throwing: %s', (_, input) => {
    const result = verifyBallot(election, input)
    expect(result.ok).toBe(false)
  })

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.string(),
          fc.constant(ballot).map((b) => ({ ...b, overall: 'x' })),
        ),
        (input) => {
          expect(verifyBallot(election, input).ok).toBe(false)
        },
      ),
      { numRuns: 300 },
    )
    expect(ballotSchema.safeParse(ballot).success).toBe(true)
  })
})
