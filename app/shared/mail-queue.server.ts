import { and, asc, desc, eq, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { outbox, outboxAttachments } from '../../db/schema'

// The durable mail queue (a transactional outbox). A use case writes its mail as a row in the same
// transaction as the change the mail reports; one sender per process (server/mail-sender.ts)
// claims due rows, delivers them and records the outcome. Delivery is at least once: a process
// killed after the SMTP server accepted a mail but before the row was marked sent sends it again.

export interface MailAttachment {
  filename: string
  content: Buffer
  contentType?: string
  cid?: string
}

export interface MailMessage {
  to: string
  subject: string
  text: string
  html: string
  replyTo?: string
  attachments?: MailAttachment[]
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>
}

export interface QueueOptions {
  /** What the mail is (`account.reset`, `events.ticket`…): shown and filtered at /admin/emails. */
  kind: string
  /** One mail per key, ever: a bulk send's recipient (`invitation:<id>`) is never queued twice. */
  dedupeKey?: string
  /** Not sent before this moment: a mail that an undo may still call back (see cancelQueuedMails). */
  notBefore?: Date
}

export type MailRow = typeof outbox.$inferSelect
export type MailStatus = MailRow['status']

/**
 * Mails composed by the sender rather than by the use case, because they need async work (a QR
 * code, a PDF): the use case queues the template's name (`kind`) and its parameters in its
 * transaction. A template answers null when there is nothing left to send (the registration is gone).
 */
export type MailTemplates = Record<string, (params: never) => Promise<MailMessage | null>>

export interface MailQueue {
  /** `smtp` when SMTP_URL is set; `outbox`: mails are kept in the queue and read at /admin/emails. */
  readonly delivery: 'smtp' | 'outbox'
  /**
   * Writes a mail to the queue. Inside a `db.transaction`, the mail commits (or rolls back) with
   * the change; the caller's answer never depends on SMTP. Returns the row id, or null when the
   * dedupe key was already queued.
   */
  enqueue(message: MailMessage, options: QueueOptions): number | null
  /** Queues a mail the sender composes with the template named `options.kind` (registered at start). */
  enqueueTemplate(params: Record<string, unknown>, options: QueueOptions): number | null
  /** Called (once per tick) after mails were queued in this process, so the sender wakes at once. */
  onEnqueued(listener: () => void): () => void
}

/** The sender wakes this long after the last mail queued, and at most this long after the first. */
export const WAKE_QUIET_MS = 100
export const WAKE_MAX_MS = 1000

export function createMailQueue(db: Db, delivery: 'smtp' | 'outbox', now: () => Date = () => new Date()): MailQueue {
  const listeners = new Set<() => void>()
  let wakeScheduled = false
  // The sender wakes shortly after the last mail of a burst (by then the caller's transaction has
  // committed): a thousand registrations' tickets are composed after the registrations, not
  // between them. A steady stream still wakes it every WAKE_MAX_MS.
  let wakeTimer: NodeJS.Timeout | undefined
  let firstQueuedAt = 0
  function wake() {
    const at = Date.now()
    if (!wakeScheduled) firstQueuedAt = at
    wakeScheduled = true
    clearTimeout(wakeTimer)
    wakeTimer = setTimeout(
      () => {
        wakeScheduled = false
        for (const listener of listeners) listener()
      },
      Math.max(0, Math.min(WAKE_QUIET_MS, firstQueuedAt + WAKE_MAX_MS - at)),
    )
    wakeTimer.unref()
  }

  // A mail without attachments is one prepared statement (a burst of registrations queues hundreds
  // in one commit): no query to build, no savepoint.
  const p = (name: string) => sql.placeholder(name)
  const insertOne = db
    .insert(outbox)
    .values({
      to: p('to'),
      subject: p('subject'),
      text: p('text'),
      html: p('html'),
      replyTo: p('replyTo'),
      headers: p('headers'),
      params: p('params'),
      kind: p('kind'),
      dedupeKey: p('dedupeKey'),
      nextAttemptAt: p('nextAttemptAt'),
      createdAt: p('createdAt'),
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id })
    .prepare()

  function insert(values: typeof outbox.$inferInsert, attachments: MailAttachment[]): number | null {
    if (attachments.length === 0) {
      const row = insertOne.get({
        replyTo: null,
        headers: null,
        params: null,
        dedupeKey: null,
        nextAttemptAt: new Date(0),
        ...values,
      })
      if (!row) return null
      wake()
      return row.id
    }
    return db.transaction((tx) => {
      const row = tx.insert(outbox).values(values).onConflictDoNothing().returning({ id: outbox.id }).get()
      if (!row) return null
      for (const a of attachments) {
        tx.insert(outboxAttachments)
          .values({ mailId: row.id, filename: a.filename, contentType: a.contentType ?? null, cid: a.cid ?? null, content: a.content })
          .run()
      }
      wake()
      return row.id
    })
  }

  return {
    delivery,
    enqueue(message, options) {
      return insert(
        {
          ...messageColumns(message),
          kind: options.kind,
          dedupeKey: options.dedupeKey ?? null,
          ...(options.notBefore ? { nextAttemptAt: options.notBefore } : {}),
          createdAt: now(),
        },
        message.attachments ?? [],
      )
    },
    enqueueTemplate(params, options) {
      return insert(
        {
          to: '',
          subject: '',
          text: '',
          html: '',
          params: JSON.stringify(params),
          kind: options.kind,
          dedupeKey: options.dedupeKey ?? null,
          ...(options.notBefore ? { nextAttemptAt: options.notBefore } : {}),
          createdAt: now(),
        },
        [],
      )
    },
    onEnqueued(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

function messageColumns(message: MailMessage) {
  return {
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    replyTo: message.replyTo ?? null,
    headers: message.headers ? JSON.stringify(message.headers) : null,
  }
}

/**
 * Calls back mails held by `notBefore` that no sender has taken yet (an undone action), inside the
 * caller's transaction. `left`: those of the keys a sender already claimed or delivered, which an
 * undo can no longer honestly promise to stop.
 */
export function cancelQueuedMails(db: Db, dedupeKeys: string[]): { cancelled: number; left: number } {
  if (dedupeKeys.length === 0) return { cancelled: 0, left: 0 }
  const cancelled = db
    .delete(outbox)
    .where(and(inArray(outbox.dedupeKey, dedupeKeys), eq(outbox.status, 'queued')))
    .run().changes
  const left =
    db
      .select({ n: sql<number>`count(*)` })
      .from(outbox)
      .where(inArray(outbox.dedupeKey, dedupeKeys))
      .get()?.n ?? 0
  return { cancelled, left }
}

/* ---------- The sender's side ---------- */

/** How long a claim holds: longer than the SMTP timeouts, so only a dead sender's claim expires. */
export const CLAIM_MS = 5 * 60_000
/** A mail that still fails after this long is given up (failed). */
export const GIVE_UP_MS = 3 * 24 * 3600_000

/** 30 s after the first failure, then doubling up to an hour (with a little jitter). */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempts - 1))
  return Math.round(base * (0.8 + 0.2 * random()))
}

/**
 * Takes up to `limit` due mails for `senderId`: queued ones whose time has come, and those a dead
 * sender claimed. One UPDATE … RETURNING, so two senders never take the same row.
 */
export function claimDueMails(db: Db, senderId: string, limit: number, now: Date): MailRow[] {
  const due = or(and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, now)), and(eq(outbox.status, 'sending'), lt(outbox.claimedUntil, now)))
  const ids = db.select({ id: outbox.id }).from(outbox).where(due).orderBy(asc(outbox.nextAttemptAt), asc(outbox.id)).limit(limit)
  return db
    .update(outbox)
    .set({ status: 'sending', claimedBy: senderId, claimedUntil: new Date(now.getTime() + CLAIM_MS), attempts: sql`${outbox.attempts} + 1` })
    .where(and(inArray(outbox.id, ids), due))
    .returning()
    .all()
}

/** Stores what a template composed, so every later attempt sends the same mail. */
export function storeComposed(db: Db, mailId: number, message: MailMessage) {
  db.transaction((tx) => {
    tx.update(outbox)
      .set({ ...messageColumns(message), params: null })
      .where(eq(outbox.id, mailId))
      .run()
    tx.delete(outboxAttachments).where(eq(outboxAttachments.mailId, mailId)).run()
    for (const a of message.attachments ?? []) {
      tx.insert(outboxAttachments)
        .values({ mailId, filename: a.filename, contentType: a.contentType ?? null, cid: a.cid ?? null, content: a.content })
        .run()
    }
  })
}

/** The mail as handed to the transport, attachments included. */
export function messageOf(db: Db, row: MailRow): MailMessage {
  const attachments = db.select().from(outboxAttachments).where(eq(outboxAttachments.mailId, row.id)).orderBy(asc(outboxAttachments.id)).all()
  return {
    to: row.to,
    subject: row.subject,
    text: row.text,
    html: row.html,
    ...(row.replyTo ? { replyTo: row.replyTo } : {}),
    ...(row.headers ? { headers: JSON.parse(row.headers) as Record<string, string> } : {}),
    attachments: attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      ...(a.contentType ? { contentType: a.contentType } : {}),
      ...(a.cid ? { cid: a.cid } : {}),
    })),
  }
}

const mine = (mailId: number, senderId: string) => and(eq(outbox.id, mailId), eq(outbox.status, 'sending'), eq(outbox.claimedBy, senderId))

/**
 * Mails whose body must not outlive its sending (kind `*.secret.*`): an election's voting
 * credential, a ballot's tracker, a one-time code. Kept in the queue, they would tie a voter to a
 * ballot; once sent or failed only the envelope stays (who, when, what kind).
 */
export const isWipedAfterSending = (kind: string) => kind.includes('.secret.')
export const WIPED_BODY = '(contenu effacé après l’envoi)'

const wiped = { text: WIPED_BODY, html: WIPED_BODY, params: null, headers: null }

export function markSent(db: Db, mailId: number, senderId: string, via: 'smtp' | 'outbox', now: Date) {
  const row = db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.id, mailId)).get()
  db.update(outbox)
    .set({
      status: 'sent',
      sentAt: now,
      deliveredVia: via,
      claimedBy: null,
      claimedUntil: null,
      lastError: null,
      ...(row && isWipedAfterSending(row.kind) ? wiped : {}),
    })
    .where(mine(mailId, senderId))
    .run()
}

/** A refusal that will not change (SMTP 5xx, a template with nothing left to send): failed, with why. */
export function markFailed(db: Db, mailId: number, senderId: string, reason: string) {
  const row = db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.id, mailId)).get()
  db.update(outbox)
    .set({
      status: 'failed',
      lastError: reason.slice(0, 1000),
      claimedBy: null,
      claimedUntil: null,
      ...(row && isWipedAfterSending(row.kind) ? wiped : {}),
    })
    .where(mine(mailId, senderId))
    .run()
}

/** A failure that may pass (server down, 4xx): tried again later, or given up after three days. */
export function markRetry(db: Db, row: MailRow, senderId: string, reason: string, now: Date) {
  if (now.getTime() - row.createdAt.getTime() >= GIVE_UP_MS) return markFailed(db, row.id, senderId, `abandonné après 3 jours : ${reason}`)
  db.update(outbox)
    .set({
      status: 'queued',
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)),
      lastError: reason.slice(0, 1000),
      claimedBy: null,
      claimedUntil: null,
    })
    .where(mine(row.id, senderId))
    .run()
}

/** Gives back the claims of a sender that stops before sending them. */
export function releaseClaims(db: Db, senderId: string, mailIds: number[]) {
  if (mailIds.length === 0) return
  db.update(outbox)
    .set({ status: 'queued', claimedBy: null, claimedUntil: null, attempts: sql`max(0, ${outbox.attempts} - 1)` })
    .where(and(inArray(outbox.id, mailIds), eq(outbox.status, 'sending'), eq(outbox.claimedBy, senderId)))
    .run()
}

/** Gives back every claim held by a sender that `isDead` says no longer runs; returns how many. */
export function releaseDeadClaims(db: Db, isDead: (senderId: string) => boolean): number {
  const holders = db.selectDistinct({ claimedBy: outbox.claimedBy }).from(outbox).where(eq(outbox.status, 'sending')).all()
  const dead = holders.map((h) => h.claimedBy).filter((h): h is string => h !== null && isDead(h))
  if (dead.length === 0) return 0
  return db
    .update(outbox)
    .set({ status: 'queued', claimedBy: null, claimedUntil: null, nextAttemptAt: new Date(0) })
    .where(and(eq(outbox.status, 'sending'), inArray(outbox.claimedBy, dead)))
    .run().changes
}

/** The SMTP server answers again: every waiting mail is due now rather than at its backoff. */
export function retryWaitingNow(db: Db, now: Date): number {
  return db
    .update(outbox)
    .set({ nextAttemptAt: now })
    .where(and(eq(outbox.status, 'queued'), sql`${outbox.attempts} > 0`, sql`${outbox.nextAttemptAt} > ${now.getTime()}`))
    .run().changes
}

/* ---------- What webmasters see ---------- */

export type MailFilter = 'all' | 'queued' | 'sent' | 'failed'

export function listMails(db: Db, input: { filter: MailFilter; q: string; page: number; perPage: number }) {
  const conditions: SQL[] = []
  if (input.filter === 'queued') conditions.push(inArray(outbox.status, ['queued', 'sending']))
  if (input.filter === 'sent') conditions.push(eq(outbox.status, 'sent'))
  if (input.filter === 'failed') conditions.push(eq(outbox.status, 'failed'))
  const q = input.q.trim()
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    conditions.push(or(sql`${outbox.to} like ${pattern} escape '\\'`, sql`${outbox.subject} like ${pattern} escape '\\'`)!)
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(outbox)
      .where(where)
      .get()?.n ?? 0
  const rows = db
    .select({
      id: outbox.id,
      to: outbox.to,
      subject: outbox.subject,
      text: outbox.text,
      kind: outbox.kind,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      nextAttemptAt: outbox.nextAttemptAt,
      deliveredVia: outbox.deliveredVia,
      sentAt: outbox.sentAt,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.id))
    .limit(input.perPage)
    .offset((input.page - 1) * input.perPage)
    .all()
  const files =
    rows.length === 0
      ? []
      : db
          .select({
            id: outboxAttachments.id,
            mailId: outboxAttachments.mailId,
            filename: outboxAttachments.filename,
            size: sql<number>`length(${outboxAttachments.content})`,
          })
          .from(outboxAttachments)
          .where(
            inArray(
              outboxAttachments.mailId,
              rows.map((r) => r.id),
            ),
          )
          .all()
  return { total, rows: rows.map((r) => ({ ...r, attachments: files.filter((f) => f.mailId === r.id) })) }
}

export function mailAttachment(db: Db, mailId: number, attachmentId: number) {
  return db
    .select()
    .from(outboxAttachments)
    .where(and(eq(outboxAttachments.id, attachmentId), eq(outboxAttachments.mailId, mailId)))
    .get()
}

/** « Renvoyer »: the same mail, attachments included, queued again as a new row (history is kept). */
export function requeueCopy(db: Db, mailId: number, now: Date): number | null {
  return db.transaction((tx) => {
    const row = tx.select().from(outbox).where(eq(outbox.id, mailId)).get()
    if (!row || row.params !== null || row.status === 'queued' || row.status === 'sending' || isWipedAfterSending(row.kind)) return null
    const copy = tx
      .insert(outbox)
      .values({ to: row.to, subject: row.subject, text: row.text, html: row.html, replyTo: row.replyTo, headers: row.headers, kind: row.kind, createdAt: now })
      .returning({ id: outbox.id })
      .get()
    tx.run(sql`insert into ${outboxAttachments} (mail_id, filename, content_type, cid, content)
      select ${copy.id}, filename, content_type, cid, content from ${outboxAttachments} where mail_id = ${mailId}`)
    return copy.id
  })
}

/** How far behind the sender is: mails not yet delivered, and how long the oldest has waited. */
export function mailQueueStats(db: Db, now = new Date()): { depth: number; oldestAgeSeconds: number; failed: number } {
  const row = db
    .select({
      depth: sql<number>`coalesce(sum(case when ${outbox.status} in ('queued', 'sending') then 1 else 0 end), 0)`,
      oldest: sql<number | null>`min(case when ${outbox.status} in ('queued', 'sending') then ${outbox.createdAt} end)`,
      failed: sql<number>`coalesce(sum(case when ${outbox.status} = 'failed' then 1 else 0 end), 0)`,
    })
    .from(outbox)
    .get()
  const oldest = row?.oldest ?? null
  return {
    depth: row?.depth ?? 0,
    oldestAgeSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
    failed: row?.failed ?? 0,
  }
}
