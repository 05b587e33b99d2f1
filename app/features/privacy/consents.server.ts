import { and, asc, desc, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { consentEvents, eventInvitations, eventInvitationSends, invitationOptOuts, jobAlerts, outbox, profiles, users } from '../../../db/schema'
import type { AppContext } from '~/context.server'
import type { Transaction } from '~/features/privacy/schema'
import type { MessageKey } from '~/i18n'

// The consent centre (issue #16): five consents, where each one lives, and what withdrawing it
// does everywhere at once. The owning areas (directory, events, careers) call `recordConsent`
// inside their own transactions; they import this module, so this module writes their few rows
// itself rather than importing them back (no circle between areas).

export const CONSENTS = ['directory', 'contact', 'invitations', 'jobAlerts', 'news'] as const
export type Consent = (typeof CONSENTS)[number]

/** Where a consent was changed: shown in its history. */
export const CONSENT_VIAS = ['signup', 'profile', 'centre', 'unsubscribe', 'alerts'] as const
export type ConsentVia = (typeof CONSENT_VIAS)[number]

export const CONSENT_LABELS: Record<Consent, MessageKey> = {
  directory: 'privacy.consents.directory.label',
  contact: 'privacy.consents.contact.label',
  invitations: 'privacy.consents.invitations.label',
  jobAlerts: 'privacy.consents.jobAlerts.label',
  news: 'privacy.consents.news.label',
}

/**
 * The mail kinds sent only because of a consent: withdrawing it calls back those still queued to
 * the person. `campaigns.letter` is « La lettre de l'Amicale » (issue #17).
 */
export const CONSENT_MAIL_KINDS: Record<Consent, string[]> = {
  directory: [],
  contact: ['directory.contact'],
  invitations: ['events.invitation'],
  jobAlerts: ['careers.alert'],
  news: ['campaigns.letter'],
}

export interface ConsentChange {
  granted: boolean
  via: ConsentVia
  at: Date
}

export interface ConsentState {
  consent: Consent
  label: MessageKey
  granted: boolean
  /** When the current state began, if known: the latest change, or what the tables tell (null otherwise). */
  since: Date | null
  /** Every recorded change, newest first. */
  history: ConsentChange[]
}

/** The person's five consents as they are now, each with its history (for the centre and « Mes données »). */
export function consentStates(ctx: AppContext, userId: string): ConsentState[] {
  const user = ctx.db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, userId)).get()
  if (!user) return []
  const profile = ctx.db
    .select({ inDirectory: profiles.inDirectory, contactConsent: profiles.contactConsent, updatedAt: profiles.updatedAt })
    .from(profiles)
    .where(eq(profiles.userId, userId))
    .get()
  const optOut = ctx.db.select({ at: invitationOptOuts.createdAt }).from(invitationOptOuts).where(eq(invitationOptOuts.userId, userId)).get()
  const firstAlert = ctx.db
    .select({ at: jobAlerts.createdAt })
    .from(jobAlerts)
    .where(eq(jobAlerts.userId, userId))
    .orderBy(asc(jobAlerts.createdAt))
    .limit(1)
    .get()
  const events = ctx.db
    .select({ consent: consentEvents.consent, granted: consentEvents.granted, via: consentEvents.via, at: consentEvents.at })
    .from(consentEvents)
    .where(eq(consentEvents.userId, userId))
    .orderBy(desc(consentEvents.at), desc(consentEvents.id))
    .all()
  const historyOf = (consent: Consent) => events.filter((e) => e.consent === consent).map(({ granted, via, at }) => ({ granted, via: via as ConsentVia, at }))

  // What the tables say, and since when when they say it: accounts older than the history have none.
  const fromTables: Record<Consent, { granted: boolean; since: Date | null }> = {
    directory: { granted: profile?.inDirectory ?? false, since: profile?.updatedAt ?? null },
    contact: { granted: profile?.contactConsent ?? false, since: profile?.updatedAt ?? null },
    // Invitations are sent unless the person opted out: given since the account exists.
    invitations: optOut ? { granted: false, since: optOut.at } : { granted: true, since: user.createdAt },
    jobAlerts: firstAlert ? { granted: true, since: firstAlert.at } : { granted: false, since: null },
    // News is given unless withdrawn (see `newsNotWithdrawn`): given since the account exists.
    news: { granted: true, since: user.createdAt },
  }
  return CONSENTS.map((consent) => {
    const history = historyOf(consent)
    const latest = history[0]
    // News lives only in its history; the others in their tables, the history dating the state.
    const granted = consent === 'news' ? (latest?.granted ?? true) : fromTables[consent].granted
    const since = latest && latest.granted === granted ? latest.at : fromTables[consent].since
    return { consent, label: CONSENT_LABELS[consent], granted, since, history }
  })
}

/** Whether the person gives this consent now: what any sender (the letters of issue #17) must ask before mailing. */
export function hasConsent(ctx: AppContext, userId: string, consent: Consent): boolean {
  return consentStates(ctx, userId).find((s) => s.consent === consent)?.granted ?? false
}

/**
 * The association's news is opt-out for accounts: an association may write to its members about
 * its life on its legitimate interest, and each may withdraw at any time. A condition for a
 * query's WHERE: the account in `userId` has not withdrawn it (its latest news event, if any, gives it).
 */
export const newsNotWithdrawn = (userId: AnyColumn | SQL) =>
  sql`coalesce((select latest.granted from ${consentEvents} latest where latest.user_id = ${userId} and latest.consent = 'news' order by latest.at desc, latest.id desc limit 1), 1) = 1`

/**
 * The active accounts that have not withdrawn the association's news: the list a letter is sent
 * to, in one query rather than one `hasConsent` per person.
 */
export function newsRecipientIds(ctx: AppContext): string[] {
  return ctx.db
    .select({ userId: users.id })
    .from(users)
    .where(and(eq(users.status, 'active'), newsNotWithdrawn(users.id)))
    .all()
    .map((r) => r.userId)
}

/**
 * Records a change of a consent inside the caller's transaction, and when it is withdrawn, calls
 * back the mails still queued to the person for it (and, for invitations, those not yet written).
 * `was`: the state before, when the caller knows it — nothing is recorded if it did not change.
 * Returns whether a change was recorded.
 */
export function recordConsent(
  tx: Transaction,
  input: { userId: string; consent: Consent; granted: boolean; via: ConsentVia; at: Date; was?: boolean | null },
): boolean {
  if (input.was === input.granted) return false
  tx.insert(consentEvents).values({ userId: input.userId, consent: input.consent, granted: input.granted, via: input.via, at: input.at }).run()
  if (!input.granted) withdrawQueued(tx, input.userId, input.consent)
  return true
}

/**
 * The sender claims a row with one UPDATE … WHERE status = 'queued' and SQLite runs one writer at a
 * time: each row is either deleted here first (the sender never sees it) or already `sending`,
 * which this leaves alone (it may be on its way to the SMTP server and cannot be called back).
 */
function withdrawQueued(tx: Transaction, userId: string, consent: Consent): number {
  const kinds = CONSENT_MAIL_KINDS[consent]
  const user = tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).get()
  let withdrawn = 0
  if (user && kinds.length > 0) {
    withdrawn += tx
      .delete(outbox)
      .where(and(eq(outbox.status, 'queued'), inArray(outbox.kind, kinds), sql`lower(${outbox.to}) = lower(${user.email})`))
      .run().changes
  }
  if (consent === 'invitations') {
    // A send under way writes its mails batch by batch: the person's invitation not yet written is
    // taken out of it (and out of its total), so no later batch mails it; a new send may invite
    // them again once they consent again.
    const pending = tx
      .delete(eventInvitations)
      .where(and(eq(eventInvitations.userId, userId), eq(eventInvitations.status, 'queued')))
      .returning({ sendId: eventInvitations.sendId })
      .all()
    for (const { sendId } of pending) {
      if (sendId !== null)
        tx.update(eventInvitationSends)
          .set({ total: sql`max(0, ${eventInvitationSends.total} - 1)` })
          .where(eq(eventInvitationSends.id, sendId))
          .run()
    }
    withdrawn += pending.length
  }
  return withdrawn
}

export type SetConsentResult = { ok: true; changed: boolean } | { ok: false; error: 'unknownAccount' | 'alertsNeedCriteria' }

/**
 * The centre's switch: changes the consent where it lives, records it and, when withdrawn, calls
 * back what was queued for it, all in one transaction; the search index follows after the commit.
 * Job alerts cannot be turned on here: an alert needs criteria (the alerts page creates one).
 */
export function setConsent(ctx: AppContext, input: { userId: string; consent: Consent; granted: boolean; via: ConsentVia }): SetConsentResult {
  if (input.consent === 'jobAlerts' && input.granted) return { ok: false, error: 'alertsNeedCriteria' }
  const at = ctx.now()
  const result = ctx.db.transaction(
    (tx): SetConsentResult => {
      const user = tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).get()
      if (!user) return { ok: false, error: 'unknownAccount' }
      const was = currentIn(tx, input.userId, input.consent)
      if (was === input.granted) return { ok: true, changed: false }
      applyInTables(tx, input.userId, input.consent, input.granted, at)
      recordConsent(tx, { ...input, at, was })
      return { ok: true, changed: true }
    },
    // IMMEDIATE: the state read and its change under one write lock (two tabs, two processes).
    { behavior: 'immediate' },
  )
  if (result.ok && result.changed && (input.consent === 'directory' || input.consent === 'contact')) {
    ctx.bus.publish({ type: 'profile:updated', payload: { userId: input.userId } })
  }
  return result
}

function currentIn(tx: Transaction, userId: string, consent: Consent): boolean {
  switch (consent) {
    case 'directory':
    case 'contact': {
      const row = tx
        .select({ inDirectory: profiles.inDirectory, contactConsent: profiles.contactConsent })
        .from(profiles)
        .where(eq(profiles.userId, userId))
        .get()
      return row ? (consent === 'directory' ? row.inDirectory : row.contactConsent) : false
    }
    case 'invitations':
      return !tx.select({ userId: invitationOptOuts.userId }).from(invitationOptOuts).where(eq(invitationOptOuts.userId, userId)).get()
    case 'jobAlerts':
      return !!tx.select({ id: jobAlerts.id }).from(jobAlerts).where(eq(jobAlerts.userId, userId)).limit(1).get()
    case 'news': {
      const latest = tx
        .select({ granted: consentEvents.granted })
        .from(consentEvents)
        .where(and(eq(consentEvents.userId, userId), eq(consentEvents.consent, 'news')))
        .orderBy(desc(consentEvents.at), desc(consentEvents.id))
        .limit(1)
        .get()
      return latest?.granted ?? true
    }
  }
}

function applyInTables(tx: Transaction, userId: string, consent: Consent, granted: boolean, at: Date) {
  switch (consent) {
    case 'directory':
    case 'contact': {
      // An account without a profile yet (registered, not a member) gets one holding only this
      // choice, as a photo upload would: it shows once a membership makes the profile listed.
      const flag = consent === 'directory' ? { inDirectory: granted } : { contactConsent: granted }
      tx.insert(profiles)
        .values({ userId, inDirectory: false, contactConsent: false, ...flag, updatedAt: at })
        .onConflictDoUpdate({ target: profiles.userId, set: { ...flag, updatedAt: at } })
        .run()
      return
    }
    case 'invitations':
      if (granted) tx.delete(invitationOptOuts).where(eq(invitationOptOuts.userId, userId)).run()
      else tx.insert(invitationOptOuts).values({ userId, createdAt: at }).onConflictDoNothing().run()
      return
    case 'jobAlerts':
      // Only ever turned off here (see setConsent): the saved searches go.
      tx.delete(jobAlerts).where(eq(jobAlerts.userId, userId)).run()
      return
    case 'news':
      // Nothing but its history holds it.
      return
  }
}
