import { and, isNotNull, lt, ne } from 'drizzle-orm'
import { contactMessages, moderationLog, reports } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'

/** Moderation's tables in the privacy registry (issue #16): terms accepted, reports, decisions, appeals, contact. */
export const moderationPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'terms_versions',
      category: 'moderation',
      data: 'privacy.data.termsVersions',
      purpose: 'privacy.purpose.terms',
      legalBasis: 'legitimateInterest',
      recipients: ['members'],
      retention: [{ kind: 'while', what: 'privacy.while.termsArchive' }],
      people: [{ column: 'published_by', holds: 'user', export: { columns: ['version', 'effective_at', 'created_at'] }, erase: { action: 'detach' } }],
    },
    {
      table: 'terms_acceptances',
      category: 'moderation',
      data: 'privacy.data.termsAcceptances',
      purpose: 'privacy.purpose.terms',
      legalBasis: 'contract',
      recipients: ['self', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['version_id', 'via', 'accepted_at'] }, erase: { action: 'delete' } }],
    },
    {
      table: 'reports',
      category: 'moderation',
      data: 'privacy.data.reports',
      purpose: 'privacy.purpose.moderation',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      retention: [
        {
          kind: 'after',
          duration: { years: 1 },
          since: 'privacy.since.decision',
          // An open report is never due: only a handled one, a year after it was handled.
          purge: (tx, { cutoff }) => ({
            rows: tx
              .delete(reports)
              .where(and(ne(reports.status, 'open'), isNotNull(reports.handledAt), lt(reports.handledAt, cutoff)))
              .run().changes,
          }),
        },
      ],
      // The person reported learns what was reported and how it ended, never who reported nor their words.
      people: [
        {
          column: 'reporter_id',
          holds: 'user',
          export: { columns: ['target_kind', 'target_id', 'reason', 'clause', 'text', 'status', 'created_at', 'handled_at'] },
          erase: { action: 'detach' },
        },
        {
          column: 'subject_user_id',
          holds: 'user',
          export: { columns: ['target_kind', 'target_id', 'reason', 'status', 'created_at', 'handled_at'] },
          erase: { action: 'detach' },
        },
      ],
    },
    {
      table: 'decisions',
      category: 'moderation',
      data: 'privacy.data.decisions',
      purpose: 'privacy.purpose.moderation',
      legalBasis: 'legitimateInterest',
      recipients: ['self', 'webmasters'],
      // A decision explains a deactivation or restriction that may still hold: kept with the account.
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [
        {
          column: 'subject_user_id',
          holds: 'user',
          export: { columns: ['target_kind', 'target_id', 'action', 'facts', 'clause', 'duration_days', 'ends_at', 'decided_at'] },
          erase: { action: 'detach' },
        },
        { column: 'decided_by', holds: 'user', export: { columns: ['id', 'action', 'decided_at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'restrictions',
      category: 'moderation',
      data: 'privacy.data.restrictions',
      purpose: 'privacy.purpose.moderation',
      legalBasis: 'legitimateInterest',
      recipients: ['self', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['source', 'starts_at', 'ends_at', 'lifted_at'] }, erase: { action: 'delete' } }],
    },
    {
      table: 'appeals',
      category: 'moderation',
      data: 'privacy.data.appeals',
      purpose: 'privacy.purpose.moderation',
      legalBasis: 'legitimateInterest',
      recipients: ['self', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.decision' }],
      // The appellant is the decision's subject: their appeals are theirs through `decision_id`.
      through: {
        column: 'decision_id',
        table: 'decisions',
        via: 'subject_user_id',
        export: { columns: ['decision_id', 'text', 'created_at', 'outcome', 'answer', 'answered_at'] },
      },
      people: [
        { column: 'assigned_to', holds: 'user', export: { columns: ['decision_id', 'created_at'] }, erase: { action: 'detach' } },
        { column: 'answered_by', holds: 'user', export: { columns: ['decision_id', 'outcome', 'answered_at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'contact_messages',
      category: 'contact',
      data: 'privacy.data.contactMessages',
      purpose: 'privacy.purpose.contactForm',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      retention: [
        {
          kind: 'after',
          duration: { years: 1 },
          since: 'privacy.since.sending',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(contactMessages).where(lt(contactMessages.createdAt, cutoff)).run().changes }),
        },
      ],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: { columns: ['name', 'email', 'subject', 'body', 'ip', 'created_at', 'handled_at'] },
          erase: { action: 'delete' },
        },
        {
          column: 'email',
          holds: 'email',
          export: { columns: ['name', 'email', 'subject', 'body', 'ip', 'created_at', 'handled_at'] },
          erase: { action: 'delete' },
        },
      ],
    },
    {
      table: 'moderation_log',
      category: 'moderation',
      data: 'privacy.data.moderationLog',
      purpose: 'privacy.purpose.moderationLog',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      // Five years: the civil limitation period (art. 2224 Code civil), within which a decision may be challenged.
      retention: [
        {
          kind: 'after',
          duration: { years: 5 },
          since: 'privacy.since.entry',
          legal: 'privacy.legal.limitation',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(moderationLog).where(lt(moderationLog.at, cutoff)).run().changes }),
        },
      ],
      people: [
        { column: 'actor_id', holds: 'user', export: { columns: ['action', 'target_kind', 'target_id', 'at'] }, erase: { action: 'detach' } },
        { column: 'subject_user_id', holds: 'user', export: { columns: ['action', 'target_kind', 'target_id', 'at'] }, erase: { action: 'detach' } },
      ],
    },
  ],
  notPersonal: [{ table: 'content_holds', why: 'privacy.none.contentHolds' }],
}
