import type { PrivacyDeclarations } from '~/features/privacy/schema'

/** Events' tables in the privacy registry (issue #16): events organized, registrations, tickets, invitations. */
export const eventsPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'events',
      category: 'events',
      data: 'privacy.data.events',
      purpose: 'privacy.purpose.events',
      legalBasis: 'contract',
      recipients: ['members'],
      retention: [{ kind: 'while', what: 'privacy.while.event' }],
      // The event stays for those who attended it; its organizer becomes « Ancien membre ».
      people: [
        {
          column: 'organizer_id',
          holds: 'user',
          export: { columns: ['id', 'title', 'starts_at', 'ends_at', 'status', 'created_at'] },
          erase: { action: 'pseudonymise', reason: 'privacy.pseudonym.eventHistory' },
        },
      ],
    },
    {
      table: 'event_registrations',
      category: 'events',
      data: 'privacy.data.eventRegistrations',
      purpose: 'privacy.purpose.registrations',
      legalBasis: 'contract',
      recipients: ['self', 'organizers', 'paymentProvider'],
      retention: [{ kind: 'while', what: 'privacy.while.event' }],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: {
            columns: [
              'event_id',
              'status',
              'guests',
              'places',
              'amount_cents',
              'payment_reference',
              'paid_at',
              'refunded_at',
              'ticket_code',
              'checked_in_at',
              'show_name',
              'source',
              'created_at',
            ],
          },
          // Future places are cancelled by the events' rules; a paid ticket is an accounting record.
          erase: { action: 'pseudonymise', reason: 'privacy.pseudonym.tickets', anonymise: { show_name: 0 } },
        },
        { column: 'checked_in_by', holds: 'user', export: { columns: ['event_id', 'checked_in_at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'event_activity',
      category: 'events',
      data: 'privacy.data.eventActivity',
      purpose: 'privacy.purpose.registrations',
      legalBasis: 'contract',
      recipients: ['organizers'],
      retention: [{ kind: 'while', what: 'privacy.while.event' }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['event_id', 'kind', 'places', 'created_at'] }, erase: { action: 'detach' } }],
    },
    {
      table: 'event_organizers',
      category: 'events',
      data: 'privacy.data.eventOrganizers',
      purpose: 'privacy.purpose.events',
      legalBasis: 'contract',
      recipients: ['webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.organizerRight' }],
      people: [
        { column: 'user_id', holds: 'user', export: { columns: ['granted_at'], names: ['granted_by'] }, erase: { action: 'delete' } },
        { column: 'granted_by', holds: 'user', export: { columns: ['granted_at'], names: ['user_id'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'event_invitation_sends',
      category: 'events',
      data: 'privacy.data.eventInvitationSends',
      purpose: 'privacy.purpose.invitations',
      legalBasis: 'legitimateInterest',
      recipients: ['organizers'],
      retention: [{ kind: 'while', what: 'privacy.while.event' }],
      people: [{ column: 'created_by', holds: 'user', export: { columns: ['event_id', 'segment', 'total', 'created_at'] }, erase: { action: 'detach' } }],
    },
    {
      table: 'event_invitations',
      category: 'events',
      data: 'privacy.data.eventInvitations',
      purpose: 'privacy.purpose.invitations',
      legalBasis: 'legitimateInterest',
      recipients: ['organizers'],
      retention: [{ kind: 'while', what: 'privacy.while.event' }],
      people: [
        { column: 'user_id', holds: 'user', export: { columns: ['event_id', 'status', 'sent_at', 'used_at', 'created_at'] }, erase: { action: 'delete' } },
      ],
    },
    {
      table: 'invitation_opt_outs',
      category: 'events',
      data: 'privacy.data.invitationOptOuts',
      purpose: 'privacy.purpose.optOut',
      legalBasis: 'legalObligation',
      recipients: ['automated'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['created_at'] }, erase: { action: 'delete' } }],
    },
  ],
  notPersonal: [{ table: 'event_ticket_types', why: 'privacy.none.ticketTypes', columns: ['name'] }],
}
