import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { electionCandidacies, elections, profiles } from '../../../db/schema'
import type { Db } from '../../../db/client'
import type { AppContext } from '~/context.server'
import { formatDate, type MessageKey } from '~/i18n'
import { composeMail } from '~/shared/mail-layout.server'
import { findElection, isEligible, mailRecipient, memberIdentity, stageOf, type ElectionRow } from '~/features/elections/elections.server'

// Candidacies (issue #18, step 3): an eligible member applies with a « profession de foi » during
// the candidacy window and may withdraw until it closes; webmasters validate or refuse (mailed)
// until the list is published; at the close, once nothing is pending, the validated candidacies
// are published in an order drawn uniformly at random — the order of the ballot.

export type CandidacyRow = typeof electionCandidacies.$inferSelect
export type CandidacyStatus = CandidacyRow['status']

type Failure<E extends string> = { ok: false; error: E }
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

function candidacyOf(db: Pick<Db, 'select'>, electionId: string, userId: string): CandidacyRow | null {
  return (
    db
      .select()
      .from(electionCandidacies)
      .where(and(eq(electionCandidacies.electionId, electionId), eq(electionCandidacies.userId, userId)))
      .get() ?? null
  )
}

/** The viewer's own candidacy in this election, if any (any status). */
export function myCandidacy(db: Db, electionId: string, userId: string): CandidacyRow | null {
  return candidacyOf(db, electionId, userId)
}

/** Whether the profile has a photo (served by /membres/:id/photo under the profile's rules). */
export function hasProfilePhoto(db: Db, userId: string): boolean {
  const row = db.select({ photo: profiles.photo }).from(profiles).where(eq(profiles.userId, userId)).get()
  return !!row?.photo
}

/** The election read again inside a write transaction: its stage is decided on what is committed. */
function freshElection(tx: Tx, id: string): ElectionRow | null {
  return tx.select().from(elections).where(eq(elections.id, id)).get() ?? null
}

export type ApplyError = 'notFound' | 'closed' | 'notEligible' | 'decided'

/**
 * Apply, or update one's statement: a new row, or the same row (unique election+user) back to
 * pending after a withdrawal. A candidacy already validated or refused is not reopened by the
 * candidate (a webmaster decided it); a pending one has its statement replaced.
 */
export function applyForElection(ctx: AppContext, electionId: string, userId: string, statement: string): { ok: true; id: number } | Failure<ApplyError> {
  return ctx.db.transaction(
    (tx) => {
      const election = freshElection(tx, electionId)
      if (!election) return { ok: false, error: 'notFound' } as const
      if (stageOf(ctx, election) !== 'candidacy') return { ok: false, error: 'closed' } as const
      if (!isEligible(tx as unknown as Db, election, userId, ctx.now())) return { ok: false, error: 'notEligible' } as const
      const identity = memberIdentity(tx as unknown as Db, userId)
      if (!identity) return { ok: false, error: 'notEligible' } as const
      const now = ctx.now()
      const existing = candidacyOf(tx, electionId, userId)
      if (existing && (existing.status === 'validated' || existing.status === 'refused')) return { ok: false, error: 'decided' } as const
      if (existing) {
        tx.update(electionCandidacies)
          .set({
            statement,
            name: identity.name,
            promotion: identity.promotion,
            status: 'pending',
            refusalReason: null,
            decidedBy: null,
            decidedAt: null,
            updatedAt: now,
          })
          .where(eq(electionCandidacies.id, existing.id))
          .run()
        return { ok: true, id: existing.id } as const
      }
      const row = tx
        .insert(electionCandidacies)
        .values({ electionId, userId, name: identity.name, promotion: identity.promotion, statement, status: 'pending', createdAt: now, updatedAt: now })
        .returning({ id: electionCandidacies.id })
        .get()
      return { ok: true, id: row.id } as const
    },
    // IMMEDIATE: the stage and the row are read under the write lock, so a close or a decision
    // committed by another process cannot slip between the check and the write.
    { behavior: 'immediate' },
  )
}

export type WithdrawError = 'notFound' | 'closed' | 'none'

/** Withdraw (pending or validated) until the candidacy window closes. */
export function withdrawCandidacy(ctx: AppContext, electionId: string, userId: string): { ok: true } | Failure<WithdrawError> {
  return ctx.db.transaction(
    (tx) => {
      const election = freshElection(tx, electionId)
      if (!election) return { ok: false, error: 'notFound' } as const
      if (stageOf(ctx, election) !== 'candidacy') return { ok: false, error: 'closed' } as const
      const existing = candidacyOf(tx, electionId, userId)
      if (!existing || existing.status === 'withdrawn' || existing.status === 'refused') return { ok: false, error: 'none' } as const
      tx.update(electionCandidacies).set({ status: 'withdrawn', position: null, updatedAt: ctx.now() }).where(eq(electionCandidacies.id, existing.id)).run()
      return { ok: true } as const
    },
    { behavior: 'immediate' },
  )
}

export type DecideError = 'notFound' | 'published' | 'notOpen' | 'withdrawn'

/**
 * A webmaster validates or refuses (with its reason) a candidacy, until the list is published;
 * the candidate is told by mail in the same transaction. Deciding again (refused → validated)
 * is allowed before publication; a withdrawn candidacy is the candidate's and stays so.
 */
export function decideCandidacy(
  ctx: AppContext,
  input: { electionId: string; candidacyId: number; webmasterId: string; decision: 'validated' | 'refused'; reason?: string; baseUrl: string },
): { ok: true } | Failure<DecideError> {
  return ctx.db.transaction(
    (tx) => {
      const election = freshElection(tx, input.electionId)
      if (!election) return { ok: false, error: 'notFound' } as const
      if (election.candidatesPublishedAt || election.state !== 'draft') return { ok: false, error: 'published' } as const
      if (stageOf(ctx, election) === 'announced') return { ok: false, error: 'notOpen' } as const
      const row = tx
        .select()
        .from(electionCandidacies)
        .where(and(eq(electionCandidacies.id, input.candidacyId), eq(electionCandidacies.electionId, input.electionId)))
        .get()
      if (!row) return { ok: false, error: 'notFound' } as const
      if (row.status === 'withdrawn') return { ok: false, error: 'withdrawn' } as const
      if (row.status === input.decision) return { ok: true } as const
      const now = ctx.now()
      tx.update(electionCandidacies)
        .set({
          status: input.decision,
          refusalReason: input.decision === 'refused' ? (input.reason ?? '') : null,
          decidedBy: input.webmasterId,
          decidedAt: now,
          updatedAt: now,
        })
        .where(eq(electionCandidacies.id, row.id))
        .run()
      mailDecision(ctx, tx, election, row, input)
      return { ok: true } as const
    },
    { behavior: 'immediate' },
  )
}

function mailDecision(
  ctx: AppContext,
  tx: Tx,
  election: ElectionRow,
  row: CandidacyRow,
  input: { decision: 'validated' | 'refused'; reason?: string; baseUrl: string; webmasterId: string },
) {
  if (!row.userId) return
  const to = mailRecipient(tx, row.userId)
  if (!to) return
  const closes = formatDate(to.locale, election.candidacyClosesAt)
  const paragraphs: { key: MessageKey; params?: Record<string, string> }[] =
    input.decision === 'validated'
      ? [{ key: 'elections.candidacy.mail.validated.body', params: { title: election.title, date: closes } }]
      : [
          { key: 'elections.candidacy.mail.refused.body', params: { title: election.title } },
          { key: 'elections.candidacy.mail.refused.reason', params: { reason: input.reason ?? '' } },
          { key: 'elections.candidacy.mail.refused.contact', params: { email: ctx.config.ASSOCIATION_EMAIL } },
        ]
  ctx.mail.enqueue(
    composeMail(ctx.config, {
      to: to.email,
      locale: to.locale,
      firstName: to.firstName,
      subject: input.decision === 'validated' ? 'elections.candidacy.mail.validated.subject' : 'elections.candidacy.mail.refused.subject',
      paragraphs,
      action: { label: 'elections.candidacy.mail.action', url: new URL(`/elections/${election.id}/candidature`, input.baseUrl).toString() },
    }),
    {
      kind: `elections.candidacy.${input.decision}`,
      // One mail per decision: deciding again later (refused, then validated) mails again.
      dedupeKey: `elections.candidacy:${row.id}:${input.decision}:${ctx.now().getTime()}`,
    },
  )
}

/** What every list of candidates shows: who, their text, and whether their profile has a photo. */
const shownColumns = {
  id: electionCandidacies.id,
  userId: electionCandidacies.userId,
  name: electionCandidacies.name,
  promotion: electionCandidacies.promotion,
  statement: electionCandidacies.statement,
  photo: profiles.photo,
}

/** Every candidacy of an election, for the webmasters' page, oldest first. */
export function candidaciesOf(db: Db, electionId: string) {
  return db
    .select({
      ...shownColumns,
      status: electionCandidacies.status,
      refusalReason: electionCandidacies.refusalReason,
      decidedAt: electionCandidacies.decidedAt,
      createdAt: electionCandidacies.createdAt,
      updatedAt: electionCandidacies.updatedAt,
    })
    .from(electionCandidacies)
    .leftJoin(profiles, eq(profiles.userId, electionCandidacies.userId))
    .where(eq(electionCandidacies.electionId, electionId))
    .orderBy(asc(electionCandidacies.createdAt), asc(electionCandidacies.id))
    .all()
    .map(({ photo, ...c }) => ({ ...c, hasPhoto: !!photo }))
}

/** How many candidacies still wait for a webmaster's decision: publication waits for them. */
export function pendingCandidacies(db: Db, electionId: string): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(electionCandidacies)
    .where(and(eq(electionCandidacies.electionId, electionId), eq(electionCandidacies.status, 'pending')))
    .get()
  return row?.n ?? 0
}

export type PublishedCandidate = {
  /** The candidacy id as a string: the candidate's id in the sealed parameters. */
  id: string
  userId: string | null
  name: string
  promotion: number | null
  statement: string
  hasPhoto: boolean
  position: number
}

/** The published list in its drawn order (empty before publication). */
export function publishedCandidates(db: Db, electionId: string): PublishedCandidate[] {
  const election = db.select({ at: elections.candidatesPublishedAt }).from(elections).where(eq(elections.id, electionId)).get()
  if (!election?.at) return []
  return db
    .select({ ...shownColumns, position: electionCandidacies.position })
    .from(electionCandidacies)
    .leftJoin(profiles, eq(profiles.userId, electionCandidacies.userId))
    .where(and(eq(electionCandidacies.electionId, electionId), eq(electionCandidacies.status, 'validated')))
    .orderBy(asc(electionCandidacies.position))
    .all()
    .filter((c) => c.position !== null)
    .map(({ photo, id, position, ...c }) => ({ ...c, id: String(id), position: position!, hasPhoto: !!photo }))
}

/** A uniform random integer in [0, n) from the platform's CSPRNG, without modulo bias. */
function randomBelow(n: number, random: (buf: Uint32Array) => Uint32Array): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n
  const buf = new Uint32Array(1)
  for (;;) {
    random(buf)
    if (buf[0]! < limit) return buf[0]! % n
  }
}

/** Fisher–Yates with crypto.getRandomValues: every order equally likely. */
export function drawOrder<T>(items: readonly T[], random: (buf: Uint32Array) => Uint32Array = (b) => crypto.getRandomValues(b)): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1, random)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

export type PublishOutcome = 'published' | 'already' | 'notDue' | 'pending'

/**
 * At the close of the candidacy window, once no candidacy is pending: draw the order of the
 * validated candidacies into `position` 1…n and set `candidates_published_at`, in one IMMEDIATE
 * transaction whose UPDATE only applies while the list is unpublished — concurrent calls (several
 * processes, the job and a page) publish once. Idempotent: called by every candidacy page.
 */
export function publishCandidatesIfDue(ctx: AppContext, election: Pick<ElectionRow, 'id'>): PublishOutcome {
  return ctx.db.transaction(
    (tx) => {
      const fresh = freshElection(tx, election.id)
      if (!fresh) return 'notDue'
      if (fresh.candidatesPublishedAt) return 'already'
      if (fresh.state !== 'draft' || stageOf(ctx, fresh) !== 'preparation') return 'notDue'
      if (pendingCandidacies(tx as unknown as Db, fresh.id) > 0) return 'pending'
      const now = ctx.now()
      const claimed = tx
        .update(elections)
        .set({ candidatesPublishedAt: now, updatedAt: now })
        .where(and(eq(elections.id, fresh.id), isNull(elections.candidatesPublishedAt)))
        .run()
      if (claimed.changes === 0) return 'already'
      const validated = tx
        .select({ id: electionCandidacies.id })
        .from(electionCandidacies)
        .where(and(eq(electionCandidacies.electionId, fresh.id), eq(electionCandidacies.status, 'validated')))
        .orderBy(asc(electionCandidacies.id))
        .all()
      drawOrder(validated).forEach((c, i) => {
        tx.update(electionCandidacies)
          .set({ position: i + 1 })
          .where(eq(electionCandidacies.id, c.id))
          .run()
      })
      return 'published'
    },
    { behavior: 'immediate' },
  )
}

/** The election for a candidacy page, its list published first when due. */
export function electionForCandidacies(ctx: AppContext, id: string | undefined): ElectionRow | null {
  const election = id ? findElection(ctx.db, id) : null
  if (!election) return null
  if (publishCandidatesIfDue(ctx, election) === 'published') return findElection(ctx.db, election.id)
  return election
}
