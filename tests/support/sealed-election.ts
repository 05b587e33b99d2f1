import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { and, asc, eq } from 'drizzle-orm'
import { electionBallots, electionCandidacies, electionRoll, elections, electionTrustees } from '../../db/schema'
import type { AppContext } from '../../app/context.server'
import { memberIdentity } from '../../app/features/elections/elections.server'
import { ballotSchema, ballotText, credentialFromSecret, encryptBallot, newCredentialSecret } from '../../app/features/elections/crypto/ballot'
import { type ElectionParameters, ballotElectionOf, boardTrustees, electionFingerprint, PARAMETERS_FORMAT } from '../../app/features/elections/crypto/board'
import { canonicalJson, GROUP, sha256Base64url } from '../../app/features/elections/crypto/group'
import { runCeremony } from '../../app/features/elections/crypto/simulate'
import { decryptTally, encryptedTally, resultFromTotals } from '../../app/features/elections/crypto/tally'
import { ceremonyCheckAndShare, ceremonyFinalise, ceremonyPublish, partialDecrypt, type TrusteeKeyFile } from '../../app/features/elections/crypto/threshold'
import { submitCeremonyStep } from '../../app/features/elections/ceremony.server'
import { decodeData } from './single-fetch'

// A sealed election put straight into a test database, as the sealing step (another part of #18)
// leaves it: the row with its parameters and fingerprint built by the crypto functions, trustees
// who ran the real ceremony (their key files returned, as each trustee would have downloaded),
// published candidacies in their drawn order, the roll, and each voter's credential secret (the
// one the sealing mail carries). Voting is open unless the dates say otherwise.

const HOUR = 3600_000

export type SealedElection = {
  id: string
  parameters: ElectionParameters
  fingerprint: string
  /** The credential secret mailed to each roll entry, by user id. */
  secrets: Map<string, string>
  keyFiles: TrusteeKeyFile[]
  candidates: { id: string; name: string }[]
}

export type SealedOptions = {
  /** Who is on the roll (user ids; their names read from the accounts). */
  roll: string[]
  /** The trustees (user ids), 3 by default taken from the roll. */
  trustees?: string[]
  threshold?: number
  seats?: number
  candidates?: number
  requireMailCode?: boolean
  /** Voting opens this long before now (negative: not open yet). Default 1 hour. */
  openedMsAgo?: number
  /** Voting closes this long after now. Default 2 days. */
  closesInMs?: number
  title?: string
}

export function insertSealedElection(ctx: AppContext, options: SealedOptions): SealedElection {
  const db = ctx.db
  const now = ctx.now().getTime()
  const id = `test-${crypto.randomBytes(6).toString('base64url')}`
  const title = options.title ?? `Élection du bureau ${id}`
  const seats = options.seats ?? 2
  const opened = options.openedMsAgo ?? HOUR
  const votingOpensAt = new Date(now - opened)
  const votingClosesAt = new Date(now + (options.closesInMs ?? 48 * HOUR))
  const threshold = options.threshold ?? 2
  const trusteeIds = options.trustees ?? options.roll.slice(0, 3)
  const identity = (userId: string) => memberIdentity(db, userId) ?? { name: userId, promotion: null }

  db.insert(elections)
    .values({
      id,
      title,
      seats,
      candidacyOpensAt: new Date(votingOpensAt.getTime() - 30 * 24 * HOUR),
      candidacyClosesAt: new Date(votingOpensAt.getTime() - 20 * 24 * HOUR),
      rollAt: new Date(votingOpensAt.getTime() - 20 * 24 * HOUR),
      votingOpensAt,
      votingClosesAt,
      threshold,
      requireMailCode: options.requireMailCode ?? false,
      state: 'draft',
      rollFrozenAt: new Date(votingOpensAt.getTime() - 20 * 24 * HOUR),
      candidatesPublishedAt: new Date(votingOpensAt.getTime() - 20 * 24 * HOUR),
      createdAt: new Date(votingOpensAt.getTime() - 31 * 24 * HOUR),
      updatedAt: new Date(votingOpensAt.getTime() - 2 * HOUR),
    })
    .run()

  const standing = options.roll.slice(-(options.candidates ?? 4))
  const candidates = standing.map((userId, i) => {
    const who = identity(userId)
    const row = db
      .insert(electionCandidacies)
      .values({
        electionId: id,
        userId,
        name: who.name,
        promotion: who.promotion,
        statement: `Je me présente pour **servir** l’association (${i + 1}).`,
        status: 'validated',
        position: i + 1,
        createdAt: new Date(now - 25 * 24 * HOUR),
        updatedAt: new Date(now - 21 * 24 * HOUR),
      })
      .returning({ id: electionCandidacies.id })
      .get()
    return { id: String(row.id), name: who.name }
  })

  const rollRows = options.roll.map((userId) => ({ electionId: id, userId, ...identity(userId) }))
  db.insert(electionRoll).values(rollRows).run()

  const trusteeNames = trusteeIds.map((u) => identity(u).name)
  const ceremony = runCeremony({ electionId: id, trustees: trusteeNames, threshold })
  const secrets = new Map(options.roll.map((userId) => [userId, newCredentialSecret()]))
  const credentials = [...secrets.values()].map((s) => credentialFromSecret(id, s).public.encoded).sort()
  const parameters: ElectionParameters = {
    format: PARAMETERS_FORMAT,
    group: GROUP,
    id,
    title,
    seats,
    candidates,
    tieRule: { kind: 'drawn-order' },
    roll: { size: rollRows.length, digest: sha256Base64url(canonicalJson(rollRows.map((r) => [r.name, r.promotion]))) },
    credentials,
    threshold,
    trustees: boardTrustees(trusteeNames, ceremony.commitments, ceremony.keys),
    publicKey: ceremony.publicKey,
  }
  const fingerprint = electionFingerprint(parameters)
  db.insert(electionTrustees)
    .values(
      trusteeIds.map((userId, i) => ({
        electionId: id,
        position: i + 1,
        userId,
        name: trusteeNames[i]!,
        commitment: JSON.stringify(ceremony.commitments[i]),
        verificationKey: JSON.stringify(ceremony.keys[i]),
        updatedAt: new Date(now - 3 * HOUR),
      })),
    )
    .run()
  db.update(elections)
    .set({ state: 'sealed', parameters: canonicalJson(parameters), fingerprint, sealedAt: new Date(votingOpensAt.getTime() - HOUR) })
    .where(eq(elections.id, id))
    .run()
  return { id, parameters, fingerprint, secrets, keyFiles: ceremony.keyFiles, candidates }
}

/** Moves the close to now, so that the election is counting. */
export function closeVoting(ctx: AppContext, id: string) {
  ctx.db
    .update(elections)
    .set({ votingClosesAt: new Date(ctx.now().getTime() - 1000) })
    .where(eq(elections.id, id))
    .run()
}

/**
 * What the tally part does at the close, in one go: the box summed, trustees `decrypting`
 * (positions) publish their partial decryptions with their key files, the result announced.
 */
export function tallyAndPublish(ctx: AppContext, sealed: SealedElection, decrypting = [1, 2]) {
  const db = ctx.db
  const rows = db.select().from(electionBallots).where(eq(electionBallots.electionId, sealed.id)).orderBy(asc(electionBallots.tracker)).all()
  const ballots = rows.map((r) => ballotSchema.parse(JSON.parse(r.ballot)))
  // The box holds what the server accepted: each row's text is the canonical ballot.
  for (const [i, r] of rows.entries()) if (ballotText(ballots[i]!) !== r.ballot) throw new Error('a ballot in the box is not canonical')
  const election = ballotElectionOf(sealed.parameters, sealed.fingerprint)
  const encrypted = encryptedTally(election.candidates, ballots)
  const partials = decrypting.map((t) => partialDecrypt(sealed.fingerprint, sealed.keyFiles[t - 1]!, encrypted))
  const totals = decryptTally(sealed.parameters, sealed.fingerprint, encrypted, partials, ballots.length)
  if (!totals.ok) throw new Error(totals.failure)
  const result = resultFromTotals(sealed.parameters, ballots.length, totals.totals)
  for (const [k, t] of decrypting.entries()) {
    db.update(electionTrustees)
      .set({ partialDecryption: JSON.stringify(partials[k]) })
      .where(and(eq(electionTrustees.electionId, sealed.id), eq(electionTrustees.position, t)))
      .run()
  }
  db.update(elections)
    .set({ state: 'published', encryptedTally: JSON.stringify(encrypted), result: JSON.stringify(result), publishedAt: ctx.now() })
    .where(eq(elections.id, sealed.id))
    .run()
  return result
}

/** A ballot as the voting page's browser code builds it, canonical JSON text. */
export function ballotFor(sealed: SealedElection, secret: string, choices: number[]): string {
  const election = ballotElectionOf(sealed.parameters, sealed.fingerprint)
  return ballotText(encryptBallot(election, choices, credentialFromSecret(sealed.id, secret)))
}

type Poster = { request(path: string, init: { form: Record<string, string> }): Promise<Response> }

/**
 * Posts a form to the voting page's action as Remix's client does (`.data`, single fetch) and
 * decodes the answer: `{ status, data }` with the action's value (tracker, or errors by field).
 */
export async function postVote(client: Poster, electionId: string, form: Record<string, string>) {
  const response = await client.request(`/elections/${electionId}/voter.data`, { form })
  const status = response.status
  const decoded = (await decodeData(response)) as { data?: unknown } | unknown
  const data = (decoded && typeof decoded === 'object' && 'data' in decoded ? (decoded as { data: unknown }).data : decoded) as {
    tracker?: string
    replaced?: boolean
    sent?: boolean
    grant?: string
    expiresAt?: string
    errors?: Record<string, string[]>
  }
  return { status, data }
}

/** `npm run election:verify -- FILE` in its own process, as anyone runs it on a downloaded board. */
export function runVerifier(dir: string, board: unknown, name: string) {
  const file = path.join(dir, `${name}.json`)
  fs.writeFileSync(file, typeof board === 'string' ? board : JSON.stringify(board))
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn('npm', ['run', '-s', 'election:verify', '--', file], {
      env: { ...process.env, ELECTION_VERIFY_WORKERS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout!.on('data', (c: Buffer) => (out += c))
    child.stderr!.on('data', (c: Buffer) => (out += c))
    child.once('exit', (code) => resolve({ code, out }))
  })
}

/**
 * The key ceremony as the trustees' browsers run it, posted through the server's checks
 * (ceremony.server.ts) in position order: their key files, as each would have downloaded.
 */
export function ceremonyThroughServer(ctx: AppContext, electionId: string, trusteeUserIds: string[], threshold: number): TrusteeKeyFile[] {
  const rows = () => ctx.db.select().from(electionTrustees).where(eq(electionTrustees.electionId, electionId)).orderBy(asc(electionTrustees.position)).all()
  const context = { electionId, trustees: rows().map((r) => r.name), threshold }
  const post = (i: number, step: 'publish' | 'share' | 'finalise', message: unknown) => {
    const done = submitCeremonyStep(ctx, electionId, trusteeUserIds[i]!, step, JSON.stringify(message))
    if (!done.ok) throw new Error(`trustee ${i + 1}, ${step}: ${JSON.stringify(done)}`)
  }
  const steps = trusteeUserIds.map((_, i) => ceremonyPublish(context, i + 1))
  steps.forEach((s, i) => post(i, 'publish', s.message))
  const commitments = rows().map((r) => JSON.parse(r.commitment!) as unknown)
  steps.forEach((s, i) => {
    const shared = ceremonyCheckAndShare(s.state, commitments)
    if (!shared.ok) throw new Error(shared.failure)
    post(i, 'share', shared.message)
  })
  const shares = rows().map((r) => JSON.parse(r.shares!) as unknown)
  return steps.map((s, i) => {
    const done = ceremonyFinalise(s.state, commitments, shares)
    if (!done.ok) throw new Error(done.failure)
    post(i, 'finalise', done.message)
    return done.keyFile
  })
}
