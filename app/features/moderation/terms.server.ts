import { desc, eq, lte, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { moderationLog, termsAcceptances, termsVersions } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { TERMS_ACCEPT_FIELD, TERMS_MAX_DAYS_AHEAD, termsProblems, type TermsProblem } from '~/features/moderation/terms'
import { utcToZonedInput, zonedToUtc } from '~/shared/zoned-time'

// The terms of use: versions (published once, never edited), which one is in force, and who
// accepted which. Read by /cgu, the gate that asks for a new version, sign-up and Cotiser.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type TermsVia = 'signup' | 'dues' | 'prompt'
export type TermsVersion = typeof termsVersions.$inferSelect

const DAY_MS = 24 * 60 * 60_000
const ZONE = 'Europe/Paris'

/** The version in force now: the highest published one whose date has come (dates never go back, see publishTerms). */
export function termsInForce(ctx: Pick<AppContext, 'db' | 'now'>, at: Date = ctx.now()): TermsVersion | null {
  return ctx.db.select().from(termsVersions).where(lte(termsVersions.effectiveAt, at)).orderBy(desc(termsVersions.version)).limit(1).get() ?? null
}

export function termsVersionByNumber(ctx: AppContext, version: number): TermsVersion | null {
  return ctx.db.select().from(termsVersions).where(eq(termsVersions.version, version)).get() ?? null
}

export type TermsStatus = 'current' | 'upcoming' | 'past'

/** Every version, newest first, each with whether it is in force, to come, or replaced. */
export function termsHistory(ctx: AppContext): (Pick<TermsVersion, 'id' | 'version' | 'summary' | 'effectiveAt' | 'createdAt'> & { status: TermsStatus })[] {
  const current = termsInForce(ctx)
  const rows = ctx.db
    .select({
      id: termsVersions.id,
      version: termsVersions.version,
      summary: termsVersions.summary,
      effectiveAt: termsVersions.effectiveAt,
      createdAt: termsVersions.createdAt,
    })
    .from(termsVersions)
    .orderBy(desc(termsVersions.version))
    .all()
  return rows.map((row) => ({
    ...row,
    status: current && row.version === current.version ? 'current' : current && row.version < current.version ? 'past' : 'upcoming',
  }))
}

// The gate runs on every page a logged-in account asks for: one prepared statement, a primary-key probe.
const gateStatements = new WeakMap<AppContext['database']['sqlite'], { pending: { get(userId: string, now: number): unknown } }>()
function statements(ctx: AppContext) {
  const { sqlite } = ctx.database
  let prepared = gateStatements.get(sqlite)
  if (!prepared) {
    prepared = {
      pending: sqlite.prepare(
        `select v.version as version,
                exists (select 1 from terms_acceptances a where a.user_id = ? and a.version_id = v.id) as accepted
           from terms_versions v
          where v.effective_at <= ?
          order by v.version desc
          limit 1`,
      ),
    }
    gateStatements.set(sqlite, prepared)
  }
  return prepared
}

/** The number of the version in force when this account has not accepted it yet; null otherwise (or with no terms at all). */
export function termsPendingFor(ctx: AppContext, userId: string): number | null {
  const row = statements(ctx).pending.get(userId, ctx.now().getTime()) as { version: number; accepted: number } | undefined
  return row && !row.accepted ? row.version : null
}

/** Records an acceptance inside the caller's transaction (the account's creation, the payment); once per version. */
export function recordTermsAcceptance(tx: Tx | Db, input: { userId: string; versionId: number; via: TermsVia; at: Date }) {
  tx.insert(termsAcceptances).values({ userId: input.userId, versionId: input.versionId, via: input.via, acceptedAt: input.at }).onConflictDoNothing().run()
}

/**
 * « J'accepte » on the page that asks for a new version. The form says which version it showed:
 * if another came in force meanwhile, nothing is recorded and the page shows the new one.
 */
export function acceptTermsInForce(ctx: AppContext, input: { userId: string; version: number }): { ok: true } | { ok: false; error: 'changed' } {
  const current = termsInForce(ctx)
  if (!current || current.version !== input.version) return { ok: false, error: 'changed' }
  recordTermsAcceptance(ctx.db, { userId: input.userId, versionId: current.id, via: 'prompt', at: ctx.now() })
  return { ok: true }
}

/**
 * The version a sign-up or Cotiser form is accepting, and whether its box was ticked. With no
 * terms published yet (a fresh install), there is nothing to accept and nothing is asked.
 */
export function termsAcceptanceOf(
  ctx: AppContext,
  formData: FormData,
): { required: false } | { required: true; accepted: boolean; versionId: number; version: number } {
  const current = termsInForce(ctx)
  if (!current) return { required: false }
  return { required: true, accepted: formData.get(TERMS_ACCEPT_FIELD) === 'on', versionId: current.id, version: current.version }
}

/** For the forms: the number of the version a new account or a payment accepts; null with no terms. */
export function termsVersionToAccept(ctx: AppContext): number | null {
  return termsInForce(ctx)?.version ?? null
}

export type PublishError =
  | { field: 'body'; problems: TermsProblem[] }
  | { field: 'effectiveOn'; key: 'terms.error.datePast' | 'terms.error.dateFar' | 'terms.error.date' }
  | { field: 'effectiveOn'; key: 'terms.error.dateBeforePrevious'; params: { date: string } }

/** The day as the webmaster typed it (Paris), as the instant it takes effect: now if it is today, else that day's midnight. */
export function effectiveInstant(
  ctx: AppContext,
  effectiveOn: string,
): { ok: true; at: Date } | { ok: false; key: 'terms.error.datePast' | 'terms.error.dateFar' | 'terms.error.date' } {
  const now = ctx.now()
  const today = utcToZonedInput(now, ZONE).slice(0, 10)
  const midnight = zonedToUtc(`${effectiveOn}T00:00`, ZONE)
  if (!midnight) return { ok: false, key: 'terms.error.date' }
  if (effectiveOn < today) return { ok: false, key: 'terms.error.datePast' }
  if (midnight.getTime() - now.getTime() > TERMS_MAX_DAYS_AHEAD * DAY_MS) return { ok: false, key: 'terms.error.dateFar' }
  return { ok: true, at: effectiveOn === today ? now : midnight }
}

/** Checks a draft without writing anything: the preview shows the same refusals the publication would. */
export function checkTermsDraft(
  ctx: AppContext,
  input: { body: string; effectiveOn: string },
): { ok: true; effectiveAt: Date } | { ok: false; errors: PublishError[] } {
  const errors: PublishError[] = []
  const problems = termsProblems(input.body)
  if (problems.length) errors.push({ field: 'body', problems })
  const when = effectiveInstant(ctx, input.effectiveOn)
  if (!when.ok) errors.push({ field: 'effectiveOn', key: when.key })
  const latest = ctx.db.select().from(termsVersions).orderBy(desc(termsVersions.version)).limit(1).get()
  // Dates only move forward, so that « the highest version whose date has come » is the one in force.
  if (when.ok && latest && when.at < latest.effectiveAt) {
    errors.push({ field: 'effectiveOn', key: 'terms.error.dateBeforePrevious', params: { date: utcToZonedInput(latest.effectiveAt, ZONE).slice(0, 10) } })
  }
  return errors.length || !when.ok ? { ok: false, errors } : { ok: true, effectiveAt: when.at }
}

/** Publishes the next version; recorded in the moderation log (who, when). A published version is never edited. */
export function publishTerms(
  ctx: AppContext,
  input: { actorId: string; body: string; summary: string; effectiveOn: string },
): { ok: true; version: number; effectiveAt: Date } | { ok: false; errors: PublishError[] } {
  const now = ctx.now()
  return ctx.db.transaction(
    (tx) => {
      // Checked inside the write lock: two webmasters publishing at once get versions n and n+1, dates in order.
      const draft = checkTermsDraft(ctx, input)
      if (!draft.ok) return draft
      const latest = tx.select({ version: termsVersions.version }).from(termsVersions).orderBy(desc(termsVersions.version)).limit(1).get()
      const version = (latest?.version ?? 0) + 1
      tx.insert(termsVersions)
        .values({ version, body: input.body, summary: input.summary, effectiveAt: draft.effectiveAt, publishedBy: input.actorId, createdAt: now })
        .run()
      tx.insert(moderationLog)
        .values({
          actorId: input.actorId,
          action: 'terms.published',
          targetKind: 'terms',
          targetId: String(version),
          detail: JSON.stringify({ version, effectiveAt: draft.effectiveAt.toISOString() }),
          at: now,
        })
        .run()
      return { ok: true as const, version, effectiveAt: draft.effectiveAt }
    },
    { behavior: 'immediate' },
  )
}

/** How many accounts accepted each version (shown to webmasters beside the history). */
export function acceptanceCounts(ctx: AppContext): Map<number, number> {
  const rows = ctx.db
    .select({ versionId: termsAcceptances.versionId, count: sql<number>`count(*)` })
    .from(termsAcceptances)
    .groupBy(termsAcceptances.versionId)
    .all()
  return new Map(rows.map((row) => [row.versionId, row.count]))
}

export interface TermsPageVersion {
  version: number
  body: string
  summary: string
  status: TermsStatus
  effectiveAt: string
  /** For a replaced version: when the next one took over. */
  replacedAt: string | null
}

/** What /cgu and /cgu/:version show: the version asked (the one in force by default) and the list of all. */
export function termsPageData(ctx: AppContext, versionNumber?: number) {
  const history = termsHistory(ctx)
  const wanted = versionNumber === undefined ? history.find((h) => h.status === 'current') : history.find((h) => h.version === versionNumber)
  const row = wanted ? termsVersionByNumber(ctx, wanted.version) : null
  const next = wanted ? history.find((h) => h.version === wanted.version + 1) : undefined
  const shown: TermsPageVersion | null =
    wanted && row
      ? {
          version: row.version,
          body: row.body,
          summary: row.summary,
          status: wanted.status,
          effectiveAt: row.effectiveAt.toISOString(),
          replacedAt: wanted.status === 'past' && next ? next.effectiveAt.toISOString() : null,
        }
      : null
  return {
    shown,
    history: history.map((h) => ({ version: h.version, status: h.status, effectiveAt: h.effectiveAt.toISOString() })),
  }
}
