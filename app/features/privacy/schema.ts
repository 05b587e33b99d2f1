import type { MessageKey, Translate } from '~/i18n'
import type { Db } from '../../../db/client'

// The privacy registry's vocabulary (issue #16), browser-safe: every area declares, in its own
// `privacy.server.ts`, one `PrivacyEntry` per table that holds personal data, typed from here.
// The areas import this file only; `registry.server.ts` gathers their declarations, so the
// imports point one way (privacy → areas' declarations → this file) and no circle forms.

/** The categories of the policy (/confidentialite), in the order it shows them. */
export const PRIVACY_CATEGORIES = ['identity', 'directory', 'membership', 'messages', 'events', 'careers', 'contact', 'moderation', 'security', 'mail'] as const
export type PrivacyCategory = (typeof PRIVACY_CATEGORIES)[number]

/** RGPD art. 6: on what ground each processing stands. */
export const LEGAL_BASES = ['contract', 'consent', 'legalObligation', 'legitimateInterest'] as const
export type LegalBasis = (typeof LEGAL_BASES)[number]

/** Who may read a table's rows about a person, besides the person. */
export const RECIPIENTS = [
  'self',
  'members',
  'webmasters',
  'organizers',
  'groupModerators',
  'recipient',
  'recruiter',
  'paymentProvider',
  'mailProvider',
  'automated',
] as const
export type Recipient = (typeof RECIPIENTS)[number]

export type Duration = { days: number } | { months: number } | { years: number }

/**
 * How long rows are kept, as the policy says it and as the retention job applies it:
 * - `while`: as long as something else exists (the account, the group, the mail); removed with
 *   it, or at erasure — no daily rule;
 * - `untilExpiry`: until the row's own expiry date (sessions, single-use links);
 * - `after`: `duration` after `since` (« l'envoi », « la décision »), `legal` citing the law that sets it.
 * `scope` says which rows, when a table has several rules (« mails envoyés », « paiements abandonnés »).
 */
export type Retention = { scope?: MessageKey } & (
  { kind: 'while'; what: MessageKey } | { kind: 'untilExpiry' } | { kind: 'after'; duration: Duration; since: MessageKey; legal?: MessageKey }
)

/** A private file a row points to (DATA_DIR/private/<area>/<stored name>). */
export interface PrivateFileRef {
  area: string
  storedName: string
}

/** What one retention rule removed: rows deleted, and the files to remove once they are committed. */
export interface PurgeOutcome {
  rows: number
  files?: PrivateFileRef[]
}

export type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0]

/** A rule the daily job runs, inside one transaction: delete exactly the rows due at `cutoff`. */
export type RetentionRule = Retention & { purge?: (tx: Transaction, limits: { now: Date; cutoff: Date }) => PurgeOutcome }

/**
 * What happens to a person's rows when they are erased:
 * - `delete`: the rows go;
 * - `detach`: the link is set to null and the row stays (others' threads stay readable, signed
 *   « Ancien membre »); the column must be nullable;
 * - `anonymise`: the row stays, these columns are overwritten (null, or the given value);
 * - `pseudonymise`: the row stays, linked to a pseudonym instead of the person, for `reason`
 *   (accounting records kept 10 years).
 */
export type Erasure =
  /** `files`: private files the rows name, removed with them (besides the export's own `files`). */
  | { action: 'delete'; files?: { column: string; area: string }[] }
  | { action: 'detach' }
  | { action: 'anonymise'; columns: Record<string, string | number | null> }
  | { action: 'pseudonymise'; reason: MessageKey; anonymise?: Record<string, string | number | null> }

/**
 * What a person receives of their rows (RGPD art. 15 and 20): these columns of the rows where
 * the link is them, never more. `names`: columns holding another person's id, exported as that
 * person's public name (an organizer, a group's creator), never their private fields.
 * `files`: columns naming private files, added to the archive.
 */
export type Export = { columns: string[]; names?: string[]; files?: { column: string; area: string }[] } | { none: MessageKey }

/**
 * A column linking a row to a person: their user id (`user`), their address (`email`), or a
 * text that contains one (`key`, e.g. a throttle's `contact:email:…`).
 */
export interface PersonLink {
  column: string
  holds: 'user' | 'email' | 'key'
  export: Export
  erase: Erasure
}

export interface PrivacyEntry {
  /** The SQL table's name, as in db/schema. */
  table: string
  category: PrivacyCategory
  /** What the table holds about a person, in words (« Nom, prénom, adresse e-mail… »). */
  data: MessageKey
  purpose: MessageKey
  legalBasis: LegalBasis
  recipients: readonly Recipient[]
  retention: readonly RetentionRule[]
  /** Every column that points at a person; every column referring to `users.id` must be here. */
  people: readonly PersonLink[]
  /**
   * Rows that belong to a person through another table (`outbox_attachments` through `outbox`,
   * appeals through the decision they contest): those whose parent is the person's by the
   * parent's link `via` (the mail's `to`, the decision's `subject_user_id` — never a staff link),
   * exported with these columns, deleted at erasure.
   */
  through?: { column: string; table: string; via: string; export: Export }
}

/** A table that holds nothing about a person, with why; `columns` acknowledges names that look personal but are not. */
export interface NotPersonal {
  table: string
  why: MessageKey
  columns?: readonly string[]
}

const DAY_MS = 24 * 60 * 60_000

/** The instant `duration` before `now`: rows whose date is before it are due. Months and years are calendar ones (UTC). */
export function cutoffBefore(now: Date, duration: Duration): Date {
  const cutoff = new Date(now.getTime())
  if ('days' in duration) return new Date(now.getTime() - duration.days * DAY_MS)
  if ('months' in duration) cutoff.setUTCMonth(cutoff.getUTCMonth() - duration.months)
  else cutoff.setUTCFullYear(cutoff.getUTCFullYear() - duration.years)
  return cutoff
}

/** The catalogue key and count of a duration (« 90 jours », « 1 an »). */
export function durationMessage(duration: Duration): { key: MessageKey; count: number } {
  if ('days' in duration) return { key: 'privacy.duration.days', count: duration.days }
  if ('months' in duration) return { key: 'privacy.duration.months', count: duration.months }
  return { key: 'privacy.duration.years', count: duration.years }
}

export const CATEGORY_KEYS: Record<PrivacyCategory, MessageKey> = {
  identity: 'privacy.category.identity',
  contact: 'privacy.category.contact',
  membership: 'privacy.category.membership',
  directory: 'privacy.category.directory',
  messages: 'privacy.category.messages',
  events: 'privacy.category.events',
  careers: 'privacy.category.careers',
  moderation: 'privacy.category.moderation',
  security: 'privacy.category.security',
  mail: 'privacy.category.mail',
}

export const LEGAL_BASIS_KEYS: Record<LegalBasis, MessageKey> = {
  contract: 'privacy.basis.contract',
  consent: 'privacy.basis.consent',
  legalObligation: 'privacy.basis.legalObligation',
  legitimateInterest: 'privacy.basis.legitimateInterest',
}

export const RECIPIENT_KEYS: Record<Recipient, MessageKey> = {
  self: 'privacy.recipient.self',
  members: 'privacy.recipient.members',
  webmasters: 'privacy.recipient.webmasters',
  organizers: 'privacy.recipient.organizers',
  groupModerators: 'privacy.recipient.groupModerators',
  recipient: 'privacy.recipient.recipient',
  recruiter: 'privacy.recipient.recruiter',
  paymentProvider: 'privacy.recipient.paymentProvider',
  mailProvider: 'privacy.recipient.mailProvider',
  automated: 'privacy.recipient.automated',
}

/** The RGPD rights the policy lists, each with how to exercise it. */
export const RIGHTS = ['access', 'rectification', 'erasure', 'portability', 'objection', 'complaint'] as const
export type PrivacyRight = (typeof RIGHTS)[number]

/** What one area's `privacy.server.ts` exports. */
export interface PrivacyDeclarations {
  entries: readonly PrivacyEntry[]
  notPersonal?: readonly NotPersonal[]
}

/** The words of a retention rule, as the policy and the README say them (« 90 jours après l’envoi »). */
export function retentionText(t: Translate, rule: Retention): string {
  const text =
    rule.kind === 'while'
      ? t(rule.what)
      : rule.kind === 'untilExpiry'
        ? t('privacy.retention.untilExpiry')
        : t('privacy.retention.after', {
            duration: t(durationMessage(rule.duration).key, { count: durationMessage(rule.duration).count }),
            since: t(rule.since),
          })
  return rule.scope ? t('privacy.retention.scoped', { scope: t(rule.scope), rule: text }) : capitalise(text)
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1)
}

/** A rule as the page receives it: without its purge, which stays on the server. */
export function describedRetention(rule: RetentionRule): Retention {
  const { purge: _purge, ...described } = rule
  return described
}

/** The private documents whose opening by someone else is logged (`document_accesses.document`). */
export const PRIVATE_DOCUMENTS = ['proof', 'cv', 'receipt', 'export'] as const
export type PrivateDocument = (typeof PRIVATE_DOCUMENTS)[number]
