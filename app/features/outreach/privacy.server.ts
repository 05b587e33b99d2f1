import type { PrivacyDeclarations } from '~/features/privacy/schema'

/** Outreach's table in the privacy registry: the addresses that asked not to be written to. */
export const outreachPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'address_opt_outs',
      category: 'mail',
      data: 'privacy.data.addressOptOuts',
      purpose: 'privacy.purpose.addressOptOuts',
      legalBasis: 'legalObligation',
      recipients: ['webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.optOut' }],
      people: [{ column: 'email', holds: 'email', export: { columns: ['email', 'created_at'] }, erase: { action: 'delete' } }],
    },
  ],
}
