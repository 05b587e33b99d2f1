import crypto from 'node:crypto'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { eventInvitationSends, eventInvitations, events, invitationOptOuts, users, type InvitationSegment } from '../../../db/schema'
import type { Viewer } from '~/features/accounts/accounts.server'
import type { AppContext } from '~/context.server'
import { practicalDetails } from '~/features/events/event-files.server'
import { cancelRegistration, eligible, registrationOf } from '~/features/events/event-registrations.server'
import { afterPromotions, signUp, type SignUpResult } from '~/features/events/event-tickets.server'
import { canManageEvent, eventById, organizerScope, ticketTypesOf } from '~/features/events/events.server'
import { statements } from '~/features/events/event-statements.server'
import type { SendProgress } from '~/features/events/realtime'
import { composeMail } from '~/shared/mail-layout.server'
import { recordConsent } from '~/features/privacy/consents.server'
import { rooms } from '~/shared/rooms'

export const INVITATION_BATCH = 50

/* ---------- Signed links ---------- */

function sign(secret: string, purpose: string, value: string) {
  return crypto.createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url').slice(0, 32)
}

function verify(secret: string, purpose: string, token: string): string | null {
  const dot = token.lastIndexOf('.')
  if (dot <= 0) return null
  const value = token.slice(0, dot)
  const expected = Buffer.from(sign(secret, purpose, value))
  const given = Buffer.from(token.slice(dot + 1))
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? value : null
}

/** « Participer »: the invitation id (random, 128 bits) and an HMAC over it, its event and its invitee. */
export function invitationToken(secret: string, invitation: { id: string; eventId: number; userId: string }) {
  return `${invitation.id}.${sign(secret, 'invite', `${invitation.id}|${invitation.eventId}|${invitation.userId}`)}`
}

function invitationFromToken(ctx: AppContext, token: string) {
  const dot = token.lastIndexOf('.')
  if (dot <= 0) return null
  const invitation = ctx.db
    .select()
    .from(eventInvitations)
    .where(eq(eventInvitations.id, token.slice(0, dot)))
    .get()
  if (!invitation) return null
  const expected = invitationToken(ctx.config.SESSION_SECRET, invitation)
  const a = Buffer.from(expected)
  const b = Buffer.from(token)
  return a.length === b.length && crypto.timingSafeEqual(a, b) ? invitation : null
}

export const optOutToken = (secret: string, userId: string) => `${userId}.${sign(secret, 'optout', userId)}`

/* ---------- Sending ---------- */

export type InviteError = 'notAllowed' | 'segmentNotAllowed' | 'eventClosed' | 'nobody'

/** Which segments this viewer may invite for this event: association-wide ones need the organizer role. */
function mayInvite(ctx: AppContext, viewer: Viewer, event: { groupId: number | null }, segment: InvitationSegment) {
  const scope = organizerScope(ctx, viewer)
  if (segment.kind === 'group') return scope.associationWide || segment.groupId === event.groupId
  return scope.associationWide
}

function segmentCondition(segment: InvitationSegment) {
  const active = sql`u.status = 'active' and not exists (select 1 from ${invitationOptOuts} o where o.user_id = u.id)`
  const member = sql`exists (select 1 from memberships m where m.user_id = u.id and m.status = 'active')`
  switch (segment.kind) {
    case 'everyone':
      return active
    case 'members':
      return sql`${active} and ${member}`
    case 'promotions':
      return sql`${active} and ${member} and exists (select 1 from profiles p where p.user_id = u.id and p.promotion in (${sql.join(
        segment.promotions.map((p) => sql`${p}`),
        sql`, `,
      )}))`
    case 'group':
      return sql`${active} and exists (select 1 from group_members g where g.user_id = u.id and g.group_id = ${segment.groupId} and g.status = 'active')`
  }
}

/**
 * Queues one invitation per person of the segment not yet invited to this event (and not opted
 * out), in one transaction; the mails go out in batches from `runInvitationSend`.
 */
export function startInvitationSend(
  ctx: AppContext,
  viewer: Viewer,
  eventId: number,
  segment: InvitationSegment,
): { ok: true; sendId: number; total: number } | { ok: false; error: InviteError } {
  const event = ctx.db.select().from(events).where(eq(events.id, eventId)).get()
  if (!event || !canManageEvent(ctx, viewer, event)) return { ok: false, error: 'notAllowed' }
  if (!mayInvite(ctx, viewer, event, segment)) return { ok: false, error: 'segmentNotAllowed' }
  const now = ctx.now()
  if (event.status !== 'published' || event.startsAt <= now) return { ok: false, error: 'eventClosed' }
  return ctx.db.transaction(
    (tx) => {
      const { id: sendId } = tx
        .insert(eventInvitationSends)
        .values({ eventId, segment, total: 0, status: 'running', createdBy: viewer.id, createdAt: now })
        .returning({ id: eventInvitationSends.id })
        .get()
      const inserted = tx.run(sql`
        insert into ${eventInvitations} (id, event_id, user_id, send_id, status, created_at)
        select lower(hex(randomblob(16))), ${eventId}, u.id, ${sendId}, 'queued', ${now.getTime()}
        from users u where ${segmentCondition(segment)}
        on conflict (event_id, user_id) do nothing`)
      if (inserted.changes === 0) {
        tx.delete(eventInvitationSends).where(eq(eventInvitationSends.id, sendId)).run()
        return { ok: false as const, error: 'nobody' as const }
      }
      tx.update(eventInvitationSends).set({ total: inserted.changes }).where(eq(eventInvitationSends.id, sendId)).run()
      return { ok: true as const, sendId, total: inserted.changes }
    },
    { behavior: 'immediate' },
  )
}

/**
 * Works through a send, a batch at a time. A batch is claimed (queued → sent) and its mails
 * written to the mail queue in one transaction, one mail per invitation (its dedupe key): a
 * crash mid-send resumes with the next batch, nobody is skipped and nobody is mailed twice.
 */
export async function runInvitationSend(ctx: AppContext, sendId: number, baseUrl: string): Promise<SendProgress | null> {
  for (;;) {
    const now = ctx.now()
    const claimed = ctx.db.transaction(
      (tx) => {
        const ids = tx
          .select({ id: eventInvitations.id })
          .from(eventInvitations)
          .where(and(eq(eventInvitations.sendId, sendId), eq(eventInvitations.status, 'queued')))
          .limit(INVITATION_BATCH)
          .all()
          .map((r) => r.id)
        if (ids.length === 0) return 0
        const batch = tx
          .update(eventInvitations)
          .set({ status: 'sent', sentAt: now })
          .where(and(inArray(eventInvitations.id, ids), eq(eventInvitations.status, 'queued')))
          .returning()
          .all()
        const details = eventById(ctx, batch[0].eventId)
        const recipients = new Map(
          tx
            .select()
            .from(users)
            .where(
              inArray(
                users.id,
                batch.map((c) => c.userId),
              ),
            )
            .all()
            .map((u) => [u.id, u]),
        )
        const failed: string[] = []
        for (const invitation of batch) {
          const user = recipients.get(invitation.userId)
          if (!user || !details) failed.push(invitation.id)
          else
            ctx.mail.enqueue(invitationMail(ctx, details, user, invitation, baseUrl), { kind: 'events.invitation', dedupeKey: `invitation:${invitation.id}` })
        }
        if (failed.length > 0) tx.update(eventInvitations).set({ status: 'failed', sentAt: null }).where(inArray(eventInvitations.id, failed)).run()
        return batch.length
      },
      { behavior: 'immediate' },
    )
    if (claimed === 0) return finishSend(ctx, sendId)
    const progress = countSend(ctx, sendId)
    if (progress) ctx.bus.publish({ type: 'event:invitations', room: rooms.eventOrganizers(progress.eventId), payload: progress })
    // Other requests get their turn between batches.
    await new Promise((resolve) => setImmediate(resolve))
  }
}

function countSend(ctx: AppContext, sendId: number): SendProgress | null {
  const send = ctx.db.select().from(eventInvitationSends).where(eq(eventInvitationSends.id, sendId)).get()
  if (!send) return null
  const counts = ctx.db
    .select({
      sent: sql<number>`coalesce(sum(case when status = 'sent' then 1 end), 0)`,
      failed: sql<number>`coalesce(sum(case when status = 'failed' then 1 end), 0)`,
    })
    .from(eventInvitations)
    .where(eq(eventInvitations.sendId, sendId))
    .get()!
  ctx.db.update(eventInvitationSends).set(counts).where(eq(eventInvitationSends.id, sendId)).run()
  return { sendId, eventId: send.eventId, total: send.total, ...counts, status: send.status }
}

function finishSend(ctx: AppContext, sendId: number): SendProgress | null {
  ctx.db
    .update(eventInvitationSends)
    .set({ status: 'done', finishedAt: ctx.now() })
    .where(and(eq(eventInvitationSends.id, sendId), eq(eventInvitationSends.status, 'running')))
    .run()
  const progress = countSend(ctx, sendId)
  if (progress) ctx.bus.publish({ type: 'event:invitations', room: rooms.eventOrganizers(progress.eventId), payload: { ...progress, status: 'done' } })
  return progress && { ...progress, status: 'done' }
}

/** Sends still running (after a restart): the job picks them up. */
export function unfinishedSends(ctx: AppContext) {
  return ctx.db
    .select({ id: eventInvitationSends.id })
    .from(eventInvitationSends)
    .where(eq(eventInvitationSends.status, 'running'))
    .all()
    .map((r) => r.id)
}

export function latestSend(ctx: AppContext, eventId: number): SendProgress | null {
  const send = ctx.db
    .select()
    .from(eventInvitationSends)
    .where(eq(eventInvitationSends.eventId, eventId))
    .orderBy(sql`${eventInvitationSends.id} desc`)
    .limit(1)
    .get()
  return send ? { sendId: send.id, eventId, total: send.total, sent: send.sent, failed: send.failed, status: send.status } : null
}

function invitationMail(
  ctx: AppContext,
  details: NonNullable<ReturnType<typeof eventById>>,
  user: typeof users.$inferSelect,
  invitation: { id: string; eventId: number; userId: string },
  baseUrl: string,
) {
  const token = invitationToken(ctx.config.SESSION_SECRET, invitation)
  const organizer = `${details.organizer.firstName} ${details.organizer.lastName}`
  return composeMail(ctx.config, {
    to: user.email,
    locale: user.locale,
    firstName: user.firstName,
    subject: 'mail.invitation.subject',
    paragraphs: [
      { key: 'mail.invitation.body', params: { organizer, title: details.event.title } },
      { key: 'mail.invitation.description', params: { description: details.event.description.slice(0, 600) } },
      { key: details.event.ticketing && details.ticketTypes.some((t) => t.priceCents > 0) ? 'mail.invitation.oneClickPaid' : 'mail.invitation.oneClick' },
    ],
    details: practicalDetails(details, user.locale, { showOnlineUrl: false }),
    action: { label: 'mail.invitation.action', url: new URL(`/evenements/participer/${token}`, baseUrl).toString() },
    unsubscribe: {
      label: 'mail.invitation.unsubscribe',
      url: new URL(`/evenements/invitations/desabonnement/${optOutToken(ctx.config.SESSION_SECRET, user.id)}`, baseUrl).toString(),
    },
  })
}

/* ---------- Answering ---------- */

export type AcceptResult = { ok: true; eventId: number; userId: string; signUp: SignUpResult } | { ok: false; error: 'invalidLink' | 'usedLink' }

/**
 * The « Participer » link: registers its invitee (whoever is logged in, or nobody) once. A paid
 * event holds a place and hands back the checkout; the link cannot be used a second time.
 */
export async function acceptInvitation(ctx: AppContext, token: string, baseUrl: string): Promise<AcceptResult> {
  const invitation = invitationFromToken(ctx, token)
  if (!invitation) return { ok: false, error: 'invalidLink' }
  const claimed = ctx.db
    .update(eventInvitations)
    .set({ usedAt: ctx.now() })
    .where(and(eq(eventInvitations.id, invitation.id), sql`${eventInvitations.usedAt} is null`))
    .run()
  if (claimed.changes === 0) return { ok: false, error: 'usedLink' }
  // The cheapest ticket the invitee may take; they can change it later on the event page.
  const person = statements(ctx.db).person.get({ userId: invitation.userId })
  const who = { isMember: person?.membershipStatus === 'active', isStudent: person?.membershipStatus === 'active' && person.membershipKind === 'student' }
  const ticketType = ticketTypesOf(ctx.db, invitation.eventId)
    .filter((t) => eligible(t, who))
    .sort((a, b) => a.priceCents - b.priceCents)[0]
  const result = await signUp(
    ctx,
    { eventId: invitation.eventId, userId: invitation.userId, guests: 0, ticketTypeId: ticketType?.id ?? null, source: 'invitation' },
    baseUrl,
  )
  // Registration refused (closed, full ticket type…): the link stays usable.
  if (!result.ok) ctx.db.update(eventInvitations).set({ usedAt: null }).where(eq(eventInvitations.id, invitation.id)).run()
  return { ok: true, eventId: invitation.eventId, userId: invitation.userId, signUp: result }
}

/** The confirmation page's « Annuler » (a free place taken through the link, not yet paid for). */
export function undoInvitation(ctx: AppContext, token: string, baseUrl: string): boolean {
  const invitation = invitationFromToken(ctx, token)
  if (!invitation?.usedAt) return false
  const registration = registrationOf(ctx, invitation.eventId, invitation.userId)
  if (!registration || registration.status === 'cancelled' || registration.paidAt || registration.source !== 'invitation') return false
  return ctx.db.transaction(
    () => {
      const result = cancelRegistration(ctx, { eventId: invitation.eventId, userId: invitation.userId })
      if (result.ok) afterPromotions(ctx, result.outcome.changes, baseUrl)
      return result.ok
    },
    { behavior: 'immediate' },
  )
}

export function invitationSummary(ctx: AppContext, token: string) {
  const invitation = invitationFromToken(ctx, token)
  if (!invitation) return null
  const user = ctx.db.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, invitation.userId)).get()
  return { invitation, user, registration: registrationOf(ctx, invitation.eventId, invitation.userId) }
}

/** The unsubscribe link: no more invitations for this person (they can still register themselves). */
export function optOutOfInvitations(ctx: AppContext, token: string): boolean {
  const userId = verify(ctx.config.SESSION_SECRET, 'optout', token)
  if (!userId) return false
  const at = ctx.now()
  ctx.db.transaction((tx) => {
    const added = tx.insert(invitationOptOuts).values({ userId, createdAt: at }).onConflictDoNothing().run().changes > 0
    // Recorded in the consent history; the invitations still queued for the person are called back.
    recordConsent(tx, { userId, consent: 'invitations', granted: false, via: 'unsubscribe', at, was: added })
  })
  return true
}

export function isOptOutTokenValid(ctx: AppContext, token: string) {
  return verify(ctx.config.SESSION_SECRET, 'optout', token) !== null
}
