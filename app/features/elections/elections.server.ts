import { and, eq, lte, sql } from 'drizzle-orm'
import { electionRoll, elections, memberships, profiles, users } from '../../../db/schema'
import type { Db } from '../../../db/client'
import type { AppContext } from '~/context.server'
import { type ElectionStage, electionStage } from './stage'

// The election's shared reads, used by every stage's use cases: the row, its stage now, and who
// is eligible. The stages' writes live in their own modules (setup, candidacies, ceremony,
// voting, tally), each in its own transaction.

export type ElectionRow = typeof elections.$inferSelect

export function findElection(db: Db, id: string): ElectionRow | null {
  if (typeof id !== 'string' || id.length > 100) return null
  return db.select().from(elections).where(eq(elections.id, id)).get() ?? null
}

export function stageOf(ctx: Pick<AppContext, 'now'>, election: ElectionRow): ElectionStage {
  return electionStage(election, ctx.now())
}

/**
 * The SQL condition « may vote and stand in this election at `at` »: an active account whose dues
 * were active at that instant (graduates only, when the election says so).
 */
export function eligibleAt(election: Pick<ElectionRow, 'eligibility'>, at: Date) {
  return and(
    eq(users.status, 'active'),
    eq(memberships.status, 'active'),
    lte(memberships.activatedAt, at),
    election.eligibility === 'alumni_members' ? eq(memberships.kind, 'alumni') : sql`1 = 1`,
  )
}

/** Whether a member is eligible: on the roll once it is frozen, by their dues until then. */
export function isEligible(db: Db, election: ElectionRow, userId: string, now: Date): boolean {
  if (election.rollFrozenAt) return onRoll(db, election.id, userId) !== null
  const row = db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(users.id, userId), eligibleAt(election, now)))
    .get()
  return row !== undefined
}

export function onRoll(db: Db, electionId: string, userId: string) {
  return (
    db
      .select()
      .from(electionRoll)
      .where(and(eq(electionRoll.electionId, electionId), eq(electionRoll.userId, userId)))
      .get() ?? null
  )
}

/** The name and promotion an election shows for a member (roll, candidacy, trustee). */
export function memberIdentity(db: Db, userId: string): { name: string; promotion: number | null } | null {
  const row = db
    .select({ firstName: users.firstName, lastName: users.lastName, promotion: profiles.promotion })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.id, userId))
    .get()
  return row ? { name: `${row.firstName} ${row.lastName}`, promotion: row.promotion ?? null } : null
}

/** Where and how an election's mail to a member is written (trustee, candidate, contest). */
export function mailRecipient(db: Pick<Db, 'select'>, userId: string): { email: string; firstName: string; locale: 'fr' | 'en' } | null {
  return db.select({ email: users.email, firstName: users.firstName, locale: users.locale }).from(users).where(eq(users.id, userId)).get() ?? null
}
