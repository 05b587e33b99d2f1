import { and, asc, desc, eq, isNull, lte, ne, sql } from 'drizzle-orm'
import { dataExports, privacyRequests, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { formatDate, translate } from '~/i18n'
import { composeMail } from '~/shared/mail-layout.server'
import { eraseAccount } from '~/features/privacy/erasure.server'
import { requestExport } from '~/features/privacy/exports.server'
import {
  CHANNEL_KEYS,
  KIND_KEYS,
  daysLeft,
  deadlineOf,
  dueSoonLimit,
  parisDay,
  recordRequestForm,
  requestState,
  startOfParisDay,
  type RecordRequestInput,
  type RequestChannel,
  type RequestKind,
  type RequestState,
} from '~/features/privacy/requests-schema'

// Requests about personal data received by mail, post or in person (issue #16, /admin/rgpd):
// recorded by a webmaster with their deadline, reminded a week before, answered here — the
// export or the erasure run in one click for the matched account — and closed with their outcome.

/** What a request closed by its one-click erasure says it came to (stored, in the association's language). */
export const ERASED_OUTCOME = 'Compte effacé'
/** Closed requests, a page at a time (open ones are all listed: there are never many). */
const CLOSED_PAGE_SIZE = 30

type Ctx = Pick<AppContext, 'db' | 'now'>

export interface RequestAccount {
  id: string
  firstName: string
  lastName: string
  email: string
  status: 'active' | 'deactivated' | 'erased'
}

/** The account with exactly this address (any case), erased pseudonyms aside; null when none. */
function accountByEmail(ctx: Ctx, email: string): RequestAccount | null {
  return (
    ctx.db
      .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email, status: users.status })
      .from(users)
      .where(and(sql`lower(${users.email}) = lower(${email})`, ne(users.status, 'erased')))
      .get() ?? null
  )
}

/**
 * The account a request is about: the one named by `accountEmail` (which must exist), else the
 * one with the requester's address, if any. Read before recording, so the form says at once
 * that no account has the address typed.
 */
export function requestAccount(
  ctx: Ctx,
  input: { requesterEmail?: string | null; accountEmail?: string | null },
): { ok: true; account: RequestAccount | null } | { ok: false; error: 'noAccount' } {
  if (input.accountEmail) {
    const account = accountByEmail(ctx, input.accountEmail)
    return account ? { ok: true, account } : { ok: false, error: 'noAccount' }
  }
  return { ok: true, account: input.requesterEmail ? accountByEmail(ctx, input.requesterEmail) : null }
}

export type RecordResult = { ok: true; id: number; dueAt: Date } | { ok: false; error: 'invalid' | 'noAccount' }

/** Records a request received outside the site; its deadline is one month after the day of receipt (Paris). */
export function recordPrivacyRequest(ctx: Ctx, input: { by: string } & RecordRequestInput): RecordResult {
  const now = ctx.now()
  // Checked again here (the route showed the field errors): the form's values, absent addresses as the form sends them.
  const parsed = recordRequestForm(parisDay(now)).safeParse({ ...input, requesterEmail: input.requesterEmail ?? '', accountEmail: input.accountEmail ?? '' })
  if (!parsed.success) return { ok: false, error: 'invalid' }
  const data = parsed.data
  const matched = requestAccount(ctx, data)
  if (!matched.ok) return matched
  const dueAt = deadlineOf(data.receivedOn, false)
  const row = ctx.db
    .insert(privacyRequests)
    .values({
      kind: data.kind,
      userId: matched.account?.id ?? null,
      requesterName: data.requesterName,
      requesterEmail: data.requesterEmail,
      channel: data.channel,
      details: data.details,
      receivedAt: startOfParisDay(data.receivedOn),
      dueAt,
      status: 'open',
      recordedBy: input.by,
      createdAt: now,
    })
    .returning({ id: privacyRequests.id })
    .get()
  return { ok: true, id: row.id, dueAt }
}

export interface RequestRow {
  id: number
  kind: RequestKind
  requesterName: string
  channel: RequestChannel
  receivedAt: Date
  dueAt: Date
  extended: boolean
  status: 'open' | 'done' | 'refused'
  handledAt: Date | null
  state: RequestState
  daysLeft: number
  account: { id: string; firstName: string; lastName: string } | null
}

const rowColumns = {
  id: privacyRequests.id,
  kind: privacyRequests.kind,
  requesterName: privacyRequests.requesterName,
  channel: privacyRequests.channel,
  receivedAt: privacyRequests.receivedAt,
  dueAt: privacyRequests.dueAt,
  extensionReason: privacyRequests.extensionReason,
  status: privacyRequests.status,
  handledAt: privacyRequests.handledAt,
  accountId: users.id,
  accountFirstName: users.firstName,
  accountLastName: users.lastName,
}

function rowsQuery(ctx: Ctx) {
  return ctx.db.select(rowColumns).from(privacyRequests).leftJoin(users, eq(users.id, privacyRequests.userId))
}
type RawRow = ReturnType<ReturnType<typeof rowsQuery>['all']>[number]

function toRow(r: RawRow, now: Date): RequestRow {
  return {
    id: r.id,
    kind: r.kind,
    requesterName: r.requesterName,
    channel: r.channel,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    extended: r.extensionReason !== null,
    status: r.status,
    handledAt: r.handledAt,
    state: requestState(r, now),
    daysLeft: daysLeft(r.dueAt, now),
    account: r.accountId ? { id: r.accountId, firstName: r.accountFirstName ?? '', lastName: r.accountLastName ?? '' } : null,
  }
}

/**
 * The webmasters' list: open requests by deadline (the most urgent first), or closed ones, latest
 * deadline first, a page at a time; with the counts the page's summary and tabs show.
 */
export function listPrivacyRequests(ctx: Ctx, options: { view: 'open' | 'closed'; page?: number }) {
  const now = ctx.now()
  const open = eq(privacyRequests.status, 'open')
  const counts = ctx.db
    .select({
      open: sql<number>`coalesce(sum(${privacyRequests.status} = 'open'), 0)`,
      overdue: sql<number>`coalesce(sum(${privacyRequests.status} = 'open' and ${privacyRequests.dueAt} < ${now.getTime()}), 0)`,
      dueSoon: sql<number>`coalesce(sum(${privacyRequests.status} = 'open' and ${privacyRequests.dueAt} >= ${now.getTime()} and ${privacyRequests.dueAt} <= ${dueSoonLimit(now).getTime()}), 0)`,
      closed: sql<number>`coalesce(sum(${privacyRequests.status} <> 'open'), 0)`,
    })
    .from(privacyRequests)
    .get()!
  const base = rowsQuery(ctx)
  if (options.view === 'open') {
    const rows = base.where(open).orderBy(asc(privacyRequests.dueAt), asc(privacyRequests.id)).all()
    return { rows: rows.map((r) => toRow(r, now)), counts, page: 1, pages: 1 }
  }
  const pages = Math.max(1, Math.ceil(counts.closed / CLOSED_PAGE_SIZE))
  const page = Math.min(Math.max(1, options.page ?? 1), pages)
  const rows = base
    .where(ne(privacyRequests.status, 'open'))
    .orderBy(desc(privacyRequests.dueAt), desc(privacyRequests.id))
    .limit(CLOSED_PAGE_SIZE)
    .offset((page - 1) * CLOSED_PAGE_SIZE)
    .all()
  return { rows: rows.map((r) => toRow(r, now)), counts, page, pages }
}

function nameOf(ctx: Ctx, userId: string | null): string | null {
  if (!userId) return null
  const user = ctx.db.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, userId)).get()
  return user ? `${user.firstName} ${user.lastName}` : null
}

function exportsForRequest(ctx: Ctx, requestId: number) {
  return ctx.db
    .select({
      id: dataExports.id,
      status: dataExports.status,
      createdAt: dataExports.createdAt,
      readyAt: dataExports.readyAt,
      expiresAt: dataExports.expiresAt,
      size: dataExports.size,
    })
    .from(dataExports)
    .where(eq(dataExports.requestId, requestId))
    .orderBy(desc(dataExports.createdAt))
    .all()
}

/** An archive still being built, or ready and not yet expired: asking for another would only duplicate it. */
function hasLiveExport(ctx: Ctx, requestId: number, now: Date): boolean {
  return exportsForRequest(ctx, requestId).some((e) => e.status === 'pending' || (e.status === 'ready' && e.expiresAt > now))
}

/** One request as its page shows it: the facts, who recorded and handled it, the account, its archives, and what can be done now. */
export function privacyRequestView(ctx: Ctx, id: number) {
  const now = ctx.now()
  const request = ctx.db.select().from(privacyRequests).where(eq(privacyRequests.id, id)).get()
  if (!request) return null
  const account = request.userId
    ? (ctx.db
        .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email, status: users.status })
        .from(users)
        .where(eq(users.id, request.userId))
        .get() ?? null)
    : null
  const usable = account && account.status !== 'erased' ? account : null
  const exports = exportsForRequest(ctx, id).filter((e) => e.status !== 'ready' || e.expiresAt > now)
  const open = request.status === 'open'
  const liveExport = exports.some((e) => e.status === 'pending' || e.status === 'ready')
  return {
    id: request.id,
    kind: request.kind,
    requesterName: request.requesterName,
    requesterEmail: request.requesterEmail,
    channel: request.channel,
    details: request.details,
    receivedAt: request.receivedAt,
    dueAt: request.dueAt,
    extensionReason: request.extensionReason,
    status: request.status,
    outcome: request.outcome,
    createdAt: request.createdAt,
    handledAt: request.handledAt,
    recordedBy: nameOf(ctx, request.recordedBy),
    handledBy: nameOf(ctx, request.handledBy),
    state: requestState(request, now),
    daysLeft: daysLeft(request.dueAt, now),
    account: usable,
    exports,
    can: {
      export: open && request.kind === 'access' && usable !== null && !liveExport,
      erase: open && request.kind === 'erasure' && usable !== null,
      // Art. 12.3: the extension is announced within the first month; after it, it is too late.
      extend: open && request.extensionReason === null && request.dueAt > now,
      close: open,
    },
  }
}
export type PrivacyRequestView = NonNullable<ReturnType<typeof privacyRequestView>>

type Refusal = 'notFound' | 'closed'

/** Extends the deadline by two months, once, with its reason (art. 12.3); the new deadline gets its own reminder. */
export function extendPrivacyRequest(
  ctx: Ctx,
  input: { id: number; reason: string },
): { ok: true; dueAt: Date } | { ok: false; error: Refusal | 'alreadyExtended' | 'late' | 'invalid' } {
  const reason = input.reason.trim()
  if (!reason) return { ok: false, error: 'invalid' }
  const now = ctx.now()
  return ctx.db.transaction(
    (tx) => {
      const request = tx.select().from(privacyRequests).where(eq(privacyRequests.id, input.id)).get()
      if (!request) return { ok: false as const, error: 'notFound' as const }
      if (request.status !== 'open') return { ok: false as const, error: 'closed' as const }
      if (request.extensionReason !== null) return { ok: false as const, error: 'alreadyExtended' as const }
      if (request.dueAt <= now) return { ok: false as const, error: 'late' as const }
      const dueAt = deadlineOf(parisDay(request.receivedAt), true)
      tx.update(privacyRequests).set({ extensionReason: reason, dueAt, remindedAt: null }).where(eq(privacyRequests.id, input.id)).run()
      return { ok: true as const, dueAt }
    },
    { behavior: 'immediate' },
  )
}

/** Closes a request as answered or refused; a refusal carries its reason (art. 12.4: the person is told why, and of the CNIL). */
export function closePrivacyRequest(
  ctx: Ctx,
  input: { id: number; by: string; status: 'done' | 'refused'; outcome: string },
): { ok: true } | { ok: false; error: Refusal | 'reasonRequired' } {
  const outcome = input.outcome.trim()
  if (input.status === 'refused' && !outcome) return { ok: false, error: 'reasonRequired' }
  const changed = ctx.db
    .update(privacyRequests)
    .set({ status: input.status, outcome: outcome || null, handledBy: input.by, handledAt: ctx.now() })
    .where(and(eq(privacyRequests.id, input.id), eq(privacyRequests.status, 'open')))
    .run().changes
  if (changed > 0) return { ok: true }
  return {
    ok: false,
    error: ctx.db.select({ id: privacyRequests.id }).from(privacyRequests).where(eq(privacyRequests.id, input.id)).get() ? 'closed' : 'notFound',
  }
}

type ActionRefusal = Refusal | 'wrongKind' | 'noAccount'

/** The open request of that kind with its live account, or why there is none. */
function actionable(ctx: Ctx, id: number, kind: RequestKind): { ok: true; userId: string } | { ok: false; error: ActionRefusal } {
  const request = ctx.db.select().from(privacyRequests).where(eq(privacyRequests.id, id)).get()
  if (!request) return { ok: false, error: 'notFound' }
  if (request.status !== 'open') return { ok: false, error: 'closed' }
  if (request.kind !== kind) return { ok: false, error: 'wrongKind' }
  const user = request.userId ? ctx.db.select({ status: users.status }).from(users).where(eq(users.id, request.userId)).get() : undefined
  if (!request.userId || !user || user.status === 'erased') return { ok: false, error: 'noAccount' }
  return { ok: true, userId: request.userId }
}

/**
 * « Préparer l'export »: the person's archive, built in the background as « Mes données » builds
 * it, tied to the request and to the webmaster who asked; the webmaster downloads it from the
 * request's page (each download is in the access log the person sees).
 */
export function exportForRequest(
  ctx: AppContext,
  input: { id: number; by: string; baseUrl: string },
): { ok: true; exportId: string } | { ok: false; error: ActionRefusal | 'alreadyExporting' } {
  const target = actionable(ctx, input.id, 'access')
  if (!target.ok) return target
  if (hasLiveExport(ctx, input.id, ctx.now())) return { ok: false, error: 'alreadyExporting' }
  const result = requestExport(ctx, { userId: target.userId, requestedBy: input.by, requestId: input.id, baseUrl: input.baseUrl })
  // With `requestedBy` set there is no daily limit: this cannot be refused.
  if (!result.ok) return { ok: false, error: 'alreadyExporting' }
  return { ok: true, exportId: result.exportId }
}

/** Requests whose erasure is running in this process: a second click waits for nothing, it is refused. */
const erasing = new Set<number>()

/**
 * « Effacer le compte »: erases the matched account as the person could themselves (eraseAccount,
 * recorded as `via: 'request'` with the request and the webmaster), then closes the request as
 * done, « Compte effacé ». A webmaster's own account is not erased this way: « Mes données » asks
 * for its password.
 */
export async function eraseForRequest(
  ctx: AppContext,
  input: { id: number; by: string; baseUrl: string },
): Promise<{ ok: true } | { ok: false; error: ActionRefusal | 'self' | 'busy' }> {
  const target = actionable(ctx, input.id, 'erasure')
  if (!target.ok) return target
  if (target.userId === input.by) return { ok: false, error: 'self' }
  if (erasing.has(input.id)) return { ok: false, error: 'busy' }
  erasing.add(input.id)
  try {
    try {
      await eraseAccount(ctx, { userId: target.userId, by: input.by, requestId: input.id, baseUrl: input.baseUrl })
    } catch (error) {
      // Another process erased it a moment before: the request is answered all the same.
      const still = ctx.db.select({ status: users.status }).from(users).where(eq(users.id, target.userId)).get()
      if (still && still.status !== 'erased') throw error
    }
    ctx.db
      .update(privacyRequests)
      .set({ status: 'done', outcome: ERASED_OUTCOME, handledBy: input.by, handledAt: ctx.now() })
      .where(and(eq(privacyRequests.id, input.id), eq(privacyRequests.status, 'open')))
      .run()
    return { ok: true }
  } finally {
    erasing.delete(input.id)
  }
}

function siteOrigin(ctx: Pick<AppContext, 'config'>): string {
  return ctx.config.APP_URL ?? `http://localhost:${ctx.config.PORT}`
}

/**
 * The week-before reminder: every open request due within seven days (or already late) and not
 * yet reminded is claimed — `reminded_at` set by one UPDATE … WHERE reminded_at IS NULL, so two
 * processes never claim the same one — and a mail per request goes to every active webmaster, in
 * their language, in the same transaction. Extending a request clears its claim.
 */
export function remindDuePrivacyRequests(
  ctx: Pick<AppContext, 'db' | 'now' | 'mail' | 'config'>,
  baseUrl = siteOrigin(ctx),
): { requests: number; mails: number } {
  const now = ctx.now()
  return ctx.db.transaction(
    (tx) => {
      const claimed = tx
        .update(privacyRequests)
        .set({ remindedAt: now })
        .where(and(eq(privacyRequests.status, 'open'), isNull(privacyRequests.remindedAt), lte(privacyRequests.dueAt, dueSoonLimit(now))))
        .returning()
        .all()
      if (claimed.length === 0) return { requests: 0, mails: 0 }
      const webmasters = tx
        .select({ id: users.id, email: users.email, firstName: users.firstName, locale: users.locale })
        .from(users)
        .where(and(eq(users.role, 'webmaster'), eq(users.status, 'active')))
        .all()
      let mails = 0
      for (const request of claimed) {
        const left = daysLeft(request.dueAt, now)
        for (const webmaster of webmasters) {
          const locale = webmaster.locale
          const t = (key: Parameters<typeof translate>[1]) => translate(locale, key)
          const date = (d: Date) => formatDate(locale, d)
          const queued = ctx.mail.enqueue(
            composeMail(ctx.config, {
              to: webmaster.email,
              locale,
              firstName: webmaster.firstName,
              subject: 'privacy.requests.mail.subject',
              paragraphs: [
                left < 0
                  ? { key: 'privacy.requests.mail.late', params: { due: date(request.dueAt) } }
                  : { key: 'privacy.requests.mail.soon', params: { due: date(request.dueAt), days: left } },
                request.extensionReason === null && left >= 0 ? { key: 'privacy.requests.mail.extend' } : { key: 'privacy.requests.mail.answer' },
              ],
              details: [
                { label: t('privacy.requests.fact.kind'), value: t(KIND_KEYS[request.kind]) },
                { label: t('privacy.requests.fact.requester'), value: request.requesterName },
                { label: t('privacy.requests.fact.channel'), value: t(CHANNEL_KEYS[request.channel]) },
                { label: t('privacy.requests.fact.received'), value: date(request.receivedAt) },
                { label: t('privacy.requests.fact.due'), value: date(request.dueAt) },
              ],
              action: { label: 'privacy.requests.mail.action', url: new URL(`/admin/rgpd/${request.id}`, baseUrl).toString() },
            }),
            // Once per webmaster and deadline, even if a claim were ever lost and taken again.
            { kind: 'privacy.request.reminder', dedupeKey: `privacy-request:${request.id}:${request.dueAt.getTime()}:${webmaster.id}` },
          )
          if (queued !== null) mails++
        }
      }
      return { requests: claimed.length, mails }
    },
    { behavior: 'immediate' },
  )
}

/** One step of the reminders job (started by `server/jobs/privacy.ts`). */
export async function runPrivacyRequestReminderStep(ctx: AppContext): Promise<void> {
  const reminded = remindDuePrivacyRequests(ctx)
  if (reminded.requests > 0) ctx.logger.info(reminded, 'privacy: requests nearing their deadline mailed to the webmasters')
}
