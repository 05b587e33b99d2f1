import { and, desc, eq, ne, or } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import {
  accountChanges,
  accountTokens,
  decisions,
  eventRegistrations,
  events,
  graduates,
  loginEvents,
  membershipAudit,
  memberships,
  payments,
  profiles,
  reports,
  users,
} from '../../../db/schema'
import type { AppContext } from '~/context.server'
import { photoShownSql, type ProfileViewer } from '~/features/directory/profiles.server'
import { accountColumns } from '~/features/admin/members.server'
import type { IdentityField, IdentityInput } from '~/features/admin/schema'
import { composeMail } from '~/shared/mail-layout.server'

// A member's page in the back office (issue #17): who they are, what happened to their account,
// and the webmaster's correction of their identity, audited field by field in `account_changes`.

const HISTORY = 20
const LOGINS = 10

const actors = alias(users, 'actors')

/** Everything the member's page shows; null for an unknown id or an erased member's pseudonym. */
export function memberFile(ctx: AppContext, userId: string, viewer: ProfileViewer) {
  const person = ctx.db
    .select({ ...accountColumns, photo: photoShownSql(users.id, viewer) })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(and(eq(users.id, userId), ne(users.status, 'erased')))
    .get()
  if (!person) return null

  const roster = ctx.db
    .select({ id: graduates.id, promotion: graduates.promotion, claimedAt: graduates.claimedAt })
    .from(graduates)
    .where(eq(graduates.userId, userId))
    .get()

  const paymentRows = ctx.db
    .select({
      id: payments.id,
      status: payments.status,
      category: payments.category,
      amountCents: payments.amountCents,
      currency: payments.currency,
      method: payments.method,
      createdAt: payments.createdAt,
      paidAt: payments.paidAt,
    })
    .from(payments)
    .where(eq(payments.userId, userId))
    .orderBy(desc(payments.createdAt))
    .limit(HISTORY)
    .all()

  const registrations = ctx.db
    .select({
      id: eventRegistrations.id,
      eventId: events.id,
      title: events.title,
      startsAt: events.startsAt,
      status: eventRegistrations.status,
      places: eventRegistrations.places,
      checkedInAt: eventRegistrations.checkedInAt,
    })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    .where(eq(eventRegistrations.userId, userId))
    .orderBy(desc(events.startsAt))
    .limit(HISTORY)
    .all()

  const reportColumns = {
    id: reports.id,
    targetKind: reports.targetKind,
    targetId: reports.targetId,
    reason: reports.reason,
    status: reports.status,
    createdAt: reports.createdAt,
  }
  const reportsMade = ctx.db.select(reportColumns).from(reports).where(eq(reports.reporterId, userId)).orderBy(desc(reports.createdAt)).limit(HISTORY).all()
  const reportsReceived = ctx.db
    .select(reportColumns)
    .from(reports)
    .where(eq(reports.subjectUserId, userId))
    .orderBy(desc(reports.createdAt))
    .limit(HISTORY)
    .all()

  const decisionRows = ctx.db
    .select({
      id: decisions.id,
      action: decisions.action,
      targetKind: decisions.targetKind,
      targetId: decisions.targetId,
      decidedAt: decisions.decidedAt,
      actorFirstName: actors.firstName,
      actorLastName: actors.lastName,
    })
    .from(decisions)
    .leftJoin(actors, eq(actors.id, decisions.decidedBy))
    .where(eq(decisions.subjectUserId, userId))
    .orderBy(desc(decisions.decidedAt))
    .limit(HISTORY)
    .all()

  const audit = ctx.db
    .select({
      id: membershipAudit.id,
      action: membershipAudit.action,
      createdAt: membershipAudit.createdAt,
      actorFirstName: actors.firstName,
      actorLastName: actors.lastName,
    })
    .from(membershipAudit)
    .leftJoin(actors, eq(actors.id, membershipAudit.actorId))
    .where(eq(membershipAudit.userId, userId))
    .orderBy(desc(membershipAudit.createdAt), desc(membershipAudit.id))
    .limit(HISTORY)
    .all()

  const changes = ctx.db
    .select({
      id: accountChanges.id,
      field: accountChanges.field,
      before: accountChanges.before,
      after: accountChanges.after,
      at: accountChanges.at,
      actorFirstName: actors.firstName,
      actorLastName: actors.lastName,
    })
    .from(accountChanges)
    .leftJoin(actors, eq(actors.id, accountChanges.actorId))
    .where(eq(accountChanges.userId, userId))
    .orderBy(desc(accountChanges.at), desc(accountChanges.id))
    .limit(HISTORY)
    .all()

  const logins = ctx.db
    .select({ id: loginEvents.id, at: loginEvents.at, ip: loginEvents.ip, userAgent: loginEvents.userAgent })
    .from(loginEvents)
    .where(eq(loginEvents.userId, userId))
    .orderBy(desc(loginEvents.at))
    .limit(LOGINS)
    .all()

  return { person, roster: roster ?? null, payments: paymentRows, registrations, reportsMade, reportsReceived, decisions: decisionRows, audit, changes, logins }
}
export type MemberFile = NonNullable<ReturnType<typeof memberFile>>

export type IdentityCorrection =
  | { ok: true; changed: IdentityField[] }
  /** `ownEmail`: a webmaster changes their own address from « Mon compte », which asks their password. */
  | { ok: false; error: 'notFound' | 'emailTaken' | 'ownEmail' }

const asText = (value: string | number | null | undefined) => (value === null || value === undefined ? null : String(value))

/**
 * A webmaster corrects a member's identity. One transaction: the new values, one `account_changes`
 * row per field that changed (before, after, who), and, for a new address, a mail to the old one
 * (through the queue, so it commits with the change) and the end of any address change the member
 * had asked for. The search index follows through the bus once it is committed.
 */
export function correctIdentity(ctx: AppContext, input: { actorId: string; userId: string; values: IdentityInput }): IdentityCorrection {
  const { values } = input
  const outcome = ctx.db.transaction(
    (tx): IdentityCorrection => {
      const current = tx
        .select({
          lastName: users.lastName,
          firstName: users.firstName,
          birthName: users.birthName,
          email: users.email,
          locale: users.locale,
          status: users.status,
          promotion: profiles.promotion,
          diploma: profiles.diploma,
        })
        .from(users)
        .leftJoin(profiles, eq(profiles.userId, users.id))
        .where(eq(users.id, input.userId))
        .get()
      if (!current || current.status === 'erased') return { ok: false, error: 'notFound' }
      const changed = (['lastName', 'firstName', 'birthName', 'email', 'promotion', 'diploma'] as const).filter(
        (field) => asText(current[field]) !== asText(values[field]),
      )
      if (changed.length === 0) return { ok: true, changed }
      if (changed.includes('email')) {
        if (input.userId === input.actorId) return { ok: false, error: 'ownEmail' }
        const owner = tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.email, values.email), ne(users.id, input.userId)))
          .get()
        if (owner) return { ok: false, error: 'emailTaken' }
      }
      const now = ctx.now()
      tx.update(users)
        .set({ lastName: values.lastName, firstName: values.firstName, birthName: values.birthName, email: values.email })
        .where(eq(users.id, input.userId))
        .run()
      if (changed.includes('promotion') || changed.includes('diploma')) {
        const profile = { promotion: values.promotion, diploma: values.diploma }
        tx.insert(profiles)
          .values({ userId: input.userId, ...profile })
          .onConflictDoUpdate({ target: profiles.userId, set: profile })
          .run()
      }
      for (const field of changed) {
        tx.insert(accountChanges)
          .values({ userId: input.userId, actorId: input.actorId, field, before: asText(current[field]), after: asText(values[field]), at: now })
          .run()
      }
      if (changed.includes('email')) {
        // An address change the member asked for and has not confirmed would undo the correction.
        tx.delete(accountTokens)
          .where(and(eq(accountTokens.userId, input.userId), eq(accountTokens.purpose, 'email_change')))
          .run()
        // To the old address: its owner learns of it, and whom to ask if it is a mistake.
        ctx.mail.enqueue(
          composeMail(ctx.config, {
            to: current.email,
            locale: current.locale,
            firstName: values.firstName,
            subject: 'admin.member.mail.subject',
            paragraphs: [{ key: 'admin.member.mail.body', params: { newEmail: values.email, email: ctx.config.ASSOCIATION_EMAIL } }],
          }),
          { kind: 'account.emailCorrected' },
        )
      }
      return { ok: true, changed }
    },
    { behavior: 'immediate' },
  )
  if (outcome.ok && outcome.changed.length > 0) ctx.bus.publish({ type: 'profile:updated', payload: { userId: input.userId } })
  return outcome
}

/** The account a status form names, for the toast (null when unknown or erased). */
export function accountName(ctx: AppContext, userId: string) {
  return (
    ctx.db
      .select({ firstName: users.firstName, lastName: users.lastName })
      .from(users)
      .where(and(eq(users.id, userId), or(eq(users.status, 'active'), eq(users.status, 'deactivated'))))
      .get() ?? null
  )
}
