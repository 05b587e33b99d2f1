import { count, desc, eq, isNull } from 'drizzle-orm'
import { contactMessages } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { normalizeEmail } from '~/features/accounts/accounts.server'
import * as throttle from '~/features/accounts/throttle.server'
import { translate } from '~/i18n'
import { composeMail } from '~/shared/mail-layout.server'
import type { ContactInput } from '~/features/moderation/contact'

// /contact: every message is kept (the admin's list) and mailed to ASSOCIATION_EMAIL with the
// sender as Reply-To, through the durable queue, in one transaction. Throttled per IP and per
// address with the accounts' throttle (its reservation holds under concurrency).

export const contactRules = {
  perIp: { limit: 5, windowMs: 60 * 60_000 },
  perAddress: { limit: 3, windowMs: 60 * 60_000 },
} satisfies Record<string, throttle.ThrottleRule>

export type ContactResult = { ok: true } | { ok: false; error: 'throttled'; retryAfterMs: number }

/**
 * Sends a message to the association. `trapped` (the honeypot was filled): the answer is the same
 * success, so a robot learns nothing, but nothing is kept or sent.
 */
export function sendContactMessage(
  ctx: AppContext,
  input: ContactInput & { ip: string; userId: string | null; trapped: boolean; baseUrl: string },
): ContactResult {
  const now = ctx.now()
  const email = normalizeEmail(input.email)
  const wait = throttle.reserveAttempt(
    ctx.db,
    [
      { key: `contact:ip:${input.ip}`, rule: contactRules.perIp },
      { key: `contact:email:${email}`, rule: contactRules.perAddress },
    ],
    now,
  )
  if (wait > 0) return { ok: false, error: 'throttled', retryAfterMs: wait }
  if (input.trapped) {
    ctx.logger.info({ ip: input.ip }, 'contact form: honeypot filled, nothing sent')
    return { ok: true }
  }
  const { config } = ctx
  const locale = 'fr' as const
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(locale, key, params)
  ctx.db.transaction((tx) => {
    const row = tx
      .insert(contactMessages)
      .values({ userId: input.userId, name: input.name, email, subject: input.subject, body: input.message, ip: input.ip, createdAt: now })
      .returning({ id: contactMessages.id })
      .get()
    const lines = input.message.split(/\n\s*\n/).map((text) => ({ key: 'contactForm.mail.line' as const, params: { text: text.trim() } }))
    const mail = composeMail(config, {
      to: config.ASSOCIATION_EMAIL,
      locale,
      firstName: t('contactForm.mail.team'),
      subject: 'contactForm.title',
      paragraphs: [{ key: 'contactForm.mail.intro', params: { name: input.name, email } }, ...lines, { key: 'contactForm.mail.reply', params: { email } }],
      details: [
        { label: t('contactForm.mail.name'), value: input.name },
        { label: t('contactForm.mail.email'), value: email },
        { label: t('contactForm.mail.subjectLabel'), value: input.subject },
        { label: t('contactForm.mail.account'), value: t(input.userId ? 'contactForm.mail.accountYes' : 'contactForm.mail.accountNo') },
      ],
      action: { label: 'contactForm.mail.action', url: new URL('/admin/contact', input.baseUrl).toString() },
    })
    // The subject says who and what, so that the association's mailbox reads like a list of requests.
    ctx.mail.enqueue(
      { ...mail, subject: `[${config.ASSOCIATION_NAME}] ${input.subject} — ${input.name}`, replyTo: email },
      { kind: 'contactForm.message', dedupeKey: `contact:${row.id}` },
    )
  })
  return { ok: true }
}

export const CONTACT_PER_PAGE = 20

/** The admin's list, newest first; `open`: only those not handled yet. */
export function contactInbox(ctx: AppContext, input: { page: number; open: boolean }) {
  const where = input.open ? isNull(contactMessages.handledAt) : undefined
  const total = ctx.db.select({ n: count() }).from(contactMessages).where(where).get()?.n ?? 0
  const openCount = ctx.db.select({ n: count() }).from(contactMessages).where(isNull(contactMessages.handledAt)).get()?.n ?? 0
  const rows = ctx.db
    .select()
    .from(contactMessages)
    .where(where)
    .orderBy(desc(contactMessages.createdAt), desc(contactMessages.id))
    .limit(CONTACT_PER_PAGE)
    .offset((input.page - 1) * CONTACT_PER_PAGE)
    .all()
  return { rows, total, openCount, pages: Math.max(1, Math.ceil(total / CONTACT_PER_PAGE)) }
}

/** « Marquer comme traité » and back; false when the message does not exist. */
export function markContactMessage(ctx: AppContext, input: { id: number; handled: boolean }): boolean {
  const result = ctx.db
    .update(contactMessages)
    .set({ handledAt: input.handled ? ctx.now() : null })
    .where(eq(contactMessages.id, input.id))
    .run()
  return result.changes > 0
}
