import type { frModerationReports } from '~/features/moderation/i18n.reports.fr'

/** English strings of moderation: reports. Same keys and placeholders as the French ones. */
export const enModerationReports: Record<keyof typeof frModerationReports, string> = {
  'moderation.reports.link': 'Report',
  'moderation.reports.linkMember': 'Report this profile',
  'moderation.reports.linkOffer': 'Report this offer',
  'moderation.reports.linkEvent': 'Report this event',
  'moderation.reports.linkGroup': 'Report this group',
  'moderation.reports.title': 'Report content',
  'moderation.reports.intro': 'Your report is read by the association’s webmasters. The person concerned will not know who made it.',
  'moderation.reports.target': 'What you are reporting',
  'moderation.reports.kind': '{kind, select, member {Profile} message {Message} offer {Job offer} event {Event} other {Group}}',
  'moderation.reports.by': 'Posted by {name}',
  'moderation.reports.on': 'on {date}',
  'moderation.reports.reason': 'Reason',
  'moderation.reports.reason.harassment': 'Harassment',
  'moderation.reports.reason.spam': 'Spam or advertising',
  'moderation.reports.reason.false_identity': 'False identity',
  'moderation.reports.reason.offensive': 'Offensive content',
  'moderation.reports.reason.terms': 'Breach of the terms of use',
  'moderation.reports.reason.other': 'Other',
  'moderation.reports.clause': 'Clause of the terms of use',
  'moderation.reports.clauseHint': 'Only for a breach of the terms of use, for example “4.2”.',
  'moderation.reports.clauseNone': 'Choose a clause',
  'moderation.reports.text': 'What happened',
  'moderation.reports.textHint': 'Describe the facts in a few sentences (between 10 and 2,000 characters).',
  'moderation.reports.submit': 'Send the report',
  'moderation.reports.back': 'Go back without reporting',
  'moderation.reports.sent': 'Thank you: your report has been passed to the webmasters. We will let you know the outcome.',
  'moderation.reports.sentTitle': 'Report sent',
  'moderation.reports.continue': 'Back to the page',
  'moderation.reports.duplicate': 'You have already reported this; we will let you know the outcome.',
  'moderation.reports.self': 'You cannot report yourself or your own content.',
  'moderation.reports.throttled':
    'You have sent {max, plural, one {# report} other {# reports}} in 24 hours, the maximum. Try again tomorrow, or write to the association.',
  'moderation.reports.error.target': 'This content cannot be found.',
  'moderation.reports.error.reason': 'Choose a reason.',
  'moderation.reports.error.clause': 'Choose a clause of the terms of use in force.',
  'moderation.reports.error.clauseRequired': 'Give the clause of the terms of use concerned.',
  'moderation.reports.error.textRequired': 'Describe what happened.',
  'moderation.reports.error.textShort': 'Describe what happened in at least 10 characters.',
  'moderation.reports.error.textLong': 'This text is too long (2,000 characters at most).',
  'moderation.restricted.title': 'Account restricted pending review',
  'moderation.restricted.body':
    'Several reports concern your account. Until a webmaster reviews them, you cannot post, contact a member or register for an event.',
  'moderation.restricted.until': 'This restriction ends on {date}.',
  'moderation.restricted.contact': 'Write to the association',
  'moderation.held.message': 'Message hidden pending review',
  'moderation.held.author': 'This content is hidden from other members until a webmaster reviews reports about it. You may edit it once.',
  'moderation.held.authorEdited': 'This content is hidden from other members until a webmaster reviews reports about it. You have already edited it.',
  'moderation.held.editUsed': 'This content is under review and you have already edited it once: wait for a webmaster’s decision.',
  // Offers, events and groups held for review, as their author (or a webmaster) sees them.
  'moderation.held.notice':
    '{kind, select, offer {This offer is hidden pending review by the association. You may edit it once; a webmaster will then decide.} event {This event is hidden pending review by the association. You may edit it once; a webmaster will then decide.} other {This group is hidden pending review by the association: other members no longer see it. A webmaster will decide.}}',
  'moderation.held.noticeEdited':
    '{kind, select, offer {This offer is hidden pending review by the association. You have already edited it once; a webmaster will now decide.} event {This event is hidden pending review by the association. You have already edited it once; a webmaster will now decide.} other {This group is hidden pending review by the association: other members no longer see it. A webmaster will decide.}}',
  'moderation.held.noticeReviewer':
    '{kind, select, offer {This offer is hidden from members: reports await a webmaster’s decision.} event {This event is hidden from members: reports await a webmaster’s decision.} other {This group is hidden from members: reports await a webmaster’s decision.}}',
  'moderation.held.noInvitations': 'This event is hidden pending review: invitations will wait for a webmaster’s decision.',
  'moderation.held.review': 'Review the reports',
  'moderation.held.badge': '{kind, select, offer {Hidden pending review} other {Hidden pending review}}',
  'moderation.reports.mail.received.subject': 'Your report has been received',
  'moderation.reports.mail.received.body':
    'We have received your report about {kind, select, member {the profile of {title}} message {a message in the discussion “{title}”} offer {the offer “{title}”} event {the event “{title}”} other {the group “{title}”}}.',
  'moderation.reports.mail.received.next':
    'A webmaster of the association will review it; we will write to you once a decision has been made. The person concerned will not know who made this report.',
  'moderation.reports.mail.restricted.subject': 'Your account is restricted pending review',
  'moderation.reports.mail.restricted.body':
    'Several members have reported your account or your posts in the last few weeks. A webmaster of the association will review these reports.',
  'moderation.reports.mail.restricted.what':
    'Until they decide, you cannot post messages or offers, organise an event, contact a member or register for an event. Your account is not deactivated: you can still log in and read the site.',
  'moderation.reports.mail.restricted.next': 'We will write to you as soon as a decision has been made, with its reasons.',
  'moderation.reports.mail.restricted.contact': 'If you think this is a mistake, you can write to the association.',
  'moderation.reports.mail.restricted.action': 'Write to the association',
  'moderation.reports.mail.held.subject': 'Your post is hidden pending review',
  'moderation.reports.mail.held.body':
    'Several members have reported {kind, select, message {your message in “{title}”} offer {your offer “{title}”} event {your event “{title}”} group {the group “{title}”} other {your post “{title}”}}. It is hidden from other members until a webmaster reviews it; you can still see it.',
  'moderation.reports.mail.held.edit':
    'If you think it may be misunderstood, you may edit it once. Your edit does not make it visible again: the webmaster will decide.',
  'moderation.reports.mail.held.next': 'We will write to you as soon as a decision has been made, with its reasons.',
  'moderation.reports.mail.held.action': 'See my post',
  'moderation.reports.mail.outcome.subject': 'Your report has been reviewed',
  'moderation.reports.mail.outcome.intro':
    'On {date}, you reported {kind, select, member {the profile of {title}} message {a message in the discussion “{title}”} offer {the offer “{title}”} event {the event “{title}”} other {the group “{title}”}}.',
  'moderation.reports.mail.outcome.dismissed': 'After review, a webmaster found that this content does not breach the terms of use: no action was taken.',
  'moderation.reports.mail.outcome.actioned': 'After review, a webmaster took action. For discretion, we cannot tell you which.',
  'moderation.reports.mail.outcome.thanks': 'Thank you for helping the association remain a welcoming place.',
  'moderation.reports.mail.reminder.subject': 'Reports have been waiting for more than 48 hours',
  'moderation.reports.mail.reminder.body':
    '{count, plural, one {# report has} other {# reports have}} been waiting for a decision for more than 48 hours, about {targets, plural, one {# profile or content} other {# profiles or contents}}.',
  'moderation.reports.mail.reminder.oldest': 'The oldest dates from {date}.',
  'moderation.reports.mail.reminder.action': 'Open moderation',
}
