import type { frOutreach } from '~/features/outreach/i18n.fr'

/** English strings of outreach. */
export const enOutreach: Record<keyof typeof frOutreach, string> = {
  'outreach.optOut.link': 'Stop receiving invitations from the Amicale',
  'outreach.optOut.title': 'Stop receiving invitations',
  'outreach.optOut.lead':
    'The address {email} will no longer receive invitations to join the Amicale, recommendations from a graduate, or the association’s letter while it has no account.',
  'outreach.optOut.submit': 'Stop writing to me',
  'outreach.optOut.done': 'Done: we will no longer write to {email}. If you create an account one day, you will choose what you receive yourself.',
  'outreach.optOut.privacy': 'Personal data and consents',
  'privacy.data.addressOptOuts': 'The e-mail addresses that asked to receive no more invitations from the Amicale, and the date they asked.',
  'privacy.purpose.addressOptOuts': 'Never write again to an address that asked so.',
  'privacy.while.optOut': 'until the address becomes that of an account that chooses to receive these messages',
}
