import { desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { activationSends, graduates, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { notOptedOut, optOutUnsubscribe } from '~/features/outreach/opt-outs.server'
import { activationUrl } from '~/features/roster/activation.server'
import { ACTIVATION_BATCH, ACTIVATION_COOLDOWN_MS, ActivationSegment, RECENT_SENDS } from '~/features/roster/activation-schema'
import type { ActivationProgress } from '~/features/roster/realtime'
import { composeMail } from '~/shared/mail-layout.server'
import { rooms } from '~/shared/rooms'

// Invitations to activate (issue #17): rows of the graduates' list with an address get a mail
// saying the school listed them and linking to `/activer/<token>`. Sent in batches through the
// durable queue; `graduates.activation_invited_at` is the claim of each row, so a send that
// stops resumes with the rows not yet invited, and nobody is invited twice within 30 days.

type Reader = Pick<Db, 'select'>

/**
 * Who may be invited now: rows no account holds, with an address that did not opt out and is no
 * account's (that person has an account: the claim happens when they pay their dues), not
 * invited since `cutoff`, of these promotions (all when none).
 */
function invitable(input: { promotions?: number[]; cutoff: Date; createdBefore?: Date }): SQL {
  const conditions = [
    sql`${graduates.userId} is null`,
    sql`coalesce(${graduates.email}, '') <> ''`,
    notOptedOut(graduates.email),
    sql`not exists (select 1 from ${users} u where u.email = lower(${graduates.email}))`,
    sql`(${graduates.activationInvitedAt} is null or ${graduates.activationInvitedAt} < ${input.cutoff.getTime()})`,
  ]
  if (input.promotions?.length)
    conditions.push(
      sql`${graduates.promotion} in (${sql.join(
        input.promotions.map((p) => sql`${p}`),
        sql`, `,
      )})`,
    )
  // A row added by an import after the send started is not part of it.
  if (input.createdBefore) conditions.push(sql`${graduates.createdAt} <= ${input.createdBefore.getTime()}`)
  return sql.join(conditions, sql` and `)
}

function countInvitable(db: Reader, promotions: number[] | undefined, now: Date): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(graduates)
    .where(invitable({ promotions, cutoff: new Date(now.getTime() - ACTIVATION_COOLDOWN_MS) }))
    .get()!.n
}

/** What the form shows before sending: how many rows of these promotions would be invited now. */
export function activationAudience(ctx: AppContext, promotions: number[] | null) {
  return { count: countInvitable(ctx.db, promotions ?? undefined, ctx.now()) }
}

/** The promotions the list holds, for the form's hint. */
export function rosterPromotionRange(ctx: AppContext): { min: number; max: number } | null {
  const row = ctx.db
    .select({ min: sql<number | null>`min(${graduates.promotion})`, max: sql<number | null>`max(${graduates.promotion})` })
    .from(graduates)
    .get()
  return row?.min && row.max ? { min: row.min, max: row.max } : null
}

/** Records a send of these promotions (its total counted under the same write lock); the mails go from `runActivationSend`. */
export function startActivationSend(
  ctx: AppContext,
  input: { actorId: string; promotions: number[] | null },
): { ok: true; sendId: number; total: number } | { ok: false; error: 'nobody' } {
  const now = ctx.now()
  const segment: ActivationSegment = input.promotions ? { promotions: input.promotions } : {}
  return ctx.db.transaction(
    (tx) => {
      const total = countInvitable(tx, segment.promotions, now)
      if (total === 0) return { ok: false as const, error: 'nobody' as const }
      const { id } = tx
        .insert(activationSends)
        .values({ segment: JSON.stringify(segment), total, queued: 0, status: 'sending', createdBy: input.actorId, createdAt: now })
        .returning({ id: activationSends.id })
        .get()
      return { ok: true as const, sendId: id, total }
    },
    { behavior: 'immediate' },
  )
}

const progressOf = (send: typeof activationSends.$inferSelect): ActivationProgress => ({
  sendId: send.id,
  total: send.total,
  queued: send.queued,
  status: send.status,
})

/**
 * Works through a send, a batch at a time: in one transaction, up to 50 rows are marked invited
 * and their mails written to the queue (one per row and send: its dedupe key). A crash between
 * batches resumes with the rows not yet invited; two processes running the same send take
 * different rows, since each batch is claimed under SQLite's write lock.
 */
export async function runActivationSend(ctx: AppContext, sendId: number, baseUrl: string): Promise<ActivationProgress | null> {
  for (;;) {
    const now = ctx.now()
    const step = ctx.db.transaction(
      (tx) => {
        const send = tx.select().from(activationSends).where(eq(activationSends.id, sendId)).get()
        if (!send) return null
        if (send.status === 'done') return { send, batch: 0 }
        const parsed = ActivationSegment.safeParse(JSON.parse(send.segment))
        const promotions = parsed.success ? parsed.data.promotions : undefined
        const cutoff = new Date(send.createdAt.getTime() - ACTIVATION_COOLDOWN_MS)
        const rows = tx
          .select({ id: graduates.id, firstName: graduates.firstName, lastName: graduates.lastName, email: graduates.email, promotion: graduates.promotion })
          .from(graduates)
          .where(invitable({ promotions, cutoff, createdBefore: send.createdAt }))
          .orderBy(graduates.id)
          .limit(ACTIVATION_BATCH)
          .all()
        if (rows.length === 0) {
          const done = { ...send, status: 'done' as const, finishedAt: now }
          tx.update(activationSends).set({ status: 'done', finishedAt: now }).where(eq(activationSends.id, sendId)).run()
          return { send: done, batch: 0 }
        }
        for (const row of rows) {
          tx.update(graduates).set({ activationInvitedAt: now }).where(eq(graduates.id, row.id)).run()
          ctx.mail.enqueue(activationMail(ctx, { ...row, email: row.email! }, baseUrl), {
            kind: 'roster.activation',
            dedupeKey: `roster.activation:${sendId}:${row.id}`,
          })
        }
        const queued = send.queued + rows.length
        tx.update(activationSends).set({ queued }).where(eq(activationSends.id, sendId)).run()
        return { send: { ...send, queued }, batch: rows.length }
      },
      { behavior: 'immediate' },
    )
    if (!step) return null
    const progress = progressOf(step.send)
    ctx.bus.publish({ type: 'roster:activation', room: rooms.webmasters, payload: progress })
    if (step.batch === 0) return progress
    // Other requests get their turn between batches.
    await new Promise((resolve) => setImmediate(resolve))
  }
}

function activationMail(ctx: AppContext, row: { id: number; firstName: string; lastName: string; email: string; promotion: number }, baseUrl: string) {
  // People without an account are written to in French, the association's language.
  return composeMail(ctx.config, {
    to: row.email,
    locale: 'fr',
    firstName: row.firstName,
    subject: 'roster.mail.activation.subject',
    paragraphs: [
      { key: 'roster.mail.activation.body', params: { school: ctx.config.SCHOOL_NAME, promotion: row.promotion } },
      { key: 'roster.mail.activation.ready' },
      { key: 'roster.mail.activation.network', params: { name: ctx.config.ASSOCIATION_NAME } },
      { key: 'roster.mail.activation.notYou', params: { name: `${row.firstName} ${row.lastName}` } },
    ],
    action: { label: 'roster.mail.activation.action', url: activationUrl(ctx, baseUrl, row.id) },
    unsubscribe: optOutUnsubscribe(ctx, baseUrl, row.email),
  })
}

export function latestActivationProgress(ctx: AppContext): ActivationProgress | null {
  const send = ctx.db.select().from(activationSends).orderBy(desc(activationSends.id)).limit(1).get()
  return send ? progressOf(send) : null
}

/** The last sends, newest first, with who started them and for which promotions. */
export function recentActivationSends(ctx: AppContext) {
  return ctx.db
    .select({
      id: activationSends.id,
      segment: activationSends.segment,
      total: activationSends.total,
      queued: activationSends.queued,
      status: activationSends.status,
      createdAt: activationSends.createdAt,
      finishedAt: activationSends.finishedAt,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(activationSends)
    .leftJoin(users, eq(users.id, activationSends.createdBy))
    .orderBy(desc(activationSends.id))
    .limit(RECENT_SENDS)
    .all()
    .map(({ segment, firstName, lastName, ...send }) => {
      const parsed = ActivationSegment.safeParse(JSON.parse(segment))
      return { ...send, promotions: parsed.success ? (parsed.data.promotions ?? null) : null, by: firstName ? `${firstName} ${lastName}` : null }
    })
}

/** Sends a stopped process left unfinished: the job resumes them. */
export function unfinishedActivationSends(ctx: AppContext): number[] {
  return ctx.db
    .select({ id: activationSends.id })
    .from(activationSends)
    .where(eq(activationSends.status, 'sending'))
    .all()
    .map((r) => r.id)
}
