import { and, eq, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { contentHolds, moderationLog } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { preparedOnce } from '../../../db/client'
import type { HeldKind, HoldState } from '~/features/moderation/schema'
import type { ModerationTx } from '~/features/moderation/restrictions.server'

export type { HeldKind, HoldState } from '~/features/moderation/schema'

type Ctx = Pick<AppContext, 'db' | 'now'>

/** A hold in force on one piece of content: hidden from others until a webmaster decides. */
export interface ContentHold {
  heldAt: Date
  authorEditedAt: Date | null
}

export function heldState(ctx: Ctx, kind: HeldKind, id: string | number, _inTransaction?: ModerationTx): ContentHold | null {
  // Asked by every page and form of held-able content: prepared once per connection (a caller's
  // transaction runs on that same connection, so the statement sees its writes).
  return holdStatement(ctx.db).get({ kind, id: String(id) }) ?? null
}

const holdStatement = preparedOnce((db) =>
  db
    .select({ heldAt: contentHolds.heldAt, authorEditedAt: contentHolds.authorEditedAt })
    .from(contentHolds)
    .where(and(eq(contentHolds.targetKind, sql.placeholder('kind')), eq(contentHolds.targetId, sql.placeholder('id')), isNull(contentHolds.releasedAt)))
    .prepare(),
)

/** The hold as a page shows it to the content's author (or a webmaster); null when not held. */
export function holdStateOf(ctx: Ctx, kind: HeldKind, id: string | number, tx: ModerationTx = ctx.db): HoldState | null {
  const hold = heldState(ctx, kind, id, tx)
  return hold ? (hold.authorEditedAt ? 'edited' : 'held') : null
}

export function isHeld(ctx: Ctx, kind: HeldKind, id: string | number, tx: ModerationTx = ctx.db): boolean {
  return heldState(ctx, kind, id, tx) !== null
}

/**
 * « This content is held », as a column or a condition of a list's own query: one query for a page
 * of messages or offers, not one per row (the hold's primary key makes it an index lookup).
 */
export function heldSql(kind: HeldKind, id: SQLWrapper): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${contentHolds} ch where ch.target_kind = ${kind} and ch.target_id = cast(${id} as text) and ch.released_at is null)`.mapWith(
    Boolean,
  )
}

/**
 * The hold as its author's list shows it, in the list's own query: null (not held), `held` (the
 * one edit still allowed) or `edited` (spent).
 */
export function holdStateSql(kind: HeldKind, id: SQLWrapper): SQL<HoldState | null> {
  return sql<HoldState | null>`(select case when ch.author_edited_at is null then 'held' else 'edited' end from ${contentHolds} ch where ch.target_kind = ${kind} and ch.target_id = cast(${id} as text) and ch.released_at is null)`
}

/** The opposite of `heldSql`, for a list's `where`: what others may see. */
export function notHeldSql(kind: HeldKind, id: SQLWrapper): SQL {
  return sql`not ${heldSql(kind, id)}`
}

/**
 * Holds content for review. True when it was not held before (its author is then told by the
 * caller); a hold released earlier starts again, with a fresh edit allowance.
 */
export function holdContent(ctx: Ctx, kind: HeldKind, id: string | number, tx: ModerationTx = ctx.db, actorId: string | null = null): boolean {
  if (isHeld(ctx, kind, id, tx)) return false
  const now = ctx.now()
  tx.insert(contentHolds)
    .values({ targetKind: kind, targetId: String(id), heldAt: now })
    .onConflictDoUpdate({ target: [contentHolds.targetKind, contentHolds.targetId], set: { heldAt: now, releasedAt: null, authorEditedAt: null } })
    .run()
  tx.insert(moderationLog)
    .values({ actorId, action: 'hold.start', targetKind: kind, targetId: String(id), detail: '{}', at: now })
    .run()
  return true
}

/** A webmaster decided: the content shows again (or was removed by the decision). */
export function releaseHold(ctx: Ctx, kind: HeldKind, id: string | number, tx: ModerationTx = ctx.db, actorId: string | null = null): boolean {
  const now = ctx.now()
  const released = tx
    .update(contentHolds)
    .set({ releasedAt: now })
    .where(and(eq(contentHolds.targetKind, kind), eq(contentHolds.targetId, String(id)), isNull(contentHolds.releasedAt)))
    .returning({ id: contentHolds.targetId })
    .all()
  if (released.length === 0) return false
  tx.insert(moderationLog)
    .values({ actorId, action: 'hold.release', targetKind: kind, targetId: String(id), detail: '{}', at: now })
    .run()
  return true
}

export type HeldEditCheck = { ok: true; held: boolean } | { ok: false; error: 'heldEditUsed' }

/**
 * The author's one edit of held content: call it in the edit's transaction, before writing.
 * Not held: any edit goes. Held and not yet edited: the edit goes and is counted (the hold stays:
 * a webmaster decides). Held and already edited: refused.
 */
export function spendHeldEdit(ctx: Ctx, kind: HeldKind, id: string | number, tx: ModerationTx = ctx.db): HeldEditCheck {
  const hold = heldState(ctx, kind, id, tx)
  if (!hold) return { ok: true, held: false }
  if (hold.authorEditedAt) return { ok: false, error: 'heldEditUsed' }
  tx.update(contentHolds)
    .set({ authorEditedAt: ctx.now() })
    .where(and(eq(contentHolds.targetKind, kind), eq(contentHolds.targetId, String(id)), isNull(contentHolds.releasedAt)))
    .run()
  return { ok: true, held: true }
}
