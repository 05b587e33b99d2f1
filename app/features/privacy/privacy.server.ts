import { and, eq, lt } from 'drizzle-orm'
import { outbox } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'

/**
 * The shared tables in the privacy registry (issue #16): the mail queue belongs to `app/shared`,
 * which may not import a feature, so the privacy area declares it.
 */
export const sharedPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'outbox',
      category: 'mail',
      data: 'privacy.data.outbox',
      purpose: 'privacy.purpose.mail',
      legalBasis: 'contract',
      recipients: ['self', 'mailProvider', 'webmasters'],
      // A mail still to send is never due: it stays queued until delivered or given up.
      retention: [
        {
          scope: 'privacy.scope.sentMails',
          kind: 'after',
          duration: { days: 90 },
          since: 'privacy.since.sending',
          purge: (tx, { cutoff }) => ({
            rows: tx
              .delete(outbox)
              .where(and(eq(outbox.status, 'sent'), lt(outbox.sentAt, cutoff)))
              .run().changes,
          }),
        },
        {
          scope: 'privacy.scope.failedMails',
          kind: 'after',
          duration: { days: 90 },
          since: 'privacy.since.created',
          purge: (tx, { cutoff }) => ({
            rows: tx
              .delete(outbox)
              .where(and(eq(outbox.status, 'failed'), lt(outbox.createdAt, cutoff)))
              .run().changes,
          }),
        },
      ],
      people: [
        { column: 'to', holds: 'email', export: { columns: ['kind', 'subject', 'text', 'status', 'created_at', 'sent_at'] }, erase: { action: 'delete' } },
        // The contact form answers to the visitor's address: their mail to the association is theirs too.
        { column: 'reply_to', holds: 'email', export: { columns: ['kind', 'subject', 'created_at'] }, erase: { action: 'delete' } },
      ],
    },
    {
      table: 'outbox_attachments',
      category: 'mail',
      data: 'privacy.data.outboxAttachments',
      purpose: 'privacy.purpose.mail',
      legalBasis: 'contract',
      recipients: ['self', 'mailProvider'],
      // Deleted with its mail (ON DELETE CASCADE), by the rules above.
      retention: [{ kind: 'while', what: 'privacy.while.mail' }],
      through: { column: 'mail_id', table: 'outbox' },
      people: [],
    },
  ],
  notPersonal: [{ table: 'job_runs', why: 'privacy.none.jobRuns' }],
}
