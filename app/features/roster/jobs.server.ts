import type { AppContext } from '~/context.server'
import { runActivationSend, unfinishedActivationSends } from '~/features/roster/activation-sends.server'

/** Sends of invitations to activate that were running when the process stopped go on where they were. */
export function resumeActivationSends(ctx: AppContext, origin: string) {
  return Promise.all(
    unfinishedActivationSends(ctx).map((id) =>
      runActivationSend(ctx, id, origin).catch((error: unknown) => ctx.logger.error({ err: error, sendId: id }, 'activation send failed')),
    ),
  )
}
