/**
 * Demo decided case, for the moderation desk to show beside the open reports: a member reported
 * for advertising in the groups, restricted for 7 days by the demo webmaster with a statement of
 * reasons, who contested it (an appeal waiting for an answer). Dated from the day the seed runs,
 * so that the restriction is in force and the 20-day appeal window open.
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm'
import type { Db } from './client'
import { appeals, decisions, moderationLog, reports, restrictions, users } from './schema'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
const DAY_MS = 86400_000

export function insertDecisions(tx: Tx, today: Date) {
  const webmaster = tx.select().from(users).where(eq(users.email, 'admin@amicale.example')).get()
  if (!webmaster) return
  // Seeded alumni of long standing, past the ones the reports seed uses (the first three).
  const [subject, reporter] = tx
    .select()
    .from(users)
    .where(
      and(
        ne(users.id, webmaster.id),
        eq(users.role, 'user'),
        sql`${users.email} not like '%@amicale.example'`,
        sql`exists (select 1 from memberships m where m.user_id = ${users.id} and m.status = 'active')`,
      ),
    )
    .orderBy(asc(users.id))
    .limit(2)
    .offset(5)
    .all()
  if (!subject || !reporter) return
  const decidedAt = new Date(today.getTime() - 3 * DAY_MS + 10 * 3600_000)
  const reportedAt = new Date(decidedAt.getTime() - 2 * DAY_MS)
  const endsAt = new Date(decidedAt.getTime() + 7 * DAY_MS)
  const name = `${subject.firstName} ${subject.lastName}`

  const decision = tx
    .insert(decisions)
    .values({
      targetKind: 'member',
      targetId: subject.id,
      subjectUserId: subject.id,
      action: 'restrict',
      facts:
        'Entre le 2 et le 5 du mois, cinq messages identiques faisant la promotion d’une formation payante ont été publiés dans quatre groupes, après un premier rappel des modérateurs.',
      clause: '6.2',
      durationDays: 7,
      endsAt,
      decidedBy: webmaster.id,
      decidedAt,
      // The link is derived from the decision and the server's secret (see appeals-token.server.ts).
      appealTokenHash: null,
    })
    .returning()
    .get()
  tx.insert(reports)
    .values({
      reporterId: reporter.id,
      targetKind: 'member',
      targetId: subject.id,
      subjectUserId: subject.id,
      reason: 'spam',
      text: 'Il poste la même publicité pour sa formation dans tous les groupes, malgré le rappel des modérateurs.',
      weight: 1,
      snapshot: JSON.stringify({
        kind: 'member',
        title: name,
        text: '',
        authorName: name,
        createdAt: subject.createdAt.toISOString(),
        editedAt: null,
        path: `/membres/${subject.id}`,
      }),
      status: 'actioned',
      decisionId: decision.id,
      createdAt: reportedAt,
      handledAt: decidedAt,
    })
    .run()
  const restriction = tx
    .insert(restrictions)
    .values({ userId: subject.id, source: 'decision', decisionId: decision.id, startsAt: decidedAt, endsAt })
    .returning({ id: restrictions.id })
    .get()
  const appealedAt = new Date(decidedAt.getTime() + DAY_MS)
  const appeal = tx
    .insert(appeals)
    .values({
      decisionId: decision.id,
      text: 'Je reconnais deux messages, pas cinq : les autres ont été publiés par un collègue depuis mon compte. Je demande que la durée soit réduite.',
      // The demo has one webmaster: the appeal goes to them (another one would get it otherwise).
      assignedTo: webmaster.id,
      createdAt: appealedAt,
    })
    .returning({ id: appeals.id })
    .get()
  const log = (action: string, at: Date, actorId: string | null, detail: Record<string, unknown>) =>
    tx
      .insert(moderationLog)
      .values({ actorId, action, targetKind: 'member', targetId: subject.id, subjectUserId: subject.id, detail: JSON.stringify(detail), at })
      .run()
  log('restriction.start', decidedAt, webmaster.id, {
    restrictionId: restriction.id,
    source: 'decision',
    decisionId: decision.id,
    endsAt: endsAt.toISOString(),
  })
  log('decision.restrict', decidedAt, webmaster.id, { decisionId: decision.id, clause: '6.2', durationDays: 7, reports: 1 })
  log('appeal.file', appealedAt, subject.id, { decisionId: decision.id, appealId: appeal.id, assignedTo: webmaster.id })
}
