import { eq } from 'drizzle-orm'
import { events, groups, jobOffers, messages, moderationLog } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import type { Viewer } from '~/features/accounts/accounts.server'
import { deleteMessage } from '~/features/groups/discussions.server'
import type { HeldKind } from '~/features/moderation/schema'
import type { ModerationTx } from '~/features/moderation/restrictions.server'

/*
 * « Supprimer le contenu » per kind, chosen so that an appeal can bring it back where possible:
 * - a message is deleted by the chat's own use case (the row stays, the body is hidden, « message
 *   supprimé », open chats told); a reversal clears the deletion (seen at the next load);
 * - an offer is unpublished (status `rejected`, the facts as its refusal reason, which its author
 *   reads in « Mes offres »); a reversal republishes it if it has not expired meanwhile;
 * - an event is cancelled by the events rules (`cancelEvent`: every registrant told, paid tickets
 *   refunded) after the decision commits; refunds cannot be undone, so a reversal does not
 *   un-cancel it (the person is told);
 * - a group is hidden (status `rejected`, out of every list and page); a reversal shows it again.
 */

/** Removes the content inside the decision's transaction; the event's cancellation follows after commit. */
export function removeContent(ctx: AppContext, tx: ModerationTx, input: { kind: HeldKind; id: number; by: Viewer; facts: string; decisionId: number }) {
  const now = ctx.now()
  if (input.kind === 'message') {
    // The chat's own deletion: the same change to the row, and the open chats hear of it at once.
    deleteMessage(ctx, input.by, input.id)
  } else if (input.kind === 'offer') {
    tx.update(jobOffers).set({ status: 'rejected', rejectionReason: input.facts, updatedAt: now }).where(eq(jobOffers.id, input.id)).run()
  } else if (input.kind === 'group') {
    tx.update(groups).set({ status: 'rejected' }).where(eq(groups.id, input.id)).run()
  }
  tx.insert(moderationLog)
    .values({
      actorId: input.by.id,
      action: 'content.remove',
      targetKind: input.kind,
      targetId: String(input.id),
      detail: JSON.stringify({ decisionId: input.decisionId }),
      at: now,
    })
    .run()
}

/** A reversed removal: what can come back does. False when it cannot (a cancelled event, an expired offer). */
export function restoreContent(ctx: Pick<AppContext, 'now'>, tx: ModerationTx, input: { kind: HeldKind; id: number; by: string; decisionId: number }): boolean {
  const now = ctx.now()
  let restored = false
  if (input.kind === 'message') {
    restored = tx.update(messages).set({ deletedAt: null, deletedBy: null }).where(eq(messages.id, input.id)).run().changes > 0
  } else if (input.kind === 'offer') {
    const offer = tx.select().from(jobOffers).where(eq(jobOffers.id, input.id)).get()
    if (offer?.status === 'rejected' && offer.publishedAt && offer.expiresAt && offer.expiresAt > now) {
      tx.update(jobOffers).set({ status: 'published', rejectionReason: null, updatedAt: now }).where(eq(jobOffers.id, input.id)).run()
      restored = true
    }
  } else if (input.kind === 'group') {
    restored = tx.update(groups).set({ status: 'active' }).where(eq(groups.id, input.id)).run().changes > 0
  } else {
    // A cancelled event stays cancelled: its tickets were refunded.
    restored = tx.select({ status: events.status }).from(events).where(eq(events.id, input.id)).get()?.status === 'published'
  }
  tx.insert(moderationLog)
    .values({
      actorId: input.by,
      action: restored ? 'content.restore' : 'content.restoreImpossible',
      targetKind: input.kind,
      targetId: String(input.id),
      detail: JSON.stringify({ decisionId: input.decisionId }),
      at: now,
    })
    .run()
  return restored
}
