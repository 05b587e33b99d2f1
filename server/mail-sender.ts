import crypto from 'node:crypto'
import os from 'node:os'
import { sql } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import type { Logger } from 'pino'
import type { Db } from '../db/client'
import {
  claimDueMails,
  isWipedAfterSending,
  markFailed,
  markRetry,
  markSent,
  messageOf,
  releaseClaims,
  releaseDeadClaims as releaseClaimsOf,
  retryWaitingNow,
  storeComposed,
  type MailMessage,
  type MailQueue,
  type MailRow,
  type MailTemplates,
} from '../app/shared/mail-queue.server'

/** Where mails go: an SMTP server, or nowhere but the queue itself (no SMTP_URL: read at /admin/emails). */
export interface MailTransport {
  readonly via: 'smtp' | 'outbox'
  send(message: MailMessage & { from: string }): Promise<void>
  /** Does the server answer? (Used to notice it is back after an outage.) */
  verify(): Promise<boolean>
  close(): void
}

export function createTransport(smtpUrl: string | undefined): MailTransport {
  if (!smtpUrl) return { via: 'outbox', send: async () => {}, verify: async () => true, close: () => {} }
  // Short timeouts: a mail that hangs is tried again later rather than holding the sender.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  })
  return {
    via: 'smtp',
    send: async (message) => {
      await transport.sendMail(message)
    },
    verify: () =>
      transport.verify().then(
        () => true,
        () => false,
      ),
    close: () => transport.close(),
  }
}

/** An SMTP refusal that will not change by retrying (5xx). Everything else may pass. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode
  return typeof code === 'number' && code >= 500 && code < 600
}

/** The server itself did not answer (refused, timed out, dropped): not this mail's fault. */
function isConnectionFailure(error: unknown): boolean {
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown }
  return responseCode === undefined && (code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'ESOCKET' || code === 'EDNS' || code === 'ECONNREFUSED')
}

function describe(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string }
  if (e.responseCode) return `${e.responseCode} ${e.response ?? e.message ?? ''}`.trim()
  return [e.code, e.message].filter(Boolean).join(' ') || String(error)
}

/**
 * Claims held by senders of this machine that no longer run (killed with -9, say) are given back
 * at start rather than after they expire: the sender id names the host and the process.
 */
function releaseDeadClaims(db: Db, ownId: string): number {
  const host = os.hostname()
  return releaseClaimsOf(db, (senderId) => {
    if (senderId === ownId) return false
    const [senderHost, pid] = senderId.split(':')
    if (senderHost !== host || !/^\d+$/.test(pid ?? '')) return false
    try {
      process.kill(Number(pid), 0)
      return false
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH'
    }
  })
}

export interface MailSenderOptions {
  db: Db
  queue: MailQueue
  transport: MailTransport
  from: string
  templates: MailTemplates
  logger: Logger
  now?: () => Date
  /** How often it looks for due mails when nothing woke it (other processes queue too). */
  pollMs?: number
  /** While the SMTP server is down: how often it checks whether it is back. */
  probeMs?: number
  batch?: number
}

export interface MailSender {
  readonly id: string
  /** What this sender did since it started (mails sent, failed for good, put back for later). */
  stats(): { sent: number; failed: number; retried: number }
  /** Delivers what is due now; resolves when this round is done (tests and benches use it). */
  runOnce(): Promise<number>
  /** Stops claiming; resolves once the mails in hand are sent (or given back). */
  stop(): Promise<void>
}

/**
 * The one sender of a process. Claims due mails (several processes never take the same row),
 * composes template mails once, delivers, and records the outcome: sent; failed with the SMTP
 * server's reason (5xx); or tried again with backoff (first retry within 30 s, up to an hour, for
 * three days). When the SMTP server stops answering it waits for it, checking every `probeMs`,
 * and sends everything waiting as soon as it is back.
 */
/** How long after a wiped body the write-ahead log is truncated (bursts share one checkpoint). */
export const WIPE_CHECKPOINT_DELAY_MS = 250

export function startMailSender(options: MailSenderOptions): MailSender {
  const { db, transport, templates, logger } = options
  const now = options.now ?? (() => new Date())
  const id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`
  const pollMs = options.pollMs ?? 1000
  const probeMs = options.probeMs ?? 10_000
  const batch = options.batch ?? 20
  let stopped = false
  // Until the first check, as if the server were down: once it answers, what waited goes at once
  // (a restart after an outage does not wait for each mail's backoff).
  let serverDown = true
  let starting = true
  let running: Promise<number> | null = null
  let next: Promise<number> | null = null
  const counts = { sent: 0, failed: 0, retried: 0 }
  let timer: NodeJS.Timeout | undefined
  // A wiped body (a voting credential) is zeroed in the database file (secure_delete), but its
  // earlier versions stay in the write-ahead log until it is checkpointed and truncated.
  let wipedSinceCheckpoint = false
  // The checkpoint waits a moment so that a burst of wipes (each cast's tracker) shares one: it
  // copies and truncates the log on this thread, which every request would otherwise wait behind.
  let checkpoint: NodeJS.Timeout | undefined
  function forgetWiped() {
    if (!wipedSinceCheckpoint || checkpoint) return
    checkpoint = setTimeout(checkpointNow, WIPE_CHECKPOINT_DELAY_MS)
    checkpoint.unref()
  }
  function checkpointNow() {
    clearTimeout(checkpoint)
    checkpoint = undefined
    if (!wipedSinceCheckpoint) return
    wipedSinceCheckpoint = false
    try {
      db.all(sql`PRAGMA wal_checkpoint(TRUNCATE)`)
    } catch (error) {
      logger.warn({ err: error }, 'write-ahead log not truncated after wiping mail bodies')
    }
  }

  async function compose(row: MailRow): Promise<MailMessage | null> {
    if (row.params === null) return messageOf(db, row)
    const template = templates[row.kind] as ((params: unknown) => Promise<MailMessage | null>) | undefined
    if (!template) throw new Error(`unknown mail template ${row.kind}`)
    const message = await template(JSON.parse(row.params))
    if (message) storeComposed(db, row.id, message)
    return message
  }

  async function deliver(row: MailRow) {
    if (isWipedAfterSending(row.kind)) wipedSinceCheckpoint = true
    let message: MailMessage | null
    try {
      message = await compose(row)
    } catch (error) {
      logger.error({ err: error, mailId: row.id, kind: row.kind }, 'mail could not be composed')
      counts.failed++
      return markFailed(db, row.id, id, `composition : ${describe(error)}`)
    }
    if (!message) {
      counts.failed++
      return markFailed(db, row.id, id, 'sans objet : plus rien à envoyer')
    }
    try {
      await transport.send({ ...message, from: options.from })
      markSent(db, row.id, id, transport.via, now())
      counts.sent++
      logger.info({ mailId: row.id, kind: row.kind, to: message.to, via: transport.via }, 'mail sent')
    } catch (error) {
      const reason = describe(error)
      if (isPermanent(error)) {
        logger.warn({ mailId: row.id, kind: row.kind, reason }, 'mail refused')
        counts.failed++
        return markFailed(db, row.id, id, reason)
      }
      if (isConnectionFailure(error) && !serverDown) {
        serverDown = true
        logger.warn({ reason }, 'SMTP server unreachable: mails wait in the queue')
      }
      counts.retried++
      markRetry(db, row, id, reason, now())
    }
  }

  async function round(): Promise<number> {
    let delivered = 0
    for (;;) {
      if (stopped) return delivered
      if (serverDown) {
        if (!(await transport.verify())) {
          if (starting) logger.warn('SMTP server unreachable at start: mails wait in the queue')
          starting = false
          return delivered
        }
        serverDown = false
        const due = retryWaitingNow(db, now())
        const released = starting ? releaseDeadClaims(db, id) : 0
        if (!starting || due > 0 || released > 0) logger.info({ due, released }, 'SMTP server answers: sending what waited')
        starting = false
      }
      const rows = claimDueMails(db, id, batch, now())
      if (rows.length === 0) return delivered
      // A few at a time (the SMTP pool has 4 connections); the rest of a claim is given back if we stop.
      for (let i = 0; i < rows.length; i += 4) {
        if (stopped || serverDown) {
          releaseClaims(
            db,
            id,
            rows.slice(i).map((r) => r.id),
          )
          break
        }
        await Promise.all(rows.slice(i, i + 4).map(deliver))
        delivered += Math.min(4, rows.length - i)
      }
    }
  }

  /** A round that starts after this call: if one is running, the next one, once it ends. */
  function runOnce(): Promise<number> {
    if (running) {
      next ??= running.then(() => {
        next = null
        return runOnce()
      })
      return next
    }
    running = round()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'mail sender round failed')
        return 0
      })
      .finally(() => {
        running = null
        forgetWiped()
        schedule()
      })
    return running
  }

  function schedule() {
    clearTimeout(timer)
    if (stopped) return
    timer = setTimeout(() => void runOnce(), serverDown ? probeMs : pollMs)
    timer.unref()
  }

  // While the server is down only the probe runs: a burst of new mails would not bring it back sooner.
  const unsubscribe = options.queue.onEnqueued(() => {
    if (!serverDown) void runOnce()
  })
  void runOnce()

  return {
    id,
    stats: () => ({ ...counts }),
    runOnce,
    async stop() {
      stopped = true
      unsubscribe()
      clearTimeout(timer)
      await running
      checkpointNow()
      transport.close()
    },
  }
}
