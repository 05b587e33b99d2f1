import { eq } from 'drizzle-orm'
import { payments, users } from '../../../db/schema'
import { formatMoney } from '~/i18n'
import type { AppContext } from '~/context.server'
import { composeMail } from '~/shared/mail-layout.server'
import type { MailMessage, MailTemplates } from '~/shared/mail-queue.server'
import { renderReceiptPdf } from '~/features/dues/receipts.server'

/** « 2026-000042 »: sequential within the year. */
export function receiptNumber(p: { receiptYear: number | null; receiptSeq: number | null }): string | null {
  return p.receiptYear && p.receiptSeq ? `${p.receiptYear}-${String(p.receiptSeq).padStart(6, '0')}` : null
}

/** The PDF receipt of a paid payment, with what the association must print on it. */
export async function receiptDocument(ctx: AppContext, paymentId: string) {
  const row = ctx.db
    .select({ payment: payments, user: users })
    .from(payments)
    .innerJoin(users, eq(users.id, payments.userId))
    .where(eq(payments.id, paymentId))
    .get()
  if (!row || row.payment.status !== 'paid' || !row.payment.paidAt) return null
  const number = receiptNumber(row.payment)!
  const bytes = await renderReceiptPdf({
    associationName: ctx.config.ASSOCIATION_NAME,
    associationAddress: ctx.config.ASSOCIATION_ADDRESS,
    associationEmail: ctx.config.ASSOCIATION_EMAIL,
    memberLegalName: `${row.user.firstName} ${row.user.lastName.toLocaleUpperCase('fr-FR')}`,
    memberEmail: row.user.email,
    category: row.payment.category,
    amountCents: row.payment.amountCents,
    currency: 'EUR',
    paidAt: row.payment.paidAt,
    method: row.payment.method,
    paymentReference: row.payment.reference ?? row.payment.id,
    receiptNumber: number,
  })
  return { user: row.user, payment: row.payment, number, filename: `recu-cotisation-${number}.pdf`, bytes }
}

/** The receipt mail, composed by the mail sender (the PDF takes a moment): `dues.receipt`. */
export function duesMailTemplates(ctx: AppContext): MailTemplates {
  return {
    'dues.receipt': async ({ paymentId, baseUrl }: { paymentId: string; baseUrl: string }): Promise<MailMessage | null> => {
      const receipt = await receiptDocument(ctx, paymentId)
      if (!receipt) return null
      const mail = composeMail(ctx.config, {
        to: receipt.user.email,
        locale: receipt.user.locale,
        firstName: receipt.user.firstName,
        subject: 'mail.receipt.subject',
        paragraphs: [
          { key: 'mail.receipt.body', params: { amount: formatMoney('fr', receipt.payment.amountCents), number: receipt.number } },
          { key: 'mail.receipt.next' },
        ],
        action: { label: 'mail.receipt.action', url: new URL('/mon-compte', baseUrl).toString() },
      })
      return { ...mail, attachments: [{ filename: receipt.filename, content: Buffer.from(receipt.bytes), contentType: 'application/pdf' }] }
    },
  }
}

/** Dues mails, queued inside the transaction of the change they report. */
export const duesMails = {
  receipt(ctx: AppContext, paymentId: string, baseUrl: string) {
    ctx.mail.enqueueTemplate({ paymentId, baseUrl }, { kind: 'dues.receipt', dedupeKey: `receipt:${paymentId}` })
  },

  proofRejected(ctx: AppContext, userId: string, reason: string, baseUrl: string) {
    const user = ctx.db.select().from(users).where(eq(users.id, userId)).get()
    if (!user) return
    ctx.mail.enqueue(
      composeMail(ctx.config, {
        to: user.email,
        locale: user.locale,
        firstName: user.firstName,
        subject: 'mail.proofRejected.subject',
        paragraphs: [{ key: 'mail.proofRejected.body' }, { key: 'mail.proofRejected.reason', params: { reason } }, { key: 'mail.proofRejected.next' }],
        action: { label: 'mail.proofRejected.action', url: new URL('/mon-compte/justificatif', baseUrl).toString() },
      }),
      { kind: 'dues.proofRejected' },
    )
  },
}
