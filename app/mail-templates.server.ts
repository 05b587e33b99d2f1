import type { AppContext } from '~/context.server'
import { duesMailTemplates } from '~/features/dues/dues-mails.server'
import { eventMailTemplates } from '~/features/events/event-mails.server'
import type { MailTemplates } from '~/shared/mail-queue.server'

/**
 * Every mail template the sender may be asked to compose, by name: the areas' templates put
 * together here, at the root of `app/`, so that no area imports another's.
 */
export function mailTemplates(ctx: AppContext): MailTemplates {
  return { ...eventMailTemplates(ctx), ...duesMailTemplates(ctx) }
}
