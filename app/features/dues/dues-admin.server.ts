import { alias } from 'drizzle-orm/sqlite-core'
import { asc, desc, eq } from 'drizzle-orm'
import { membershipAudit, payments, profiles, studentProofs, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { PROOFS_AREA } from '~/features/dues/membership.server'
import { readPrivateFile } from '~/shared/uploads.server'

/** Proofs waiting for a webmaster, oldest first. */
export function pendingProofs(ctx: AppContext) {
  return ctx.db
    .select({
      id: studentProofs.id,
      originalName: studentProofs.originalName,
      uploadedAt: studentProofs.uploadedAt,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      promotion: profiles.promotion,
    })
    .from(studentProofs)
    .innerJoin(users, eq(users.id, studentProofs.userId))
    .leftJoin(profiles, eq(profiles.userId, studentProofs.userId))
    .where(eq(studentProofs.status, 'pending'))
    .orderBy(asc(studentProofs.uploadedAt))
    .all()
}

export function duplicatePayments(ctx: AppContext) {
  return ctx.db
    .select({
      id: payments.id,
      amountCents: payments.amountCents,
      paidAt: payments.paidAt,
      reference: payments.reference,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(payments)
    .innerJoin(users, eq(users.id, payments.userId))
    .where(eq(payments.status, 'duplicate'))
    .orderBy(desc(payments.paidAt))
    .all()
}

const actors = alias(users, 'actors')
export function recentAudit(ctx: AppContext, limit = 30) {
  return ctx.db
    .select({
      id: membershipAudit.id,
      action: membershipAudit.action,
      createdAt: membershipAudit.createdAt,
      member: users.email,
      actor: actors.email,
    })
    .from(membershipAudit)
    .innerJoin(users, eq(users.id, membershipAudit.userId))
    .leftJoin(actors, eq(actors.id, membershipAudit.actorId))
    .orderBy(desc(membershipAudit.id))
    .limit(limit)
    .all()
}

export function findUserByEmail(ctx: AppContext, email: string) {
  return ctx.db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .get()
}

/** The proof's bytes for its owner or a webmaster; null for anyone else, as if it did not exist. */
export async function proofForViewer(ctx: AppContext, viewer: { id: string; isWebmaster: boolean }, proofId: string) {
  const proof = ctx.db.select().from(studentProofs).where(eq(studentProofs.id, proofId)).get()
  if (!proof || (proof.userId !== viewer.id && !viewer.isWebmaster)) return null
  return { proof, bytes: await readPrivateFile(ctx.config.DATA_DIR, PROOFS_AREA, proof.storedName) }
}

export function paymentOwner(ctx: AppContext, paymentId: string) {
  return ctx.db.select({ userId: payments.userId }).from(payments).where(eq(payments.id, paymentId)).get()?.userId ?? null
}
