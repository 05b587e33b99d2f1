import { eq } from 'drizzle-orm'
import { users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { composeMail, type MailContent } from '~/shared/mail-layout.server'
import type { QueueOptions } from '~/shared/mail-queue.server'
import type { ModerationTx } from '~/features/moderation/restrictions.server'

/** What a moderation mail says; the recipient's address, language and first name are filled in. */
export type AccountMail = Omit<MailContent, 'to' | 'locale' | 'firstName'>

export type MailedAccount = Pick<typeof users.$inferSelect, 'email' | 'firstName' | 'locale'>

/**
 * Queues a mail to one account, in its language and to its first name, read in the transaction
 * that queues it; nothing when there is no such account (erased, or a report without subject).
 */
export function mailAccount(
  ctx: Pick<AppContext, 'mail' | 'config'>,
  db: Pick<ModerationTx, 'select'>,
  userId: string | null,
  content: (to: MailedAccount) => AccountMail,
  options: QueueOptions,
): void {
  const to = mailedAccount(db, userId)
  if (!to) return
  ctx.mail.enqueue(composeMail(ctx.config, { ...content(to), to: to.email, locale: to.locale, firstName: to.firstName }), options)
}

/** The address, language and first name a mail to this account uses; null when there is no such account. */
export function mailedAccount(db: Pick<ModerationTx, 'select'>, userId: string | null): MailedAccount | null {
  if (!userId) return null
  return db.select({ email: users.email, firstName: users.firstName, locale: users.locale }).from(users).where(eq(users.id, userId)).get() ?? null
}
