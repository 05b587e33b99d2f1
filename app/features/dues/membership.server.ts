import crypto from 'node:crypto'
import { and, desc, eq, lt, ne, or, sql } from 'drizzle-orm'
import { type Db, preparedOnce } from '../../../db/client'
import { membershipAudit, memberships, payments, profiles, studentProofs, users } from '../../../db/schema'
import type { Config } from '~/shared/config'
import type { AppContext } from '~/context.server'
import { duesMails, receiptNumber } from '~/features/dues/dues-mails.server'
import { isProviderUnavailable } from '~/features/dues/payments.server'
import { removePrivateFile, storePrivateFile, type ProofMimeType } from '~/shared/uploads.server'
import { isValidPromotion } from '~/features/directory/schema'
import { recordTermsAcceptance } from '~/features/moderation/terms.server'
import { claimRosterRow } from '~/features/roster/claims.server'

export type Category = 'alumni' | 'student'
export const PROOFS_AREA = 'proofs'
/** Proofs waiting for a webmaster, per account: enough to retry a bad scan, not a free file store. */
export const MAX_PENDING_PROOFS = 5

export function duesAmountCents(config: Config, category: Category): number {
  return category === 'student' ? config.DUES_STUDENT_EUR : config.DUES_ALUMNI_EUR
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export function audit(tx: Tx | Db, entry: { userId: string; actorId: string | null; action: string; details?: Record<string, unknown>; at: Date }) {
  tx.insert(membershipAudit)
    .values({ userId: entry.userId, actorId: entry.actorId, action: entry.action, details: entry.details ?? {}, createdAt: entry.at })
    .run()
}

export interface ProofFile {
  bytes: Uint8Array
  type: ProofMimeType
  ext: string
  originalName: string
}

export interface DuesForm {
  lastName: string
  firstName: string
  promotion: number
  diploma: string
  category: Category
  /** Nom de naissance, to find the graduate in the school's list (null: none; left out: unchanged). */
  birthName?: string | null
}

/**
 * Opens a checkout session for the amount of the category, computed here and nowhere else, then
 * records what the member told us, the student's proof and the pending payment in one transaction.
 * A paid member is refused before the provider is called; when the provider fails, nothing is saved.
 */
export async function startDuesCheckout(
  ctx: AppContext,
  input: { userId: string; form: DuesForm; proof: ProofFile | null; baseUrl: string; termsVersionId?: number | null },
): Promise<{ ok: true; url: string } | { ok: false; error: 'alreadyMember' | 'promotion' | 'proofRequired' | 'tooManyPendingProofs' | 'providerUnavailable' }> {
  const { db, config } = ctx
  if (!isValidPromotion(input.form.promotion, ctx.now())) return { ok: false, error: 'promotion' }
  const membership = db.select().from(memberships).where(eq(memberships.userId, input.userId)).get()
  if (membership) return { ok: false, error: 'alreadyMember' }
  if (input.form.category === 'student' && !input.proof) return { ok: false, error: 'proofRequired' }
  if (input.proof && pendingProofCount(db, input.userId) >= MAX_PENDING_PROOFS) return { ok: false, error: 'tooManyPendingProofs' }
  const user = db.select().from(users).where(eq(users.id, input.userId)).get()
  if (!user) throw new Error('unknown user')

  const now = ctx.now()
  const paymentId = crypto.randomUUID()
  const amountCents = duesAmountCents(config, input.form.category)
  let session: { id: string; url: string }
  try {
    session = await ctx.payments.createCheckout({
      paymentId,
      amountCents,
      currency: 'EUR',
      description: `Cotisation à vie — ${config.ASSOCIATION_NAME} (${input.form.category === 'student' ? 'étudiant' : 'diplômé'})`,
      customerEmail: user.email,
      successUrl: new URL('/cotiser/retour', input.baseUrl).toString() + '?session={CHECKOUT_SESSION_ID}',
      cancelUrl: new URL('/cotiser?annule=1', input.baseUrl).toString(),
    })
  } catch (error) {
    if (isProviderUnavailable(error)) {
      ctx.logger.warn({ err: error, userId: user.id }, 'payment provider unavailable')
      return { ok: false, error: 'providerUnavailable' }
    }
    throw error
  }

  // Everything the form said is written together with the payment row, or not at all.
  const storedProof = input.proof ? await storePrivateFile(config.DATA_DIR, PROOFS_AREA, input.proof.bytes, input.proof.ext) : null
  let written: boolean
  try {
    written = db.transaction(
      (tx) => {
        // Counted again here: another tab may have sent one while the provider answered.
        if (input.proof && pendingProofCount(tx, user.id) >= MAX_PENDING_PROOFS) return false
        tx.update(users)
          .set({ lastName: input.form.lastName, firstName: input.form.firstName, birthName: input.form.birthName })
          .where(eq(users.id, user.id))
          .run()
        if (input.termsVersionId) recordTermsAcceptance(tx, { userId: user.id, versionId: input.termsVersionId, via: 'dues', at: now })
        const profile = { promotion: input.form.promotion, diploma: input.form.diploma }
        tx.insert(profiles)
          .values({ userId: user.id, ...profile })
          .onConflictDoUpdate({ target: profiles.userId, set: profile })
          .run()
        if (input.proof && storedProof) {
          tx.insert(studentProofs)
            .values({
              id: crypto.randomUUID(),
              userId: user.id,
              storedName: storedProof,
              originalName: input.proof.originalName.slice(0, 200),
              mimeType: input.proof.type,
              size: input.proof.bytes.length,
              uploadedAt: now,
            })
            .run()
        }
        tx.insert(payments)
          .values({
            id: paymentId,
            userId: user.id,
            category: input.form.category,
            amountCents,
            provider: ctx.payments.mode,
            method: ctx.payments.mode === 'demo' ? 'demo' : 'card',
            checkoutSessionId: session.id,
            checkoutUrl: session.url,
            status: 'pending',
            createdAt: now,
          })
          .run()
        audit(tx, {
          userId: user.id,
          actorId: user.id,
          action: 'checkout.started',
          details: { paymentId, amountCents, category: input.form.category },
          at: now,
        })
        return true
      },
      { behavior: 'immediate' },
    )
  } catch (error) {
    if (storedProof) await removePrivateFile(config.DATA_DIR, PROOFS_AREA, storedProof)
    throw error
  }
  if (!written) {
    if (storedProof) await removePrivateFile(config.DATA_DIR, PROOFS_AREA, storedProof)
    return { ok: false, error: 'tooManyPendingProofs' }
  }
  return { ok: true, url: session.url.startsWith('/') ? new URL(session.url, input.baseUrl).toString() : session.url }
}

function nextReceipt(tx: Tx, at: Date) {
  const year = Number(new Intl.DateTimeFormat('fr-FR', { year: 'numeric', timeZone: 'Europe/Paris' }).format(at))
  const row = tx
    .select({ last: sql<number | null>`max(${payments.receiptSeq})` })
    .from(payments)
    .where(eq(payments.receiptYear, year))
    .get()
  return { receiptYear: year, receiptSeq: (row?.last ?? 0) + 1 }
}

export type FulfilResult = 'activated' | 'duplicate' | 'alreadyProcessed' | 'unknownSession' | 'notPaid'

/**
 * The one place a checkout becomes a membership: the Stripe webhook and the demo checkout both
 * call it. Idempotent: the payment row moves from `pending` once, inside one transaction.
 */
export function fulfilCheckout(
  ctx: AppContext,
  input: { sessionId: string; reference: string | null; baseUrl: string; actorId?: string | null },
): FulfilResult {
  const now = ctx.now()
  const outcome = ctx.db.transaction((tx) => {
    const payment = tx.select().from(payments).where(eq(payments.checkoutSessionId, input.sessionId)).get()
    if (!payment) return { result: 'unknownSession' as const }
    if (payment.status !== 'pending') return { result: 'alreadyProcessed' as const }
    const membership = tx.select().from(memberships).where(eq(memberships.userId, payment.userId)).get()
    if (membership) {
      // Paid twice (two tabs, two sessions): keep the money visible to webmasters for a refund.
      tx.update(payments).set({ status: 'duplicate', paidAt: now, reference: input.reference }).where(eq(payments.id, payment.id)).run()
      audit(tx, {
        userId: payment.userId,
        actorId: input.actorId ?? null,
        action: 'payment.duplicate',
        details: { paymentId: payment.id, amountCents: payment.amountCents },
        at: now,
      })
      return { result: 'duplicate' as const, payment }
    }
    const receipt = nextReceipt(tx, now)
    tx.update(payments)
      .set({ status: 'paid', paidAt: now, reference: input.reference, ...receipt })
      .where(eq(payments.id, payment.id))
      .run()
    tx.insert(memberships).values({ userId: payment.userId, kind: payment.category, status: 'active', activatedAt: now }).run()
    audit(tx, {
      userId: payment.userId,
      actorId: input.actorId ?? null,
      action: 'membership.activated',
      details: { paymentId: payment.id, kind: payment.category, amountCents: payment.amountCents, provider: payment.provider },
      at: now,
    })
    duesMails.receipt(ctx, payment.id, input.baseUrl)
    return { result: 'activated' as const, payment: { ...payment, ...receipt, paidAt: now, reference: input.reference, status: 'paid' as const } }
  })
  if (outcome.result === 'activated') afterActivation(ctx, outcome.payment.userId)
  if (outcome.result === 'duplicate') ctx.logger.warn({ paymentId: outcome.payment.id }, 'duplicate dues payment: refund it')
  return outcome.result
}

function afterActivation(ctx: AppContext, userId: string) {
  // The graduates' list is searched once the dues are paid, whichever way (after the commit: a
  // claim never stands in the way of a payment).
  claimRosterRow(ctx, userId)
  ctx.bus.publish({ type: 'membership:activated', payload: { userId } })
}

/** A cheque or a transfer received by the association, recorded by a webmaster. */
export function recordOfflinePayment(
  ctx: AppContext,
  input: { actorId: string; userId: string; category: Category; method: 'cheque' | 'transfer'; reference: string; amountCents?: number; baseUrl: string },
): { ok: true; paymentId: string } | { ok: false; error: 'alreadyMember' | 'unknownUser' } {
  const now = ctx.now()
  const paymentId = crypto.randomUUID()
  const outcome = ctx.db.transaction((tx) => {
    if (!tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).get()) return 'unknownUser' as const
    if (tx.select().from(memberships).where(eq(memberships.userId, input.userId)).get()) return 'alreadyMember' as const
    const amountCents = input.amountCents ?? duesAmountCents(ctx.config, input.category)
    tx.insert(payments)
      .values({
        id: paymentId,
        userId: input.userId,
        category: input.category,
        amountCents,
        provider: 'offline',
        method: input.method,
        status: 'paid',
        reference: input.reference,
        createdAt: now,
        paidAt: now,
        recordedBy: input.actorId,
        ...nextReceipt(tx, now),
      })
      .run()
    tx.insert(memberships).values({ userId: input.userId, kind: input.category, status: 'active', activatedAt: now }).run()
    audit(tx, {
      userId: input.userId,
      actorId: input.actorId,
      action: 'membership.activated',
      details: { paymentId, kind: input.category, amountCents, provider: 'offline', method: input.method, reference: input.reference },
      at: now,
    })
    duesMails.receipt(ctx, paymentId, input.baseUrl)
    return 'ok' as const
  })
  if (outcome !== 'ok') return { ok: false, error: outcome }
  afterActivation(ctx, input.userId)
  return { ok: true, paymentId }
}

function pendingProofCount(db: Tx | Db, userId: string): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(studentProofs)
    .where(and(eq(studentProofs.userId, userId), eq(studentProofs.status, 'pending')))
    .get()!.n
}

/**
 * A student sends a new enrolment form (after a rejection, or a new school year). Refused, with
 * nothing written, when MAX_PENDING_PROOFS already wait for a webmaster.
 */
export async function submitStudentProof(ctx: AppContext, userId: string, proof: ProofFile): Promise<{ ok: true } | { ok: false; error: 'tooManyPending' }> {
  if (pendingProofCount(ctx.db, userId) >= MAX_PENDING_PROOFS) return { ok: false, error: 'tooManyPending' }
  const storedName = await storePrivateFile(ctx.config.DATA_DIR, PROOFS_AREA, proof.bytes, proof.ext)
  const now = ctx.now()
  let written: boolean
  try {
    // Immediate: the count and the insert are one step, whatever the other processes do meanwhile.
    written = ctx.db.transaction(
      (tx) => {
        if (pendingProofCount(tx, userId) >= MAX_PENDING_PROOFS) return false
        tx.insert(studentProofs)
          .values({
            id: crypto.randomUUID(),
            userId,
            storedName,
            originalName: proof.originalName.slice(0, 200),
            mimeType: proof.type,
            size: proof.bytes.length,
            uploadedAt: now,
          })
          .run()
        audit(tx, { userId, actorId: userId, action: 'proof.submitted', details: { size: proof.bytes.length, type: proof.type }, at: now })
        return true
      },
      { behavior: 'immediate' },
    )
  } catch (error) {
    await removePrivateFile(ctx.config.DATA_DIR, PROOFS_AREA, storedName)
    throw error
  }
  if (written) return { ok: true }
  await removePrivateFile(ctx.config.DATA_DIR, PROOFS_AREA, storedName)
  return { ok: false, error: 'tooManyPending' }
}

/**
 * Approve, or reject with a reason (emailed): a rejection suspends the student's membership until
 * a new proof is approved. An approved proof is the one kept: every proof of the student sent
 * before it, and every proof already decided, is deleted with its file (proofs sent after it
 * still wait for their review).
 */
export async function reviewStudentProof(
  ctx: AppContext,
  input: { actorId: string; proofId: string; decision: 'approve' | 'reject'; reason?: string; baseUrl: string },
): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'alreadyReviewed' }> {
  const now = ctx.now()
  const outcome = ctx.db.transaction((tx) => {
    const proof = tx.select().from(studentProofs).where(eq(studentProofs.id, input.proofId)).get()
    if (!proof) return { ok: false as const, error: 'notFound' as const }
    if (proof.status !== 'pending') return { ok: false as const, error: 'alreadyReviewed' as const }
    const approved = input.decision === 'approve'
    tx.update(studentProofs)
      .set({ status: approved ? 'approved' : 'rejected', reason: approved ? null : (input.reason ?? null), reviewedAt: now, reviewedBy: input.actorId })
      .where(eq(studentProofs.id, proof.id))
      .run()
    const superseded = approved
      ? tx
          .delete(studentProofs)
          .where(
            and(
              eq(studentProofs.userId, proof.userId),
              ne(studentProofs.id, proof.id),
              or(ne(studentProofs.status, 'pending'), lt(studentProofs.uploadedAt, proof.uploadedAt)),
            ),
          )
          .returning({ storedName: studentProofs.storedName })
          .all()
      : []
    const membership = tx.select().from(memberships).where(eq(memberships.userId, proof.userId)).get()
    const nextStatus = approved ? 'active' : 'suspended'
    if (membership && membership.status !== nextStatus) {
      tx.update(memberships).set({ status: nextStatus }).where(eq(memberships.userId, proof.userId)).run()
    }
    audit(tx, {
      userId: proof.userId,
      actorId: input.actorId,
      action: approved ? 'proof.approved' : 'proof.rejected',
      details: { proofId: proof.id, ...(approved ? { deleted: superseded.length } : { reason: input.reason }), membership: membership ? nextStatus : null },
      at: now,
    })
    if (!approved) duesMails.proofRejected(ctx, proof.userId, input.reason ?? '', input.baseUrl)
    return { ok: true as const, proof, superseded }
  })
  if (!outcome.ok) return outcome
  // The rows went with the decision; a file left behind by a crash here is unreachable, never served.
  for (const { storedName } of outcome.superseded) {
    await removePrivateFile(ctx.config.DATA_DIR, PROOFS_AREA, storedName).catch((error: unknown) =>
      ctx.logger.error({ err: error }, 'superseded proof file not removed'),
    )
  }
  if (input.decision === 'approve') claimRosterRow(ctx, outcome.proof.userId)
  ctx.bus.publish({ type: 'membership:changed', payload: { userId: outcome.proof.userId } })
  return { ok: true }
}

export function paymentForSession(ctx: AppContext, userId: string, sessionId: string) {
  return ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.checkoutSessionId, sessionId), eq(payments.userId, userId)))
    .get()
}

/** What Mon compte shows about dues: membership, receipts, proofs. */
export function membershipOverview(ctx: AppContext, userId: string) {
  const prepared = overviewStatements(ctx.db)
  const membership = prepared.membership.get({ userId }) ?? null
  const receipts = prepared.receipts.all({ userId }).map((p) => ({ id: p.id, number: receiptNumber(p), amountCents: p.amountCents, paidAt: p.paidAt }))
  const proofs = prepared.proofs.all({ userId })
  return { membership, receipts, proofs }
}

// Mon compte's reads, on every visit: prepared once per connection.
const overviewStatements = preparedOnce((db) => {
  const userId = sql.placeholder('userId')
  return {
    membership: db.select().from(memberships).where(eq(memberships.userId, userId)).prepare(),
    receipts: db
      .select()
      .from(payments)
      .where(and(eq(payments.userId, userId), eq(payments.status, 'paid')))
      .orderBy(desc(payments.paidAt))
      .prepare(),
    proofs: db
      .select({
        id: studentProofs.id,
        status: studentProofs.status,
        reason: studentProofs.reason,
        uploadedAt: studentProofs.uploadedAt,
        originalName: studentProofs.originalName,
      })
      .from(studentProofs)
      .where(eq(studentProofs.userId, userId))
      .orderBy(desc(studentProofs.uploadedAt))
      .prepare(),
  }
})
