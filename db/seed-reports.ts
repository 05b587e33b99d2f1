/**
 * Demo reports: a few open ones, for the moderation desk to show — on a member, a message and an
 * offer, from demo people (the demo alumni account among them), each with its snapshot and weight
 * as `/signaler` would have stored them. Weighed below the threshold: nobody is restricted by the seed.
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm'
import type { Db } from './client'
import { jobOffers, messages, reports, threads, users } from './schema'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export function insertReports(tx: Tx, now: Date) {
  const reporter = tx.select().from(users).where(eq(users.email, 'alumni@amicale.example')).get()
  if (!reporter) return
  // Two other seeded alumni of long standing, so that each report weighs 1.
  const others = tx
    .select()
    .from(users)
    .where(
      and(
        ne(users.id, reporter.id),
        eq(users.role, 'user'),
        sql`${users.email} not like '%@amicale.example'`,
        sql`exists (select 1 from memberships m where m.user_id = ${users.id} and m.status = 'active')`,
      ),
    )
    .orderBy(asc(users.id))
    .limit(3)
    .all()
  if (others.length < 3) return
  const [member, second, third] = others
  const name = (u: { firstName: string; lastName: string }) => `${u.firstName} ${u.lastName}`
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3600_000)
  const rows: (typeof reports.$inferInsert)[] = [
    {
      reporterId: reporter.id,
      targetKind: 'member',
      targetId: member.id,
      subjectUserId: member.id,
      reason: 'false_identity',
      text: 'Ce profil se présente comme diplômé de la promotion 2009, mais personne de la promotion ne le connaît.',
      weight: 1,
      snapshot: JSON.stringify({
        kind: 'member',
        title: name(member),
        text: '',
        authorName: name(member),
        createdAt: member.createdAt.toISOString(),
        editedAt: null,
        path: `/membres/${member.id}`,
      }),
      createdAt: at(60),
    },
  ]
  const message = tx
    .select({ message: messages, thread: threads })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .where(and(ne(messages.authorId, reporter.id), ne(messages.authorId, second.id), sql`${messages.deletedAt} is null`, sql`${threads.groupId} is null`))
    .orderBy(asc(messages.id))
    .get()
  if (message?.message.authorId) {
    const author = tx.select().from(users).where(eq(users.id, message.message.authorId)).get()
    rows.push({
      reporterId: second.id,
      targetKind: 'message',
      targetId: String(message.message.id),
      subjectUserId: message.message.authorId,
      reason: 'offensive',
      text: 'Le ton de ce message est blessant envers les étudiants qui cherchent un stage.',
      weight: 1,
      snapshot: JSON.stringify({
        kind: 'message',
        title: message.thread.title,
        text: message.message.body,
        authorName: author ? name(author) : null,
        createdAt: message.message.createdAt.toISOString(),
        editedAt: message.message.editedAt?.toISOString() ?? null,
        path: `/discussions/${message.thread.id}`,
      }),
      createdAt: at(30),
    })
  }
  const offer = tx
    .select()
    .from(jobOffers)
    .where(and(eq(jobOffers.status, 'published'), ne(jobOffers.authorId, third.id)))
    .orderBy(asc(jobOffers.id))
    .get()
  if (offer) {
    const author = tx.select().from(users).where(eq(users.id, offer.authorId)).get()
    rows.push({
      reporterId: third.id,
      targetKind: 'offer',
      targetId: String(offer.id),
      subjectUserId: offer.authorId,
      reason: 'spam',
      text: 'Cette offre renvoie vers une formation payante, ce n’est pas un vrai poste.',
      weight: 1,
      snapshot: JSON.stringify({
        kind: 'offer',
        title: `${offer.title} — ${offer.company}`,
        text: offer.description,
        authorName: author ? name(author) : null,
        createdAt: offer.createdAt.toISOString(),
        editedAt: offer.updatedAt.toISOString(),
        path: `/carriere/offres/${offer.id}`,
      }),
      createdAt: at(5),
    })
  }
  tx.insert(reports).values(rows).run()
}
