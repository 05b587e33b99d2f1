import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { electionContests, electionRoll, elections, memberships, profiles, users } from '../../../db/schema'
import type { Db } from '../../../db/client'
import type { AppContext } from '~/context.server'
import { composeMail } from '~/shared/mail-layout.server'
import { eligibleAt, mailRecipient, memberIdentity, onRoll, type ElectionRow } from '~/features/elections/elections.server'
import { ROLL_PAGE_SIZE } from '~/features/elections/setup-schema'

// The roll (« liste électorale », issue #18, step 2): frozen at the roll date from the dues then
// active, one row per eligible member; a member left off says so (« Signaler une omission ») and
// a webmaster answers, adding them when right — all before the election is sealed, after which
// the roll's count is part of the sealed parameters.

type Failure<E extends string> = { ok: false; error: E }
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export type FreezeOutcome = 'frozen' | 'already' | 'notDue'

/**
 * At the roll date, in one IMMEDIATE transaction: mark the roll frozen (the UPDATE applies only
 * while it is not, so concurrent calls — several processes, the job and a page — freeze once) and
 * insert one row per member eligible at that instant, by last name. Idempotent; every page of
 * the election calls it first.
 */
export function freezeRollIfDue(ctx: AppContext, election: Pick<ElectionRow, 'id'>): FreezeOutcome {
  return ctx.db.transaction(
    (tx) => {
      const fresh = tx.select().from(elections).where(eq(elections.id, election.id)).get()
      if (!fresh) return 'notDue'
      if (fresh.rollFrozenAt) return 'already'
      if (fresh.state !== 'draft' || ctx.now() < fresh.rollAt) return 'notDue'
      const claimed = tx
        .update(elections)
        .set({ rollFrozenAt: ctx.now(), updatedAt: ctx.now() })
        .where(and(eq(elections.id, fresh.id), isNull(elections.rollFrozenAt)))
        .run()
      if (claimed.changes === 0) return 'already'
      const eligible = tx
        .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, promotion: profiles.promotion })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .leftJoin(profiles, eq(profiles.userId, users.id))
        .where(eligibleAt(fresh, fresh.rollAt))
        .orderBy(sql`${users.lastName} collate nocase`, sql`${users.firstName} collate nocase`, asc(users.id))
        .all()
      for (let i = 0; i < eligible.length; i += 500) {
        tx.insert(electionRoll)
          .values(
            eligible.slice(i, i + 500).map((m) => ({
              electionId: fresh.id,
              userId: m.id,
              name: `${m.firstName} ${m.lastName}`,
              promotion: m.promotion ?? null,
              source: 'roll' as const,
            })),
          )
          .run()
      }
      return 'frozen'
    },
    { behavior: 'immediate' },
  )
}

export function rollSize(db: Db, electionId: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(electionRoll)
      .where(eq(electionRoll.electionId, electionId))
      .get()?.n ?? 0
  )
}

/** A page of the roll in its order (by name at the freeze, then the rows added on a contest), searchable by name. */
export function rollPage(db: Db, electionId: string, query: string, page: number) {
  const escaped = query.replace(/[\\%_]/g, (c) => `\\${c}`)
  const where = query
    ? and(eq(electionRoll.electionId, electionId), sql`${electionRoll.name} like ${`%${escaped}%`} escape '\\'`)
    : eq(electionRoll.electionId, electionId)
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(electionRoll)
      .where(where)
      .get()?.n ?? 0
  const pages = Math.max(1, Math.ceil(total / ROLL_PAGE_SIZE))
  const current = Math.min(page, pages)
  const rows = db
    .select({ id: electionRoll.id, name: electionRoll.name, promotion: electionRoll.promotion, source: electionRoll.source })
    .from(electionRoll)
    .where(where)
    .orderBy(asc(electionRoll.id))
    .limit(ROLL_PAGE_SIZE)
    .offset((current - 1) * ROLL_PAGE_SIZE)
    .all()
  return { rows, total, page: current, pages }
}

/** Open contests of an election: sealing waits until every one is answered. */
export function openContests(db: Db, electionId: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(electionContests)
      .where(and(eq(electionContests.electionId, electionId), eq(electionContests.status, 'open')))
      .get()?.n ?? 0
  )
}

/** The viewer's latest contest in this election, if any. */
export function myContest(db: Db, electionId: string, userId: string) {
  return (
    db
      .select()
      .from(electionContests)
      .where(and(eq(electionContests.electionId, electionId), eq(electionContests.userId, userId)))
      .orderBy(desc(electionContests.createdAt), desc(electionContests.id))
      .get() ?? null
  )
}

export type ContestError = 'notFound' | 'notFrozen' | 'sealed' | 'onRoll' | 'alreadyOpen'

/** « Signaler une omission »: a member not on the frozen roll asks to be added, before the seal; one open at a time. */
export function contestRoll(ctx: AppContext, electionId: string, userId: string, message: string): { ok: true } | Failure<ContestError> {
  return ctx.db.transaction(
    (tx) => {
      const election = tx.select().from(elections).where(eq(elections.id, electionId)).get()
      if (!election) return { ok: false, error: 'notFound' } as const
      if (election.state !== 'draft') return { ok: false, error: 'sealed' } as const
      if (!election.rollFrozenAt) return { ok: false, error: 'notFrozen' } as const
      if (onRoll(tx as unknown as Db, electionId, userId)) return { ok: false, error: 'onRoll' } as const
      const open = tx
        .select({ id: electionContests.id })
        .from(electionContests)
        .where(and(eq(electionContests.electionId, electionId), eq(electionContests.userId, userId), eq(electionContests.status, 'open')))
        .get()
      if (open) return { ok: false, error: 'alreadyOpen' } as const
      tx.insert(electionContests).values({ electionId, userId, message, status: 'open', createdAt: ctx.now() }).run()
      return { ok: true } as const
    },
    { behavior: 'immediate' },
  )
}

/** Every contest of an election, open ones first, with the member's current name. */
export function contestsOf(db: Db, electionId: string) {
  return db
    .select({
      id: electionContests.id,
      userId: electionContests.userId,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      promotion: profiles.promotion,
      membership: memberships.kind,
      message: electionContests.message,
      status: electionContests.status,
      answer: electionContests.answer,
      answeredAt: electionContests.answeredAt,
      createdAt: electionContests.createdAt,
    })
    .from(electionContests)
    .leftJoin(users, eq(users.id, electionContests.userId))
    .leftJoin(profiles, eq(profiles.userId, electionContests.userId))
    .leftJoin(memberships, eq(memberships.userId, electionContests.userId))
    .where(eq(electionContests.electionId, electionId))
    .orderBy(sql`${electionContests.status} = 'open' desc`, desc(electionContests.createdAt), desc(electionContests.id))
    .all()
}

export type AnswerError = 'notFound' | 'sealed' | 'answered'

/**
 * A webmaster answers a contest: accepted adds the member to the roll (source `contest`),
 * refused leaves it; either way the member is mailed the answer, in the same transaction.
 */
export function answerContest(
  ctx: AppContext,
  input: { electionId: string; contestId: number; webmasterId: string; accept: boolean; answer: string; origin: string },
): { ok: true } | Failure<AnswerError> {
  return ctx.db.transaction(
    (tx) => {
      const election = tx.select().from(elections).where(eq(elections.id, input.electionId)).get()
      if (!election) return { ok: false, error: 'notFound' } as const
      const contest = tx
        .select()
        .from(electionContests)
        .where(and(eq(electionContests.id, input.contestId), eq(electionContests.electionId, input.electionId)))
        .get()
      if (!contest) return { ok: false, error: 'notFound' } as const
      if (election.state !== 'draft') return { ok: false, error: 'sealed' } as const
      const now = ctx.now()
      const done = tx
        .update(electionContests)
        .set({ status: input.accept ? 'accepted' : 'refused', answer: input.answer, answeredBy: input.webmasterId, answeredAt: now })
        .where(and(eq(electionContests.id, contest.id), eq(electionContests.status, 'open')))
        .run()
      if (done.changes === 0) return { ok: false, error: 'answered' } as const
      if (input.accept && contest.userId && !onRoll(tx as unknown as Db, election.id, contest.userId)) {
        const identity = memberIdentity(tx as unknown as Db, contest.userId)
        tx.insert(electionRoll)
          .values({ electionId: election.id, userId: contest.userId, name: identity?.name ?? '', promotion: identity?.promotion ?? null, source: 'contest' })
          .run()
      }
      mailAnswer(ctx, tx, election, contest, input)
      return { ok: true } as const
    },
    { behavior: 'immediate' },
  )
}

function mailAnswer(
  ctx: AppContext,
  tx: Tx,
  election: ElectionRow,
  contest: typeof electionContests.$inferSelect,
  input: { accept: boolean; answer: string; origin: string },
) {
  if (!contest.userId) return
  const to = mailRecipient(tx, contest.userId)
  if (!to) return
  ctx.mail.enqueue(
    composeMail(ctx.config, {
      to: to.email,
      locale: to.locale,
      firstName: to.firstName,
      subject: input.accept ? 'elections.roll.mail.accepted.subject' : 'elections.roll.mail.refused.subject',
      paragraphs: [
        { key: input.accept ? 'elections.roll.mail.accepted.body' : 'elections.roll.mail.refused.body', params: { title: election.title } },
        { key: 'elections.roll.mail.answer', params: { answer: input.answer } },
        ...(input.accept ? [] : [{ key: 'elections.roll.mail.refused.contact' as const, params: { email: ctx.config.ASSOCIATION_EMAIL } }]),
      ],
      action: { label: 'elections.roll.mail.action', url: new URL(`/elections/${election.id}/liste`, input.origin).toString() },
    }),
    { kind: 'elections.contest.answered', dedupeKey: `elections.contest:${contest.id}` },
  )
}
