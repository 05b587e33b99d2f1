import { and, eq, isNotNull, lt, ne } from 'drizzle-orm'
import { dataExports, documentAccesses, erasures, outbox, privacyRequests } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'
import { EXPORTS_AREA } from '~/features/privacy/files.server'

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
      through: { column: 'mail_id', table: 'outbox', via: 'to', export: { columns: ['mail_id', 'filename', 'content_type'] } },
      people: [],
    },
    {
      table: 'data_exports',
      category: 'security',
      data: 'privacy.data.dataExports',
      purpose: 'privacy.purpose.rights',
      legalBasis: 'legalObligation',
      recipients: ['self'],
      // Seven days to download it; then the archive and its row go.
      retention: [
        {
          kind: 'untilExpiry',
          purge: (tx, { now }) => {
            const removed = tx.delete(dataExports).where(lt(dataExports.expiresAt, now)).returning({ storedName: dataExports.storedName }).all()
            return { rows: removed.length, files: removed.flatMap((r) => (r.storedName ? [{ area: EXPORTS_AREA, storedName: r.storedName }] : [])) }
          },
        },
      ],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: { columns: ['status', 'created_at', 'ready_at', 'expires_at'] },
          erase: { action: 'delete', files: [{ column: 'stored_name', area: EXPORTS_AREA }] },
        },
        { column: 'requested_by', holds: 'user', export: { columns: ['created_at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'document_accesses',
      category: 'security',
      data: 'privacy.data.documentAccesses',
      purpose: 'privacy.purpose.accessLog',
      legalBasis: 'legitimateInterest',
      recipients: ['self', 'webmasters'],
      retention: [
        {
          kind: 'after',
          duration: { years: 1 },
          since: 'privacy.since.access',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(documentAccesses).where(lt(documentAccesses.at, cutoff)).run().changes }),
        },
      ],
      // The person sees who opened their documents: a webmaster, by name.
      people: [
        { column: 'subject_user_id', holds: 'user', export: { columns: ['document', 'document_id', 'at'], names: ['actor_id'] }, erase: { action: 'delete' } },
        { column: 'actor_id', holds: 'user', export: { columns: ['document', 'at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'consent_events',
      category: 'identity',
      data: 'privacy.data.consentEvents',
      purpose: 'privacy.purpose.consents',
      legalBasis: 'legalObligation',
      recipients: ['self'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['consent', 'granted', 'via', 'at'] }, erase: { action: 'delete' } }],
    },
    {
      table: 'privacy_requests',
      category: 'identity',
      data: 'privacy.data.privacyRequests',
      purpose: 'privacy.purpose.rights',
      legalBasis: 'legalObligation',
      recipients: ['webmasters'],
      // That a request was answered is kept three years, to prove it; the requester's name does not survive an erasure.
      retention: [
        {
          kind: 'after',
          duration: { years: 3 },
          since: 'privacy.since.requestHandled',
          purge: (tx, { cutoff }) => ({
            rows: tx
              .delete(privacyRequests)
              .where(and(ne(privacyRequests.status, 'open'), isNotNull(privacyRequests.handledAt), lt(privacyRequests.handledAt, cutoff)))
              .run().changes,
          }),
        },
      ],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: { columns: ['kind', 'requester_name', 'requester_email', 'channel', 'details', 'received_at', 'due_at', 'status', 'outcome', 'handled_at'] },
          erase: { action: 'anonymise', columns: { user_id: null, requester_name: '—', requester_email: null, details: '' } },
        },
        {
          column: 'requester_email',
          holds: 'email',
          export: { columns: ['kind', 'requester_name', 'requester_email', 'channel', 'details', 'received_at', 'due_at', 'status', 'outcome', 'handled_at'] },
          erase: { action: 'anonymise', columns: { requester_name: '—', requester_email: null, details: '' } },
        },
        { column: 'recorded_by', holds: 'user', export: { columns: ['kind', 'received_at'] }, erase: { action: 'detach' } },
        { column: 'handled_by', holds: 'user', export: { columns: ['kind', 'handled_at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'erasures',
      category: 'security',
      data: 'privacy.data.erasures',
      purpose: 'privacy.purpose.rights',
      legalBasis: 'legalObligation',
      recipients: ['webmasters'],
      retention: [
        {
          kind: 'after',
          duration: { years: 5 },
          since: 'privacy.since.entry',
          legal: 'privacy.legal.limitation',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(erasures).where(lt(erasures.at, cutoff)).run().changes }),
        },
      ],
      // Only the webmaster who ran it is named; of the erased person nothing is left to link.
      people: [{ column: 'actor_id', holds: 'user', export: { columns: ['via', 'at'] }, erase: { action: 'detach' } }],
    },
  ],
  notPersonal: [{ table: 'job_runs', why: 'privacy.none.jobRuns' }],
}
