import type { AppContext } from '~/context.server'
import { runInvitationSend, unfinishedSends } from '~/features/events/event-invitations.server'
import { releaseExpiredHolds, retryOwedRefunds } from '~/features/events/event-tickets.server'

/** Sends that were running when the process stopped go on where they were. */
export function resumeInvitationSends(ctx: AppContext, origin: string) {
  return Promise.all(
    unfinishedSends(ctx).map((id) =>
      runInvitationSend(ctx, id, origin).catch((error: unknown) => ctx.logger.error({ err: error, sendId: id }, 'invitation send failed')),
    ),
  )
}

/**
 * One pass of the events job: frees places whose payment did not come (and promotes the
 * waitlist), then retries refunds the provider refused. Each is a claim in SQLite, so several
 * processes can run it side by side.
 */
export async function runEventJobStep(ctx: AppContext, origin: string) {
  releaseExpiredHolds(ctx, origin)
  await retryOwedRefunds(ctx)
}
