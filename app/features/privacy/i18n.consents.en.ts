import type { frPrivacyConsents } from '~/features/privacy/i18n.consents.fr'

/** English strings of the consent centre. */
export const enPrivacyConsents: Record<keyof typeof frPrivacyConsents, string> = {
  'privacy.consents.title': 'My consents',
  'privacy.consents.lead':
    'What you agreed to, since when, and the history of your choices. Withdrawing a consent takes effect everywhere at once: the directory, its search and the e-mails still waiting to be sent.',
  'privacy.consents.back': 'Back to “My data”',
  'privacy.consents.manageAll': 'Manage all my consents',

  'privacy.consents.directory.label': 'Listing in the directory',
  'privacy.consents.directory.description': 'Members with dues paid find you in the directory and on the map: name, class year, degree, job, company and city.',
  'privacy.consents.contact.label': 'Introductions',
  'privacy.consents.contact.description':
    'Members can write to you with the “Get in touch” button of your profile: you receive their message by e-mail and answer if you wish.',
  'privacy.consents.needsMembership': 'The directory and introductions are for members with dues paid: your choice applies as soon as you join.',
  'privacy.consents.invitations.label': 'Event invitations',
  'privacy.consents.invitations.description':
    'Organizers e-mail you their invitations to the association’s and your groups’ events. Without them, you can still register from the calendar.',
  'privacy.consents.jobAlerts.label': 'Job alerts',
  'privacy.consents.jobAlerts.description': 'Every week, an e-mail with the new offers matching your saved searches.',
  'privacy.consents.jobAlerts.count': '{count, plural, =0 {No saved alert.} one {# saved alert.} other {# saved alerts.}}',
  'privacy.consents.jobAlerts.confirm':
    'Withdrawing this consent deletes {count, plural, one {your saved alert} other {your # saved alerts}}, and alert e-mails still waiting to be sent will not go. You can create new ones afterwards.',
  'privacy.consents.jobAlerts.confirmSubmit': 'Delete my alerts and withdraw this consent',
  'privacy.consents.jobAlerts.createLead': 'An alert is created from a job search, with its criteria (contract, city, keywords…).',
  'privacy.consents.jobAlerts.create': 'Create a job alert',
  'privacy.consents.jobAlerts.membersOnly': 'Job alerts are for members with dues paid.',
  'privacy.consents.news.label': 'Association news',
  'privacy.consents.news.description': 'The association’s newsletters by e-mail: life of the association, general meetings, calls for volunteers.',
  'privacy.consents.news.basis':
    'Given by default to every account: the association writes to its members about its life on its legitimate interest. You can withdraw it at any time, here or through the “Stop receiving the Amicale’s letter” link in every letter.',

  'privacy.consents.given': 'Given',
  'privacy.consents.notGiven': 'Not given',
  'privacy.consents.since': 'since {date}',
  'privacy.consents.grant': 'Give my consent',
  'privacy.consents.withdraw': 'Withdraw my consent',
  'privacy.consents.history.title': '{count, plural, one {History: # change} other {History: # changes}}',
  'privacy.consents.history.empty': 'History: no change recorded since it was introduced.',
  'privacy.consents.history.line': '{state} {via}, {date}',
  'privacy.consents.history.granted': 'Given',
  'privacy.consents.history.withdrawn': 'Withdrawn',
  'privacy.consents.via.signup': 'at sign-up',
  'privacy.consents.via.profile': 'from your profile',
  'privacy.consents.via.centre': 'from this page',
  'privacy.consents.via.unsubscribe': 'through an unsubscribe link',
  'privacy.consents.via.alerts': 'from the job alerts page',

  'privacy.consents.saved.given': 'Consent given: {label}.',
  'privacy.consents.saved.withdrawn': 'Consent withdrawn: {label}. E-mails depending on it that were waiting to be sent will not go.',
  'privacy.consents.error.consent': 'This consent does not exist: choose one from the list.',
  'privacy.consents.error.granted': 'Say whether you give or withdraw this consent.',
  'privacy.consents.error.intent': 'This form is not recognised: reload the page and try again.',
}
