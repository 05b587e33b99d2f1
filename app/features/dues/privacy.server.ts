import { and, eq, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm'
import { membershipAudit, payments, studentProofs } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'
import { PROOFS_AREA } from '~/features/dues/membership.server'

/** Dues' tables in the privacy registry (issue #16): membership, payments, proofs. */
export const duesPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'memberships',
      category: 'membership',
      data: 'privacy.data.memberships',
      purpose: 'privacy.purpose.membership',
      legalBasis: 'contract',
      recipients: ['self', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['kind', 'status', 'activated_at'] }, erase: { action: 'delete' } }],
    },
    {
      table: 'payments',
      category: 'membership',
      data: 'privacy.data.payments',
      purpose: 'privacy.purpose.payments',
      legalBasis: 'legalObligation',
      recipients: ['self', 'webmasters', 'paymentProvider'],
      retention: [
        {
          scope: 'privacy.scope.paidPayments',
          kind: 'after',
          duration: { years: 10 },
          since: 'privacy.since.payment',
          legal: 'privacy.legal.accounting',
          purge: (tx, { cutoff }) => ({
            rows: tx
              .delete(payments)
              .where(and(inArray(payments.status, ['paid', 'duplicate']), lt(sql`coalesce(${payments.paidAt}, ${payments.createdAt})`, cutoff.getTime())))
              .run().changes,
          }),
        },
        {
          // A checkout left unpaid is no accounting record; a year covers any late webhook.
          scope: 'privacy.scope.abandonedPayments',
          kind: 'after',
          duration: { years: 1 },
          since: 'privacy.since.checkout',
          purge: (tx, { cutoff }) => ({
            rows: tx
              .delete(payments)
              .where(and(eq(payments.status, 'pending'), lt(payments.createdAt, cutoff)))
              .run().changes,
          }),
        },
      ],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: {
            columns: [
              'id',
              'category',
              'amount_cents',
              'currency',
              'provider',
              'method',
              'status',
              'reference',
              'receipt_year',
              'receipt_seq',
              'created_at',
              'paid_at',
            ],
          },
          erase: { action: 'pseudonymise', reason: 'privacy.pseudonym.accounting' },
        },
        { column: 'recorded_by', holds: 'user', export: { columns: ['receipt_year', 'receipt_seq', 'paid_at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'student_proofs',
      category: 'membership',
      data: 'privacy.data.studentProofs',
      purpose: 'privacy.purpose.studentProof',
      legalBasis: 'contract',
      recipients: ['self', 'webmasters'],
      retention: [
        {
          kind: 'after',
          duration: { years: 1 },
          since: 'privacy.since.proofDecided',
          // A proof still waiting for a webmaster is never due, whatever its age.
          purge: (tx, { cutoff }) => {
            const due = and(ne(studentProofs.status, 'pending'), isNotNull(studentProofs.reviewedAt), lt(studentProofs.reviewedAt, cutoff))
            const removed = tx.delete(studentProofs).where(due).returning({ storedName: studentProofs.storedName }).all()
            return { rows: removed.length, files: removed.map((r) => ({ area: PROOFS_AREA, storedName: r.storedName })) }
          },
        },
      ],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: {
            columns: ['id', 'original_name', 'mime_type', 'size', 'status', 'reason', 'uploaded_at', 'reviewed_at'],
            files: [{ column: 'stored_name', area: PROOFS_AREA }],
          },
          erase: { action: 'delete' },
        },
        { column: 'reviewed_by', holds: 'user', export: { columns: ['id', 'status', 'reviewed_at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'membership_audit',
      category: 'membership',
      data: 'privacy.data.membershipAudit',
      purpose: 'privacy.purpose.membershipAudit',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters'],
      // The audit follows the payments it explains: kept as long as they are.
      retention: [
        {
          kind: 'after',
          duration: { years: 10 },
          since: 'privacy.since.entry',
          legal: 'privacy.legal.accounting',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(membershipAudit).where(lt(membershipAudit.createdAt, cutoff)).run().changes }),
        },
      ],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: { columns: ['action', 'details', 'created_at'] },
          erase: { action: 'pseudonymise', reason: 'privacy.pseudonym.accounting' },
        },
        { column: 'actor_id', holds: 'user', export: { columns: ['action', 'created_at'] }, erase: { action: 'detach' } },
      ],
    },
  ],
  notPersonal: [{ table: 'webhook_events', why: 'privacy.none.webhookEvents' }],
}
