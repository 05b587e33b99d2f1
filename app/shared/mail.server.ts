import nodemailer from 'nodemailer'
import type { Logger } from 'pino'
import { desc, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { outbox } from '../../db/schema'

export interface MailMessage {
  to: string
  subject: string
  text: string
  html: string
  replyTo?: string
  attachments?: { filename: string; content: Buffer; contentType?: string; cid?: string }[]
  /** Extra headers, e.g. List-Unsubscribe (SMTP only; the outbox keeps the text and HTML). */
  headers?: Record<string, string>
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox'
  send(message: MailMessage): Promise<void>
}

/** SMTP when SMTP_URL is set, else the outbox table that webmasters read at /admin/emails. */
export function createMailer(options: { smtpUrl?: string; from: string; db: Db; logger: Logger; logBodies?: boolean }): Mailer {
  const { smtpUrl, from, db, logger } = options
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl)
    return {
      kind: 'smtp',
      async send(message) {
        await transport.sendMail({ from, ...message })
        logger.info({ to: message.to, subject: message.subject }, 'mail sent')
      },
    }
  }
  return {
    kind: 'outbox',
    async send(message) {
      db.insert(outbox)
        .values({
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          createdAt: new Date(),
        })
        .run()
      logger.info({ to: message.to, subject: message.subject, ...(options.logBodies ? { text: message.text } : {}) }, 'mail stored in outbox')
    },
  }
}

export function listOutbox(db: Db, { page, perPage }: { page: number; perPage: number }) {
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(outbox)
      .get()?.n ?? 0
  const rows = db
    .select()
    .from(outbox)
    .orderBy(desc(outbox.id))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all()
  return { total, rows }
}
