import { eq } from 'drizzle-orm'
import { users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { userOfNewsToken } from '~/features/campaigns/campaign-mail.server'
import { setConsent } from '~/features/privacy/consents.server'

function accountOf(ctx: AppContext, token: string): string | null {
  const userId = userOfNewsToken(ctx.config.SESSION_SECRET, token)
  if (!userId) return null
  const user = ctx.db.select({ id: users.id, status: users.status }).from(users).where(eq(users.id, userId)).get()
  return user && user.status !== 'erased' ? user.id : null
}

export const unsubscribeTokenValid = (ctx: AppContext, token: string) => accountOf(ctx, token) !== null

/**
 * A letter's « Ne plus recevoir la lettre » link: withdraws the association's news in the consent
 * centre (recorded as by the unsubscribe link), which also calls back the letters still queued to
 * the person. Twice is once. False for a token this site did not sign (or an erased account).
 */
export function unsubscribeFromLetters(ctx: AppContext, token: string): boolean {
  const userId = accountOf(ctx, token)
  if (!userId) return false
  return setConsent(ctx, { userId, consent: 'news', granted: false, via: 'unsubscribe' }).ok
}
