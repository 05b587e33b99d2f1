import type { frAccounts } from '~/features/accounts/i18n.fr'

/** English strings of « Mon compte »: its left-column menu and the pages it leads to. */
export const enAccounts: Record<keyof typeof frAccounts, string> = {
  'account.menu.label': 'My account menu',
  'account.menu.details': 'Account details',
  'account.menu.profile': 'Profile',
  'account.menu.credentials': 'Email address and password',
  'account.menu.membership': 'My dues and receipts',
  'account.menu.tickets': 'My tickets',
  'account.menu.myOffers': 'My job offers',
  'account.menu.myApplications': 'My applications',
  'account.menu.alerts': 'My alerts',
  'account.menu.notifications': 'Notifications',
  'account.menu.membersOnly': 'Applications, alerts and notifications: for dues-paying members.',
  'account.menu.payDues': 'Pay dues',
  'account.details.lead': 'Your identity, your status and your dues at a glance.',
  'account.details.login': 'Sign-in',
  'account.details.loginLead': 'You sign in with this email address.',
  'account.details.changeCredentials': 'Change my email address or my password',
  'account.details.editProfile': 'Edit my profile',
  'account.details.seeMembership': 'See my dues and receipts',
  'account.credentials.title': 'Email address and password',
  'account.credentials.lead': 'The email address you sign in with, and your password. To save a change, give your current password.',
  'account.dues.title': 'My dues and receipts',
  'account.dues.lead': 'Your membership, your receipts to download and, for students, your enrolment forms.',
}
