import { and, eq, lt } from 'drizzle-orm'
import { mentionEmails, messageReports, notifications } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'

/** Groups' tables in the privacy registry (issue #16): memberships of groups, threads, messages, notifications. */
export const groupsPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'groups',
      category: 'messages',
      data: 'privacy.data.groups',
      purpose: 'privacy.purpose.groups',
      legalBasis: 'contract',
      recipients: ['members', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.group' }],
      people: [{ column: 'created_by', holds: 'user', export: { columns: ['id', 'name', 'kind', 'status', 'created_at'] }, erase: { action: 'detach' } }],
    },
    {
      table: 'group_members',
      category: 'messages',
      data: 'privacy.data.groupMembers',
      purpose: 'privacy.purpose.groups',
      legalBasis: 'contract',
      recipients: ['members', 'groupModerators'],
      retention: [{ kind: 'while', what: 'privacy.while.groupMembership' }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['group_id', 'role', 'status', 'joined_at'] }, erase: { action: 'delete' } }],
    },
    {
      table: 'threads',
      category: 'messages',
      data: 'privacy.data.threads',
      purpose: 'privacy.purpose.discussions',
      legalBasis: 'contract',
      recipients: ['members'],
      retention: [{ kind: 'while', what: 'privacy.while.discussion' }],
      people: [{ column: 'author_id', holds: 'user', export: { columns: ['id', 'group_id', 'kind', 'title', 'created_at'] }, erase: { action: 'detach' } }],
    },
    {
      table: 'messages',
      category: 'messages',
      data: 'privacy.data.messages',
      purpose: 'privacy.purpose.discussions',
      legalBasis: 'contract',
      recipients: ['members', 'groupModerators'],
      retention: [{ kind: 'while', what: 'privacy.while.discussion' }],
      // Others' threads stay readable: the message stays, signed « Ancien membre ».
      people: [
        {
          column: 'author_id',
          holds: 'user',
          export: { columns: ['id', 'thread_id', 'group_id', 'body', 'created_at', 'edited_at', 'deleted_at'] },
          erase: { action: 'detach' },
        },
        { column: 'deleted_by', holds: 'user', export: { columns: ['id', 'deleted_at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'message_reports',
      category: 'moderation',
      data: 'privacy.data.messageReports',
      purpose: 'privacy.purpose.moderation',
      legalBasis: 'legitimateInterest',
      recipients: ['webmasters', 'groupModerators'],
      // The table has no decision date: a closed report goes a year after it was filed.
      retention: [
        {
          kind: 'after',
          duration: { years: 1 },
          since: 'privacy.since.closedReport',
          purge: (tx, { cutoff }) => ({
            rows: tx
              .delete(messageReports)
              .where(and(eq(messageReports.status, 'closed'), lt(messageReports.createdAt, cutoff)))
              .run().changes,
          }),
        },
      ],
      people: [{ column: 'reporter_id', holds: 'user', export: { columns: ['message_id', 'reason', 'status', 'created_at'] }, erase: { action: 'delete' } }],
    },
    {
      table: 'notifications',
      category: 'messages',
      data: 'privacy.data.notifications',
      purpose: 'privacy.purpose.notifications',
      legalBasis: 'contract',
      recipients: ['self'],
      retention: [
        {
          kind: 'after',
          duration: { years: 1 },
          since: 'privacy.since.created',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(notifications).where(lt(notifications.createdAt, cutoff)).run().changes }),
        },
      ],
      people: [
        { column: 'user_id', holds: 'user', export: { columns: ['kind', 'message_id', 'thread_id', 'created_at', 'read_at'] }, erase: { action: 'delete' } },
      ],
    },
    {
      table: 'mention_emails',
      category: 'mail',
      data: 'privacy.data.mentionEmails',
      purpose: 'privacy.purpose.mailPace',
      legalBasis: 'legitimateInterest',
      recipients: ['automated'],
      // It only spaces mention mails an hour apart: a day later it decides nothing.
      retention: [
        {
          kind: 'after',
          duration: { days: 1 },
          since: 'privacy.since.sending',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(mentionEmails).where(lt(mentionEmails.sentAt, cutoff)).run().changes }),
        },
      ],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['thread_id', 'sent_at'] }, erase: { action: 'delete' } }],
    },
    {
      table: 'thread_reads',
      category: 'messages',
      data: 'privacy.data.threadReads',
      purpose: 'privacy.purpose.notifications',
      legalBasis: 'contract',
      recipients: ['self'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['thread_id', 'last_read_message_id'] }, erase: { action: 'delete' } }],
    },
  ],
}
