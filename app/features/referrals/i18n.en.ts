import type { frReferrals } from '~/features/referrals/i18n.fr'

/** English strings of referrals. */
export const enReferrals: Record<keyof typeof frReferrals, string> = {
  'referrals.menu': 'Recommend my class',
  'referrals.title': 'Recommend my class',
  'referrals.lead': 'The more of us there are, the livelier our network: invite the graduates of your class to join the Amicale.',
  'referrals.percent': '{value}%',

  'referrals.figures.title': 'Your class, {promotion, year}',
  'referrals.figures.roster': 'Graduates on the list',
  'referrals.figures.accounts': 'Have an account',
  'referrals.figures.members': 'Paying members',
  'referrals.figures.notYet': 'Not members yet',
  'referrals.figures.summary':
    '{count, plural, =0 {Your whole class are members: well done!} one {# graduate of your class is not a member yet.} other {# graduates of your class are not members yet.}}',
  'referrals.figures.noRoster':
    'The graduates’ list has nobody from your class yet: these figures come from the site’s accounts only, and “not members yet” counts the accounts that have not paid dues.',
  'referrals.noPromotion.title': 'Your class is not filled in',
  'referrals.noPromotion.body': 'Add it to your profile to see its figures and invite classmates from the graduates’ list. You can already invite addresses.',
  'referrals.noPromotion.link': 'Complete my profile',

  'referrals.board.title': 'Classes leaderboard',
  'referrals.board.lead': 'The share of each class’s graduates on the list who are paying members.',
  'referrals.board.rank': 'Rank',
  'referrals.board.promotion': 'Class',
  'referrals.board.members': 'Members',
  'referrals.board.roster': 'On the list',
  'referrals.board.share': 'Share',
  'referrals.board.mine': 'yours',
  'referrals.board.empty': 'The leaderboard will appear once the graduates’ list holds classes.',
  'referrals.board.small':
    '{count, plural, one {# class is not ranked: the list holds fewer than {min} of its graduates.} other {# classes are not ranked: the list holds fewer than {min} of their graduates.}}',
  'referrals.board.mineSmall': 'Your class is not ranked: the list holds fewer than {min} of its graduates.',
  'referrals.board.mineAbsent': 'Your class is not on the graduates’ list yet.',

  'referrals.invite.title': 'Invite classmates',
  'referrals.invite.lead':
    'Tick graduates of your class or type addresses: the Amicale writes to them on your behalf, with a personal link to sign up. You never see the addresses on the list.',
  'referrals.invite.left':
    '{count, plural, =0 {You have sent your {max} invitations of the last 24 hours: come back tomorrow.} one {You can send # more invitation today (at most {max} per 24 hours).} other {You can send # more invitations today (at most {max} per 24 hours).}}',
  'referrals.invite.search': 'Find a classmate by name',
  'referrals.invite.searchSubmit': 'Search',
  'referrals.invite.searchReset': 'Show all',
  'referrals.invite.classmates': 'Graduates of your class to invite',
  'referrals.invite.classmatesHint': 'Those whose address the list holds, who have no account and were not invited in the last {days} days.',
  'referrals.invite.classmatesCount': '{count, plural, one {# graduate to invite} other {# graduates to invite}}',
  'referrals.invite.noClassmates': 'Nobody to invite from the list for now: type addresses below.',
  'referrals.invite.noMatch': 'No graduate to invite matches “{q}”.',
  'referrals.invite.classmatesPages': 'Pages of the graduates list',
  'referrals.invite.pagesNote': 'Ticked boxes count for this page only: send the invitations before moving to the next one.',
  'referrals.invite.emails': 'E-mail addresses to invite',
  'referrals.invite.emailsHint': 'One per line, or separated by commas; {max} at most.',
  'referrals.invite.message': 'Your message',
  'referrals.invite.messageHint': 'Added to the invitation, as plain text without links; {max} characters at most.',
  'referrals.invite.submit': 'Send the invitations',
  'referrals.invite.done': '{sent, plural, =0 {No invitation sent.} one {# invitation sent.} other {# invitations sent.}}',
  'referrals.invite.doneNotSent':
    '{sent, plural, =0 {No invitation sent} one {# invitation sent} other {# invitations sent}}; {notSent, plural, one {# person was not invited} other {# people were not invited}}: invited recently, already signed up, or asked not to be contacted.',

  'referrals.error.classmates': 'This choice of classmates cannot be read: reload the page and try again.',
  'referrals.error.tooManyEmails': 'Type at most {max} addresses at a time.',
  'referrals.error.invalidEmails': '{count, plural, one {This address is not valid: {list}} other {These addresses are not valid: {list}}}',
  'referrals.error.messageTooLong': 'The message cannot be longer than {max} characters.',
  'referrals.error.messageLink': 'The message cannot hold a link or a website address: the invitation already carries the link to the Amicale.',
  'referrals.error.nobody': 'Tick at least one classmate or type an address.',
  'referrals.error.tooManyAtOnce': 'Invite at most {max} people at a time.',
  'referrals.error.quota':
    '{left, plural, =0 {You have already sent {max} invitations in the last 24 hours: try again tomorrow.} one {You have only # invitation left today: choose fewer people.} other {You have only # invitations left today: choose fewer people.}}',

  'referrals.mine.title': 'My invitations',
  'referrals.mine.summary':
    '{sent, plural, one {# invitation sent} other {# invitations sent}}: {joined, plural, one {# created an account} other {# created an account}}, {paid, plural, one {# paid dues} other {# paid dues}}.',
  'referrals.mine.empty': 'You have not invited anyone yet. Your invitations and what becomes of them will show here.',
  'referrals.mine.who': 'Invited',
  'referrals.mine.removed': 'A graduate since removed from the list',
  'referrals.mine.sentOn': 'Sent on',
  'referrals.mine.state': 'Where it stands',
  'referrals.mine.joinedOn': 'account created on {date}',
  'referrals.mine.paidOn': 'dues paid on {date}',
  'referrals.mine.pages': 'Pages of my invitations',
  'referrals.state.sent': 'Sent',
  'referrals.state.joined': 'Account created',
  'referrals.state.paid': 'Paying member',

  'referrals.pager.previous': 'Previous',
  'referrals.pager.next': 'Next',
  'referrals.pager.status': 'Page {page} of {pages}',

  'referrals.join.title': 'Your invitation',
  'referrals.join.lead': '{referrer}, class of {promotion, year}, invites you to join {association, le}.',
  'referrals.join.leadNoPromotion': '{referrer} invites you to join {association, le}.',
  'referrals.join.leadAnonymous': 'A member invites you to join {association, le}.',
  'referrals.join.what':
    '{association} brings together the graduates of {school, de}: a directory with its map to find each other, events, job and internship offers, groups and discussions.',
  'referrals.join.how': 'Creating an account is free. The dues, paid once and for all, then open the directory, the offers and the members’ events.',
  'referrals.join.signup': 'Create my account',
  'referrals.join.login': 'I already have an account: log in',
  'referrals.join.used': 'This invitation has already been used to create an account. Log in to find the Amicale.',
  'referrals.join.loggedIn': 'You are logged in: you already have an account.',
  'referrals.join.home': 'Go to the home page',

  'referrals.mail.subject': 'A recommendation to join the Amicale',
  'referrals.mail.subjectFrom': '{referrer} invites you to join the graduates’ network',
  'referrals.mail.greeting': 'Hello,',
  'referrals.mail.body':
    '{referrer}, class of {promotion, year}, recommends {association, le}, the network of the graduates of {school, de}, and invites you to join it.',
  'referrals.mail.bodyNoPromotion': '{referrer} recommends {association, le}, the network of the graduates of {school, de}, and invites you to join it.',
  'referrals.mail.message': 'A word from {referrer}: “{message}”',
  'referrals.mail.what':
    'You will find the graduates’ directory and its map, events, job and internship offers, groups and discussions. Creating an account is free.',
  'referrals.mail.why':
    'You are receiving this message because {referrer} thought of you. We will not send you another recommendation for 30 days, and never again if you ask below.',
  'referrals.mail.action': 'Discover the Amicale and create my account',

  'referrals.admin.nav': 'Referrals',
  'referrals.admin.title': 'Referrals',
  'referrals.admin.lead': 'What became of the invitations members sent: followed by an account, then by dues.',
  'referrals.admin.totals': 'In all',
  'referrals.admin.view': 'Group',
  'referrals.admin.view.parrains': 'By member',
  'referrals.admin.view.promotions': 'By class',
  'referrals.admin.col.name': 'Member',
  'referrals.admin.col.promotion': 'Class',
  'referrals.admin.col.sent': 'Sent',
  'referrals.admin.col.joined': 'Accounts created',
  'referrals.admin.col.paid': 'Dues paid',
  'referrals.admin.col.conversion': 'Conversion rate',
  'referrals.admin.sortBy': 'Sort by {column}',
  'referrals.admin.formerMember': 'Former member',
  'referrals.admin.noPromotion': 'No class',
  'referrals.admin.count': '{count, plural, one {# member has recommended the Amicale.} other {# members have recommended the Amicale.}}',
  'referrals.admin.empty': 'No invitation sent yet: members recommend the Amicale from “Recommend my class”.',
  'referrals.admin.csv': 'Download as CSV',
  'referrals.admin.pages': 'Pages of members',
  'referrals.csv.lastName': 'Last name',
  'referrals.csv.firstName': 'First name',
  'referrals.csv.conversion': 'Conversion rate (%)',

  'privacy.data.referralInvitations':
    'The recommendations a member sent: the e-mail address invited (or the row of the graduates’ list ticked), the member’s class, the dates sent and signed up, and the account created.',
  'privacy.purpose.referrals':
    'Write on a member’s behalf to a graduate they recommend, not again for 30 days, and show the member and the webmasters what became of the invitations.',
}
