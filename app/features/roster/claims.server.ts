import { and, asc, eq, inArray, or, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { graduateDiplomas, graduates, profileDiplomas, profiles, rosterClaims, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { matchKey } from '~/features/roster/names'
import { CLAIMS_PER_PAGE } from '~/features/roster/activation-schema'
import { composeMail } from '~/shared/mail-layout.server'

// « Activer mon compte » (issue #17): an account whose legal name (or birth name) and promotion
// match a row of the graduates' list claims it. One unclaimed row: linked at once, its diplomas
// on the profile. Several rows, or the one row already held by another account: the webmasters'
// review queue, candidates side by side. None: nothing.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type Writer = Tx | Db

export type ClaimOutcome =
  | { result: 'linked'; graduateId: number }
  | { result: 'queued'; claimId: number; candidateIds: number[] }
  /** Already holds a row; no promotion known yet; no row matches; the same candidates were dismissed by a webmaster. */
  | { result: 'alreadyLinked' | 'noPromotion' | 'none' | 'dismissed' }

const sameIds = (a: number[], b: number[]) => a.length === b.length && a.every((id, i) => id === b[i])
const parseIds = (json: string): number[] => {
  const ids: unknown = JSON.parse(json)
  return Array.isArray(ids) ? ids.filter((id): id is number => Number.isInteger(id)) : []
}

/** The keys an account is matched on: its last name and its birth name, each with its first name and promotion. */
function accountKeys(tx: Writer, userId: string): string[] | null {
  const account = tx
    .select({ lastName: users.lastName, firstName: users.firstName, birthName: users.birthName, status: users.status, promotion: profiles.promotion })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.id, userId))
    .get()
  if (!account || account.status !== 'active' || !account.promotion) return null
  const names = [account.lastName, account.birthName].filter((n): n is string => !!n?.trim())
  return [...new Set(names.map((n) => matchKey(n, account.firstName, account.promotion!)))]
}

function candidatesFor(tx: Writer, keys: string[]) {
  return tx
    .select({ id: graduates.id, userId: graduates.userId })
    .from(graduates)
    .where(or(inArray(graduates.matchKey, keys), inArray(graduates.birthMatchKey, keys)))
    .orderBy(asc(graduates.id))
    .all()
}

/**
 * Links a row to an account, if nobody holds it (the write is the check: two accounts racing for
 * one row, one wins). The row's diplomas join the profile as the list's (`roster`), the profile's
 * promotion and first diploma are filled where empty, and an open claim of the account is closed.
 */
function linkRow(tx: Writer, input: { userId: string; graduateId: number; at: Date; decidedBy?: string | null }): boolean {
  const taken = tx
    .update(graduates)
    .set({ userId: input.userId, claimedAt: input.at })
    .where(and(eq(graduates.id, input.graduateId), sql`${graduates.userId} is null`))
    .run()
  if (taken.changes === 0) return false
  const row = tx.select({ promotion: graduates.promotion }).from(graduates).where(eq(graduates.id, input.graduateId)).get()!
  const diplomas = tx
    .select({ diploma: graduateDiplomas.diploma })
    .from(graduateDiplomas)
    .where(eq(graduateDiplomas.graduateId, input.graduateId))
    .orderBy(asc(graduateDiplomas.diploma))
    .all()
    .map((d) => d.diploma)
  for (const diploma of diplomas) {
    tx.insert(profileDiplomas)
      .values({ userId: input.userId, diploma, source: 'roster', createdAt: input.at })
      .onConflictDoUpdate({ target: [profileDiplomas.userId, profileDiplomas.diploma], set: { source: 'roster' } })
      .run()
  }
  tx.insert(profiles)
    .values({ userId: input.userId, promotion: row.promotion, diploma: diplomas[0] ?? null })
    .onConflictDoUpdate({
      target: profiles.userId,
      set: {
        promotion: sql`coalesce(${profiles.promotion}, excluded.promotion)`,
        diploma: sql`coalesce(nullif(${profiles.diploma}, ''), excluded.diploma)`,
      },
    })
    .run()
  tx.update(rosterClaims)
    .set({ status: 'linked', graduateId: input.graduateId, decidedBy: input.decidedBy ?? null, decidedAt: input.at })
    .where(and(eq(rosterClaims.userId, input.userId), eq(rosterClaims.status, 'open')))
    .run()
  return true
}

/** Takes a row back from the account holding it: the link and the diplomas it brought go (the member's own stay). */
function unlinkRow(tx: Writer, graduateId: number): string | null {
  const row = tx.select({ userId: graduates.userId }).from(graduates).where(eq(graduates.id, graduateId)).get()
  if (!row?.userId) return null
  const diplomas = tx.select({ diploma: graduateDiplomas.diploma }).from(graduateDiplomas).where(eq(graduateDiplomas.graduateId, graduateId)).all()
  if (diplomas.length > 0)
    tx.delete(profileDiplomas)
      .where(
        and(
          eq(profileDiplomas.userId, row.userId),
          eq(profileDiplomas.source, 'roster'),
          inArray(
            profileDiplomas.diploma,
            diplomas.map((d) => d.diploma),
          ),
        ),
      )
      .run()
  tx.update(graduates).set({ userId: null, claimedAt: null }).where(eq(graduates.id, graduateId)).run()
  return row.userId
}

function claimInTransaction(tx: Writer, userId: string, at: Date): ClaimOutcome {
  if (tx.select({ id: graduates.id }).from(graduates).where(eq(graduates.userId, userId)).get()) return { result: 'alreadyLinked' }
  const keys = accountKeys(tx, userId)
  if (!keys) return { result: 'noPromotion' }
  const candidates = candidatesFor(tx, keys)
  if (candidates.length === 0) return { result: 'none' }
  if (candidates.length === 1 && candidates[0].userId === null && linkRow(tx, { userId, graduateId: candidates[0].id, at })) {
    return { result: 'linked', graduateId: candidates[0].id }
  }
  const candidateIds = candidates.map((c) => c.id)
  const previous = tx.select().from(rosterClaims).where(eq(rosterClaims.userId, userId)).orderBy(asc(rosterClaims.id)).all()
  const open = previous.find((c) => c.status === 'open')
  if (open) {
    if (!sameIds(parseIds(open.candidateIds), candidateIds))
      tx.update(rosterClaims)
        .set({ candidateIds: JSON.stringify(candidateIds) })
        .where(eq(rosterClaims.id, open.id))
        .run()
    return { result: 'queued', claimId: open.id, candidateIds }
  }
  // A webmaster already said no to these very candidates: asking again would only reopen it.
  if (previous.some((c) => c.status === 'dismissed' && sameIds(parseIds(c.candidateIds), candidateIds))) return { result: 'dismissed' }
  const { id } = tx
    .insert(rosterClaims)
    .values({ userId, candidateIds: JSON.stringify(candidateIds), status: 'open', createdAt: at })
    .returning({ id: rosterClaims.id })
    .get()
  return { result: 'queued', claimId: id, candidateIds }
}

/**
 * The claim, after a sign-up or a payment committed (never inside it: whatever happens here, the
 * account and the dues stand). Idempotent: an account that holds a row, or whose open claim lists
 * the same candidates, changes nothing. Never throws: a failure is logged.
 */
export function claimRosterRow(ctx: AppContext, userId: string): ClaimOutcome | null {
  try {
    const outcome = ctx.db.transaction((tx) => claimInTransaction(tx, userId, ctx.now()), { behavior: 'immediate' })
    if (outcome.result === 'linked') ctx.bus.publish({ type: 'profile:updated', payload: { userId } })
    return outcome
  } catch (error) {
    ctx.logger.error({ err: error, userId }, 'roster claim failed')
    return null
  }
}

/**
 * The link an activation link proves (`/activer/<token>`), in the transaction that creates the
 * account: false when the row was claimed in the meantime (the caller then claims by name).
 */
export function linkActivatedRow(tx: Writer, input: { userId: string; graduateId: number; at: Date }): boolean {
  return linkRow(tx, input)
}

/** The birth name the account gave, to fill the dues form in again. */
export function accountBirthName(ctx: AppContext, userId: string): string | null {
  return ctx.db.select({ birthName: users.birthName }).from(users).where(eq(users.id, userId)).get()?.birthName ?? null
}

/** Whether the account already holds a row of the list. */
export function rowOfAccount(ctx: AppContext, userId: string) {
  return ctx.db.select({ id: graduates.id, promotion: graduates.promotion }).from(graduates).where(eq(graduates.userId, userId)).get() ?? null
}

/* ---------- The webmasters' review queue ---------- */

export function openClaimCount(ctx: AppContext): number {
  return ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(rosterClaims)
    .where(eq(rosterClaims.status, 'open'))
    .get()!.n
}

function accountDiplomas(ctx: AppContext, userIds: string[]) {
  const rows = userIds.length
    ? ctx.db.select().from(profileDiplomas).where(inArray(profileDiplomas.userId, userIds)).orderBy(asc(profileDiplomas.createdAt)).all()
    : []
  const byUser = new Map<string, { diploma: string; source: 'roster' | 'member' }[]>()
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), { diploma: r.diploma, source: r.source }])
  return byUser
}

/** Open claims, oldest first: each account beside its candidate rows, everything a webmaster needs to decide. */
export function openClaims(ctx: AppContext, page: number) {
  const total = openClaimCount(ctx)
  const pages = Math.max(1, Math.ceil(total / CLAIMS_PER_PAGE))
  const claims = ctx.db
    .select({
      id: rosterClaims.id,
      candidateIds: rosterClaims.candidateIds,
      createdAt: rosterClaims.createdAt,
      userId: users.id,
      lastName: users.lastName,
      firstName: users.firstName,
      birthName: users.birthName,
      email: users.email,
      promotion: profiles.promotion,
      diploma: profiles.diploma,
      member: sql<boolean>`exists (select 1 from memberships m where m.user_id = ${users.id} and m.status = 'active')`.mapWith(Boolean),
    })
    .from(rosterClaims)
    .innerJoin(users, eq(users.id, rosterClaims.userId))
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(rosterClaims.status, 'open'))
    .orderBy(asc(rosterClaims.createdAt), asc(rosterClaims.id))
    .limit(CLAIMS_PER_PAGE)
    .offset((Math.min(page, pages) - 1) * CLAIMS_PER_PAGE)
    .all()
  const ids = [...new Set(claims.flatMap((c) => parseIds(c.candidateIds)))]
  const rows = ids.length
    ? ctx.db
        .select({
          id: graduates.id,
          lastName: graduates.lastName,
          firstName: graduates.firstName,
          birthName: graduates.birthName,
          promotion: graduates.promotion,
          email: graduates.email,
          schoolId: graduates.schoolId,
          holderId: graduates.userId,
          holderFirstName: users.firstName,
          holderLastName: users.lastName,
          holderEmail: users.email,
        })
        .from(graduates)
        .leftJoin(users, eq(users.id, graduates.userId))
        .where(inArray(graduates.id, ids))
        .all()
    : []
  const diplomas = ids.length ? ctx.db.select().from(graduateDiplomas).where(inArray(graduateDiplomas.graduateId, ids)).all() : []
  const own = accountDiplomas(
    ctx,
    claims.map((c) => c.userId),
  )
  const byId = new Map(
    rows.map((r) => [
      r.id,
      {
        ...r,
        diplomas: diplomas.filter((d) => d.graduateId === r.id).map((d) => d.diploma),
        holder: r.holderId ? { id: r.holderId, name: `${r.holderFirstName} ${r.holderLastName}`, email: r.holderEmail } : null,
      },
    ]),
  )
  return {
    total,
    page: Math.min(page, pages),
    pages,
    claims: claims.map(({ candidateIds, diploma, ...claim }) => {
      const extra = (own.get(claim.userId) ?? []).map((d) => d.diploma)
      return {
        ...claim,
        diplomas: [...new Set([diploma, ...extra].filter((d): d is string => !!d))],
        // A row deleted by a later import is simply gone from the choice.
        candidates: parseIds(candidateIds).flatMap((id) => {
          const row = byId.get(id)
          if (!row) return []
          const { holderId: _h, holderFirstName: _f, holderLastName: _l, holderEmail: _e, ...candidate } = row
          return [candidate]
        }),
      }
    }),
  }
}

export type DecideError = 'notFound' | 'alreadyDecided' | 'notCandidate' | 'accountLinked'

/**
 * A webmaster's decision on an open claim: `link` gives the account the chosen row (taking it
 * from the account that held it, if any) and tells the account by mail; `dismiss` closes the
 * claim without a link. Who and when are recorded on the claim.
 */
export function decideClaim(
  ctx: AppContext,
  input: { actorId: string; claimId: number; decision: 'link' | 'dismiss'; graduateId?: number; baseUrl: string },
): { ok: true; decision: 'link' | 'dismiss' } | { ok: false; error: DecideError } {
  const at = ctx.now()
  const outcome = ctx.db.transaction(
    (tx) => {
      const claim = tx.select().from(rosterClaims).where(eq(rosterClaims.id, input.claimId)).get()
      if (!claim) return { ok: false as const, error: 'notFound' as const }
      if (claim.status !== 'open') return { ok: false as const, error: 'alreadyDecided' as const }
      if (input.decision === 'dismiss') {
        tx.update(rosterClaims).set({ status: 'dismissed', decidedBy: input.actorId, decidedAt: at }).where(eq(rosterClaims.id, claim.id)).run()
        return { ok: true as const, decision: 'dismiss' as const, changed: [] }
      }
      const graduateId = input.graduateId ?? 0
      if (!parseIds(claim.candidateIds).includes(graduateId)) return { ok: false as const, error: 'notCandidate' as const }
      const row = tx.select({ userId: graduates.userId, promotion: graduates.promotion }).from(graduates).where(eq(graduates.id, graduateId)).get()
      if (!row) return { ok: false as const, error: 'notCandidate' as const }
      const held = tx.select({ id: graduates.id }).from(graduates).where(eq(graduates.userId, claim.userId)).get()
      if (held && held.id !== graduateId) return { ok: false as const, error: 'accountLinked' as const }
      const previous = row.userId && row.userId !== claim.userId ? unlinkRow(tx, graduateId) : null
      if (row.userId !== claim.userId) linkRow(tx, { userId: claim.userId, graduateId, at, decidedBy: input.actorId })
      tx.update(rosterClaims).set({ status: 'linked', graduateId, decidedBy: input.actorId, decidedAt: at }).where(eq(rosterClaims.id, claim.id)).run()
      linkedMail(ctx, tx, claim.userId, row.promotion, input.baseUrl)
      return { ok: true as const, decision: 'link' as const, changed: [claim.userId, ...(previous ? [previous] : [])] }
    },
    { behavior: 'immediate' },
  )
  if (!outcome.ok) return outcome
  for (const userId of outcome.changed) ctx.bus.publish({ type: 'profile:updated', payload: { userId } })
  return { ok: true, decision: outcome.decision }
}

/** The account learns that a webmaster linked it to its row (an automatic link needs no mail: the person is on the page). */
function linkedMail(ctx: AppContext, tx: Writer, userId: string, promotion: number, baseUrl: string) {
  const user = tx.select().from(users).where(eq(users.id, userId)).get()
  if (!user || user.status !== 'active') return
  const mail = composeMail(ctx.config, {
    to: user.email,
    locale: user.locale,
    firstName: user.firstName,
    subject: 'roster.mail.linked.subject',
    paragraphs: [{ key: 'roster.mail.linked.body', params: { promotion: String(promotion) } }, { key: 'roster.mail.linked.diplomas' }],
    action: { label: 'roster.mail.linked.action', url: new URL('/mon-compte/profil', baseUrl).toString() },
  })
  ctx.mail.enqueue(mail, { kind: 'roster.linked' })
}
