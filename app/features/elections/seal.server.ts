import { asc, eq } from 'drizzle-orm'
import { electionRoll, elections, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { formatDateTime } from '~/i18n'
import { composeMail } from '~/shared/mail-layout.server'
import { credentialFromSecret, newCredentialSecret } from './crypto/ballot'
import { type ElectionParameters, type TieRule, boardTrustees, electionFingerprint, PARAMETERS_FORMAT } from './crypto/board'
import { canonicalJson, GROUP, sha256Base64url } from './crypto/group'
import { checkAllCommitments, electionKey, trusteeCommitmentSchema, trusteeVerificationKeySchema } from './crypto/threshold'
import { encodePoint } from './crypto/group'
import { ceremonyContextFor, stepOf, trusteesOf } from './ceremony.server'
import { type PublishedCandidate, publishedCandidates } from './candidacies.server'
import { type ElectionRow, findElection } from './elections.server'
import { openContests, rollSize } from './roll.server'

// Sealing (issue #18, step 4): the moment the election stops changing. The parameters — the
// candidates in their drawn order, the roll's size and digest, one public voting credential per
// roll entry, the trustees' public keys and proofs, the election key — are hashed into the
// fingerprint every page, ballot and mail then shows. Each voter is mailed their credential's
// SECRET: it exists in this process's memory and in that mail's body only, which the outbox wipes
// once sent (kinds `*.secret.*`, mail-queue.server.ts). The association keeps the public half.

/** Why an election cannot be sealed yet (catalogue `elections.seal.blocker.<reason>`). */
export type SealBlocker = 'state' | 'candidacyOpen' | 'noCandidates' | 'rollNotFrozen' | 'emptyRoll' | 'openContests' | 'ceremony' | 'votingOpened'

/** Every reason that holds now, in the order a webmaster fixes them; empty when sealing may go. */
export function sealBlockers(ctx: AppContext, election: ElectionRow): SealBlocker[] {
  const now = ctx.now()
  const blockers: SealBlocker[] = []
  if (election.state !== 'draft') return ['state']
  if (now < election.candidacyClosesAt || !election.candidatesPublishedAt) blockers.push('candidacyOpen')
  else if (publishedCandidates(ctx.db, election.id).length === 0) blockers.push('noCandidates')
  if (!election.rollFrozenAt) blockers.push('rollNotFrozen')
  else if (rollSize(ctx.db, election.id) === 0) blockers.push('emptyRoll')
  if (openContests(ctx.db, election.id) > 0) blockers.push('openContests')
  const trustees = trusteesOf(ctx.db, election.id)
  if (trustees.length === 0 || trustees.some((t) => stepOf(t) < 3)) blockers.push('ceremony')
  if (now >= election.votingOpensAt) blockers.push('votingOpened')
  return blockers
}

/** The tie rule as sealed: the drawn order, or the oldest promotion first, then the drawn order. */
export function sealedTieRule(election: Pick<ElectionRow, 'tieRule'>, candidates: readonly PublishedCandidate[]): TieRule {
  if (election.tieRule === 'drawn-order') return { kind: 'drawn-order' }
  const ranking = [...candidates].sort((a, b) => (a.promotion ?? Infinity) - (b.promotion ?? Infinity) || a.position - b.position).map((c) => c.id)
  return { kind: 'ranking', label: 'promotion la plus ancienne, puis ordre du tirage', ranking }
}

export type SealOutcome = { ok: true; fingerprint: string; mailed: number } | { ok: false; blockers: SealBlocker[] }

/**
 * Seals the election in one IMMEDIATE transaction: the conditions re-read inside it, the
 * parameters and fingerprint stored, the state `sealed`, and each voter's credential mail queued.
 */
export function sealElection(ctx: AppContext, electionId: string, baseUrl: string): SealOutcome {
  return ctx.db.transaction(
    (tx): SealOutcome => {
      const election = findElection(tx, electionId)
      if (!election) return { ok: false, blockers: ['state'] }
      const blockers = sealBlockers({ ...ctx, db: tx }, election)
      if (blockers.length > 0) return { ok: false, blockers }

      const candidates = publishedCandidates(tx, election.id)
      const trustees = trusteesOf(tx, election.id)
      const context = ceremonyContextFor(election, trustees)
      const commitments = trustees.map((t) => trusteeCommitmentSchema.parse(JSON.parse(t.commitment!)))
      const keys = trustees.map((t) => trusteeVerificationKeySchema.parse(JSON.parse(t.verificationKey!)))
      const checked = checkAllCommitments(context, commitments)
      // Each message was checked on its way in (ceremony.server.ts); this is the last look.
      if (!checked.ok) return { ok: false, blockers: ['ceremony'] }

      // The roll in its order (row id): the digest is over what the roll page shows.
      const roll = tx
        .select({ id: electionRoll.id, userId: electionRoll.userId, name: electionRoll.name, promotion: electionRoll.promotion })
        .from(electionRoll)
        .where(eq(electionRoll.electionId, election.id))
        .orderBy(asc(electionRoll.id))
        .all()
      // The secrets live in this array until the mails are queued, then nowhere but in them.
      const secrets = roll.map(() => newCredentialSecret())
      const credentials = secrets.map((s) => credentialFromSecret(election.id, s).public.encoded).sort()

      const parameters: ElectionParameters = {
        format: PARAMETERS_FORMAT,
        group: GROUP,
        id: election.id,
        title: election.title,
        seats: election.seats,
        candidates: candidates.map((c) => ({ id: c.id, name: c.name })),
        tieRule: sealedTieRule(election, candidates),
        roll: { size: roll.length, digest: sha256Base64url(canonicalJson(roll.map((r) => [r.name, r.promotion]))) },
        credentials,
        threshold: election.threshold,
        trustees: boardTrustees(
          trustees.map((t) => t.name),
          commitments,
          keys,
        ),
        publicKey: encodePoint(electionKey(checked.all)),
      }
      const fingerprint = electionFingerprint(parameters)
      const now = ctx.now()
      tx.update(elections)
        .set({ state: 'sealed', parameters: canonicalJson(parameters), fingerprint, sealedAt: now, updatedAt: now })
        .where(eq(elections.id, election.id))
        .run()

      let mailed = 0
      roll.forEach((entry, i) => {
        // An erased member stays on the roll as a name; their credential is sealed, never mailed.
        if (!entry.userId) return
        const to = tx
          .select({ email: users.email, firstName: users.firstName, locale: users.locale, status: users.status })
          .from(users)
          .where(eq(users.id, entry.userId))
          .get()
        if (!to) return
        const secret = secrets[i]!
        ctx.mail.enqueue(
          composeMail(ctx.config, {
            to: to.email,
            locale: to.locale,
            firstName: to.firstName,
            subject: 'elections.seal.mail.subject',
            paragraphs: [
              { key: 'elections.seal.mail.body', params: { title: election.title } },
              { key: 'elections.seal.mail.code', params: { code: secret } },
              {
                key: 'elections.seal.mail.dates',
                params: { opens: formatDateTime(to.locale, election.votingOpensAt), closes: formatDateTime(to.locale, election.votingClosesAt) },
              },
              { key: 'elections.seal.mail.explain' },
              { key: 'elections.seal.mail.fingerprint', params: { fingerprint } },
            ],
            // A fragment (#code=…) never reaches the server, nor its logs.
            action: { label: 'elections.seal.mail.action', url: new URL(`/elections/${election.id}/voter#code=${secret}`, baseUrl).toString() },
          }),
          // The body (the secret) is wiped from the outbox once sent or failed.
          { kind: 'elections.secret.credential', dedupeKey: `elections.credential:${election.id}:${entry.id}` },
        )
        mailed++
      })
      secrets.fill('')
      return { ok: true, fingerprint, mailed }
    },
    { behavior: 'immediate' },
  )
}
