import { and, asc, desc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import { type Db, preparedOnce } from '../../../db/client'
import { moderationLog, restrictions } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { accessChanged } from '~/features/accounts/access.server'

/** A transaction or the database itself: the desk calls these inside its decision's transaction. */
export type ModerationTx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db

/** A restriction in force: the member cannot post, contact or register until `endsAt` (null: until a webmaster decides). */
export interface ActiveRestriction {
  id: number
  source: 'threshold' | 'decision'
  endsAt: Date | null
  decisionId: number | null
}

/**
 * The restriction in force for `userId` at `ctx.now()`, or null. One that ended (`endsAt` in the
 * past) or was lifted is not in force. With several, the open-ended one wins, then the latest end.
 */
export function activeRestriction(ctx: Pick<AppContext, 'db' | 'now'>, userId: string, _inTransaction?: ModerationTx): ActiveRestriction | null {
  // Asked at every form and socket event a restriction forbids: prepared once per connection. A
  // caller's transaction runs on that same connection, so the statement sees its writes.
  return restrictionStatement(ctx.db).get({ userId, now: ctx.now().getTime() }) ?? null
}

const restrictionStatement = preparedOnce((db) => {
  const now = sql.placeholder('now')
  return db
    .select({ id: restrictions.id, source: restrictions.source, endsAt: restrictions.endsAt, decisionId: restrictions.decisionId })
    .from(restrictions)
    .where(
      and(
        eq(restrictions.userId, sql.placeholder('userId')),
        isNull(restrictions.liftedAt),
        sql`${restrictions.startsAt} <= ${now}`,
        or(isNull(restrictions.endsAt), sql`${restrictions.endsAt} > ${now}`),
      ),
    )
    .orderBy(sql`${restrictions.endsAt} is not null`, desc(restrictions.endsAt), asc(restrictions.id))
    .prepare()
})

/**
 * Restricts a member from now: by the report threshold (until a webmaster decides) or by a decision
 * (`endsAt`, or open-ended). Mails nothing: the threshold's mail is sent by the reports, a decision's
 * statement by the desk. Logged in the moderation log. Returns the new restriction.
 */
export function restrictMember(
  ctx: Pick<AppContext, 'db' | 'now'>,
  input: { userId: string; source: 'threshold' | 'decision'; decisionId?: number | null; endsAt?: Date | null; actorId?: string | null },
  tx: ModerationTx = ctx.db,
): ActiveRestriction {
  const now = ctx.now()
  const row = tx
    .insert(restrictions)
    .values({ userId: input.userId, source: input.source, decisionId: input.decisionId ?? null, startsAt: now, endsAt: input.endsAt ?? null })
    .returning({ id: restrictions.id, source: restrictions.source, endsAt: restrictions.endsAt, decisionId: restrictions.decisionId })
    .get()
  tx.insert(moderationLog)
    .values({
      actorId: input.actorId ?? null,
      action: 'restriction.start',
      targetKind: 'member',
      targetId: input.userId,
      subjectUserId: input.userId,
      detail: JSON.stringify({
        restrictionId: row.id,
        source: input.source,
        decisionId: input.decisionId ?? null,
        endsAt: input.endsAt?.toISOString() ?? null,
      }),
      at: now,
    })
    .run()
  return row
}

/**
 * Lifts every restriction in force for `userId` (a webmaster decided: dismissed, warned, or replaced
 * it by a restriction for N days). Returns how many were lifted. Call `restrictionsChanged` after commit.
 */
export function liftRestrictions(
  ctx: Pick<AppContext, 'db' | 'now'>,
  input: { userId: string; decisionId?: number | null; actorId?: string | null },
  tx: ModerationTx = ctx.db,
): number {
  const now = ctx.now()
  const lifted = tx
    .update(restrictions)
    .set({ liftedAt: now })
    .where(and(eq(restrictions.userId, input.userId), isNull(restrictions.liftedAt), or(isNull(restrictions.endsAt), gt(restrictions.endsAt, now))))
    .returning({ id: restrictions.id })
    .all()
  if (lifted.length > 0) {
    tx.insert(moderationLog)
      .values({
        actorId: input.actorId ?? null,
        action: 'restriction.lift',
        targetKind: 'member',
        targetId: input.userId,
        subjectUserId: input.userId,
        detail: JSON.stringify({ restrictionIds: lifted.map((r) => r.id), decisionId: input.decisionId ?? null }),
        at: now,
      })
      .run()
  }
  return lifted.length
}

/** After the transaction that restricted or lifted commits: the member's open pages and sockets read their rights again. */
export function restrictionsChanged(ctx: AppContext, userId: string) {
  accessChanged(ctx, userId)
}

/** What a route answers a restricted member: 403 with the reason and, when it ends, until when. */
export function restrictedResponse(restriction: ActiveRestriction): Response {
  return Response.json({ reason: 'restricted', until: restriction.endsAt?.toISOString() ?? null }, { status: 403 })
}

/** For a route's action or loader: throws the 403 when the member is restricted. */
export function requireUnrestricted(ctx: Pick<AppContext, 'db' | 'now'>, userId: string) {
  const restriction = activeRestriction(ctx, userId)
  if (restriction) throw restrictedResponse(restriction)
}
