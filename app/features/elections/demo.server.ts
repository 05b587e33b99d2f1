import crypto from 'node:crypto'
import { and, asc, eq, sql } from 'drizzle-orm'
import { electionCandidacies, electionBallots, electionRoll, elections, electionTrustees, memberships, profiles, users } from '../../../db/schema'
import type { Db } from '../../../db/client'
import { ballotText, credentialFromSecret, encryptBallot, newCredentialSecret, prepareElection, trackerOfText } from './crypto/ballot'
import { type ElectionParameters, ballotElectionOf, boardTrustees, electionFingerprint, PARAMETERS_FORMAT } from './crypto/board'
import { canonicalJson, GROUP, sha256Base64url } from './crypto/group'
import { runCeremony } from './crypto/simulate'
import { decryptTally, encryptedTally, resultFromTotals } from './crypto/tally'
import { partialDecrypt } from './crypto/threshold'
import { eligibleAt } from './elections.server'

/**
 * Demo elections, added once after the demo people (server/app.ts, `SEED_DEMO`): last year's
 * board election, closed and published with its whole public board — so `npm run election:verify`
 * has a real file to check on a fresh install — and this year's, open for candidacies, whose
 * trustees are Camille (alumni@amicale.example) and the demo webmaster.
 *
 * The closed one runs the real protocol in this process (ceremony, credentials, encrypted
 * ballots with proofs, partial decryptions), which only a demo may do: here one process held every
 * secret, and forgot them. Ballots are drawn at random, so two installs differ; ~3 s.
 */
export const DEMO_ELECTIONS = { closed: 'bureau-2025-demo', open: 'bureau-2026-demo' } as const

const DAY = 24 * 3600_000
const CLOSED_BALLOTS = 250

type Member = { id: string; name: string; promotion: number | null }

function members(db: Db, where: ReturnType<typeof eligibleAt>, limit?: number): Member[] {
  const rows = db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, promotion: profiles.promotion })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(where)
    .orderBy(asc(users.lastName), asc(users.firstName), asc(users.id))
    .limit(limit ?? -1)
    .all()
  return rows.map((r) => ({ id: r.id, name: `${r.firstName} ${r.lastName}`, promotion: r.promotion ?? null }))
}

const byEmail = (db: Db, email: string): Member | null => {
  const r = db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, promotion: profiles.promotion })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.email, email))
    .get()
  return r ? { id: r.id, name: `${r.firstName} ${r.lastName}`, promotion: r.promotion ?? null } : null
}

const STATEMENTS = [
  'Diplômée depuis quinze ans, je souhaite **renforcer le lien entre les promotions** : un afterwork par trimestre dans chaque grande ville, et un annuaire à jour.\n\n- des rencontres régulières\n- une lettre mensuelle\n- plus de place aux jeunes diplômés',
  'Trésorier sortant, je me représente pour **finir le chantier du mentorat** et garder des comptes clairs, publiés chaque année à l’assemblée générale.',
  'Je propose d’ouvrir l’association aux **étudiants dès la première année** : parrainage, visites d’entreprises, offres de stage relayées en priorité.',
  'Membre du groupe Carrières, je veux que chaque diplômé trouve **un interlocuteur dans son secteur** : des référents par métier et des ateliers de CV.',
  'Engagé dans l’organisation du gala depuis trois ans, je souhaite **faire vivre les régions** : des événements hors de Paris, portés par des bénévoles locaux.',
]

/** Both demo elections, in the caller's transaction; nothing when the demo members are missing. */
export function insertDemoElections(db: Db, now: Date): void {
  const admin = byEmail(db, 'admin@amicale.example')
  const camille = byEmail(db, 'alumni@amicale.example')
  if (!admin || !camille) return
  insertClosedElection(db, now, admin)
  insertOpenElection(db, now, admin, camille)
}

function insertClosedElection(db: Db, now: Date, admin: Member) {
  const id = DEMO_ELECTIONS.closed
  const t = now.getTime()
  const dates = {
    candidacyOpensAt: new Date(t - 400 * DAY),
    candidacyClosesAt: new Date(t - 380 * DAY),
    rollAt: new Date(t - 380 * DAY),
    votingOpensAt: new Date(t - 370 * DAY),
    votingClosesAt: new Date(t - 363 * DAY),
  }
  const election = { eligibility: 'members' as const }
  const roll = members(db, eligibleAt(election, dates.rollAt))
  if (roll.length < CLOSED_BALLOTS + 8) return
  const pick = (offset: number) => roll[Math.floor((roll.length * offset) / 11)]!
  const trusteeMembers = [pick(1), pick(4), pick(7)]
  const candidates = [pick(2), pick(3), pick(5), pick(6), pick(8)]
  db.insert(elections)
    .values({
      id,
      title: 'Élection du bureau 2025',
      description: 'Renouvellement de trois des sièges du bureau de l’association, pour trois ans.',
      seats: 3,
      ...dates,
      eligibility: 'members',
      threshold: 2,
      tieRule: 'drawn-order',
      state: 'draft',
      rollFrozenAt: dates.rollAt,
      candidatesPublishedAt: dates.candidacyClosesAt,
      createdBy: admin.id,
      createdAt: new Date(t - 410 * DAY),
      updatedAt: new Date(t - 363 * DAY),
    })
    .run()
  const candidacyIds = candidates.map(
    (c, i) =>
      db
        .insert(electionCandidacies)
        .values({
          electionId: id,
          userId: c.id,
          name: c.name,
          promotion: c.promotion,
          statement: STATEMENTS[i]!,
          status: 'validated',
          decidedBy: admin.id,
          decidedAt: new Date(t - 382 * DAY),
          position: i + 1,
          createdAt: new Date(t - 395 * DAY + i * DAY),
          updatedAt: new Date(t - 382 * DAY),
        })
        .returning({ id: electionCandidacies.id })
        .get().id,
  )
  db.insert(electionRoll)
    .values(roll.map((m) => ({ electionId: id, userId: m.id, name: m.name, promotion: m.promotion })))
    .run()

  const ceremony = runCeremony({ electionId: id, trustees: trusteeMembers.map((m) => m.name), threshold: 2 })
  const secrets = roll.map(() => newCredentialSecret())
  const credentials = secrets.map((s) => credentialFromSecret(id, s))
  const parameters: ElectionParameters = {
    format: PARAMETERS_FORMAT,
    group: GROUP,
    id,
    title: 'Élection du bureau 2025',
    seats: 3,
    candidates: candidates.map((c, i) => ({ id: String(candidacyIds[i]), name: c.name })),
    tieRule: { kind: 'drawn-order' },
    roll: { size: roll.length, digest: sha256Base64url(canonicalJson(roll.map((m) => [m.name, m.promotion]))) },
    credentials: credentials.map((c) => c.public.encoded).sort(),
    threshold: 2,
    trustees: boardTrustees(
      trusteeMembers.map((m) => m.name),
      ceremony.commitments,
      ceremony.keys,
    ),
    publicKey: ceremony.publicKey,
  }
  const fingerprint = electionFingerprint(parameters)
  const prepared = prepareElection(ballotElectionOf(parameters, fingerprint))
  // Who voted is drawn among the roll; what they chose leans on a plausible split.
  const order = roll.map((_, i) => i)
  for (let i = order.length - 1; i > 0; i--) {
    const j = crypto.randomInt(0, i + 1)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  const weights = [0.34, 0.27, 0.2, 0.12, 0.07]
  const ballots = order.slice(0, CLOSED_BALLOTS).map((rollIndex) => {
    const chosen = new Set<number>()
    const wanted = crypto.randomInt(0, 10) === 0 ? 0 : 1 + crypto.randomInt(0, 3)
    while (chosen.size < wanted) {
      let x = crypto.randomInt(0, 1000) / 1000
      let k = 0
      while (k < weights.length - 1 && x > weights[k]!) x -= weights[k++]!
      chosen.add(k)
    }
    return { rollIndex, ballot: encryptBallot(prepared, [...chosen], credentials[rollIndex]!) }
  })
  const encrypted = encryptedTally(
    candidates.length,
    ballots.map((b) => b.ballot),
  )
  const partials = [1, 3].map((trustee) => partialDecrypt(fingerprint, ceremony.keyFiles[trustee - 1]!, encrypted))
  const totals = decryptTally(parameters, fingerprint, encrypted, partials, ballots.length)
  if (!totals.ok) throw new Error(`demo election: ${totals.failure}`)
  const result = resultFromTotals(parameters, ballots.length, totals.totals)

  for (const b of ballots) {
    const text = ballotText(b.ballot)
    db.insert(electionBallots)
      .values({ electionId: id, credential: b.ballot.credential, ballot: text, tracker: trackerOfText(text) })
      .run()
  }
  const votedIds = ballots.map((b) => roll[b.rollIndex]!.id)
  for (let i = 0; i < votedIds.length; i += 500) {
    db.update(electionRoll)
      .set({ voted: true })
      .where(and(eq(electionRoll.electionId, id), sql`${electionRoll.userId} in ${votedIds.slice(i, i + 500)}`))
      .run()
  }
  db.insert(electionTrustees)
    .values(
      trusteeMembers.map((m, i) => ({
        electionId: id,
        position: i + 1,
        userId: m.id,
        name: m.name,
        commitment: JSON.stringify(ceremony.commitments[i]),
        verificationKey: JSON.stringify(ceremony.keys[i]),
        partialDecryption: i === 0 ? JSON.stringify(partials[0]) : i === 2 ? JSON.stringify(partials[1]) : null,
        updatedAt: dates.votingClosesAt,
      })),
    )
    .run()
  db.update(elections)
    .set({
      state: 'published',
      parameters: canonicalJson(parameters),
      fingerprint,
      sealedAt: new Date(t - 372 * DAY),
      encryptedTally: JSON.stringify(encrypted),
      result: JSON.stringify(result),
      publishedAt: new Date(t - 362 * DAY),
    })
    .where(eq(elections.id, id))
    .run()
}

function insertOpenElection(db: Db, now: Date, admin: Member, camille: Member) {
  const id = DEMO_ELECTIONS.open
  const t = now.getTime()
  const election = { eligibility: 'members' as const }
  const someone = members(db, and(eligibleAt(election, now), sql`${users.id} not in ${[admin.id, camille.id]}`), 40)
  if (someone.length < 3) return
  db.insert(elections)
    .values({
      id,
      title: 'Élection du bureau 2026',
      description: 'Le bureau renouvelle trois de ses sièges. Chaque membre à jour de sa cotisation peut se porter candidat et voter.',
      seats: 3,
      candidacyOpensAt: new Date(t - 3 * DAY),
      candidacyClosesAt: new Date(t + 14 * DAY),
      rollAt: new Date(t + 14 * DAY),
      votingOpensAt: new Date(t + 21 * DAY),
      votingClosesAt: new Date(t + 28 * DAY),
      eligibility: 'members',
      threshold: 2,
      tieRule: 'drawn-order',
      requireMailCode: false,
      createdBy: admin.id,
      createdAt: new Date(t - 5 * DAY),
      updatedAt: new Date(t - 5 * DAY),
    })
    .run()
  const trustees = [camille, admin, someone[20]!]
  db.insert(electionTrustees)
    .values(trustees.map((m, i) => ({ electionId: id, position: i + 1, userId: m.id, name: m.name, updatedAt: new Date(t - 5 * DAY) })))
    .run()
  const applicants = [someone[3]!, someone[11]!]
  applicants.forEach((m, i) =>
    db
      .insert(electionCandidacies)
      .values({
        electionId: id,
        userId: m.id,
        name: m.name,
        promotion: m.promotion,
        statement: STATEMENTS[(i + 2) % STATEMENTS.length]!,
        status: i === 0 ? 'validated' : 'pending',
        decidedBy: i === 0 ? admin.id : null,
        decidedAt: i === 0 ? new Date(t - DAY) : null,
        createdAt: new Date(t - 2 * DAY + i * 3600_000),
        updatedAt: new Date(t - DAY),
      })
      .run(),
  )
}
