import { and, asc, eq, isNull, lte, inArray } from 'drizzle-orm'
import { reports, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { REMINDER_AFTER_HOURS } from '~/features/moderation/schema'
import { reportsMails } from '~/features/moderation/reports-mails.server'

/**
 * Open reports left unhandled for 48 hours reach every active webmaster in one digest each (counts
 * and a link to the desk), and are marked `remindedAt` in the same transaction as the mails: a
 * report is never in two digests, and a restart never mails twice.
 */
export function remindUnhandledReports(ctx: AppContext): { reports: number; webmasters: number } {
  const now = ctx.now()
  const due = new Date(now.getTime() - REMINDER_AFTER_HOURS * 3600_000)
  return ctx.db.transaction(
    (tx) => {
      const waiting = tx
        .select({ id: reports.id, targetKind: reports.targetKind, targetId: reports.targetId, createdAt: reports.createdAt })
        .from(reports)
        .where(and(eq(reports.status, 'open'), isNull(reports.remindedAt), lte(reports.createdAt, due)))
        .orderBy(asc(reports.createdAt))
        .all()
      if (waiting.length === 0) return { reports: 0, webmasters: 0 }
      const webmasters = tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'webmaster'), eq(users.status, 'active')))
        .all()
      const targets = new Set(waiting.map((r) => `${r.targetKind}:${r.targetId}`)).size
      const batch = String(now.getTime())
      for (const webmaster of webmasters) {
        reportsMails.reminder(ctx, { webmasterId: webmaster.id, count: waiting.length, targets, oldest: waiting[0].createdAt, batch })
      }
      const ids = waiting.map((r) => r.id)
      for (let i = 0; i < ids.length; i += 500) {
        tx.update(reports)
          .set({ remindedAt: now })
          .where(inArray(reports.id, ids.slice(i, i + 500)))
          .run()
      }
      return { reports: waiting.length, webmasters: webmasters.length }
    },
    { behavior: 'immediate' },
  )
}

/** One step of the moderation job (started by `server/jobs`). */
export async function runModerationJobStep(ctx: AppContext): Promise<void> {
  const reminded = remindUnhandledReports(ctx)
  if (reminded.reports > 0) ctx.logger.info(reminded, 'moderation: unhandled reports mailed to webmasters')
}
