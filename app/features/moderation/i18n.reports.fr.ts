/** French strings of moderation: reports, restrictions, content held for review. */
export const frModerationReports = {
  // « Signaler » links in the five places.
  'moderation.reports.link': 'Signaler',
  'moderation.reports.linkMember': 'Signaler ce profil',
  'moderation.reports.linkOffer': 'Signaler cette offre',
  'moderation.reports.linkEvent': 'Signaler cet événement',
  'moderation.reports.linkGroup': 'Signaler ce groupe',
  // The report page.
  'moderation.reports.title': 'Signaler un contenu',
  'moderation.reports.intro': 'Votre signalement est lu par les webmasters de l’association. La personne concernée ne saura pas qui l’a fait.',
  'moderation.reports.target': 'Ce que vous signalez',
  'moderation.reports.kind': '{kind, select, member {Profil} message {Message} offer {Offre d’emploi} event {Événement} other {Groupe}}',
  'moderation.reports.by': 'Publié par {name}',
  'moderation.reports.on': 'le {date}',
  'moderation.reports.reason': 'Motif',
  'moderation.reports.reason.harassment': 'Harcèlement',
  'moderation.reports.reason.spam': 'Spam ou publicité',
  'moderation.reports.reason.false_identity': 'Fausse identité',
  'moderation.reports.reason.offensive': 'Contenu choquant',
  'moderation.reports.reason.terms': 'Manquement aux conditions d’utilisation',
  'moderation.reports.reason.other': 'Autre',
  'moderation.reports.clause': 'Article des conditions d’utilisation',
  'moderation.reports.clauseHint': 'Seulement pour un manquement aux conditions d’utilisation, par exemple « 4.2 ».',
  'moderation.reports.clauseNone': 'Choisissez un article',
  'moderation.reports.text': 'Ce qui s’est passé',
  'moderation.reports.textHint': 'Décrivez les faits en quelques phrases (entre 10 et 2 000 caractères).',
  'moderation.reports.submit': 'Envoyer le signalement',
  'moderation.reports.back': 'Revenir sans signaler',
  'moderation.reports.sent': 'Merci : votre signalement a été transmis aux webmasters. Nous vous tiendrons informé de la suite.',
  'moderation.reports.sentTitle': 'Signalement envoyé',
  'moderation.reports.continue': 'Revenir à la page',
  'moderation.reports.duplicate': 'Vous avez déjà signalé ce contenu ; nous vous tiendrons informé de la suite.',
  'moderation.reports.self': 'Vous ne pouvez pas vous signaler vous-même, ni signaler votre propre contenu.',
  'moderation.reports.throttled':
    'Vous avez envoyé {max, plural, one {# signalement} other {# signalements}} en 24 heures, le maximum. Réessayez demain, ou écrivez à l’association.',
  'moderation.reports.error.target': 'Ce contenu est introuvable.',
  'moderation.reports.error.reason': 'Choisissez un motif.',
  'moderation.reports.error.clause': 'Choisissez un article des conditions d’utilisation en vigueur.',
  'moderation.reports.error.clauseRequired': 'Indiquez l’article des conditions d’utilisation concerné.',
  'moderation.reports.error.textRequired': 'Décrivez ce qui s’est passé.',
  'moderation.reports.error.textShort': 'Décrivez ce qui s’est passé en au moins 10 caractères.',
  'moderation.reports.error.textLong': 'Ce texte est trop long (2 000 caractères au plus).',
  // Restrictions.
  'moderation.restricted.title': 'Compte restreint en attente de vérification',
  'moderation.restricted.body':
    'Plusieurs signalements concernent votre compte. En attendant qu’un webmaster les examine, vous ne pouvez pas publier, contacter un membre ni vous inscrire à un événement.',
  'moderation.restricted.until': 'Cette restriction prend fin le {date}.',
  'moderation.restricted.contact': 'Écrire à l’association',
  // Content held for review.
  'moderation.held.message': 'Message masqué en attente de vérification',
  'moderation.held.author': 'Ce contenu est masqué aux autres membres en attendant qu’un webmaster examine des signalements. Vous pouvez le modifier une fois.',
  'moderation.held.authorEdited': 'Ce contenu est masqué aux autres membres en attendant qu’un webmaster examine des signalements. Vous l’avez déjà modifié.',
  'moderation.held.editUsed': 'Ce contenu est en cours de vérification et vous l’avez déjà modifié une fois : attendez la décision d’un webmaster.',
  // Offers, events and groups held for review, as their author (or a webmaster) sees them.
  'moderation.held.notice':
    '{kind, select, offer {Cette offre est masquée en attente de vérification par l’association. Vous pouvez la modifier une fois ; un webmaster décidera ensuite.} event {Cet événement est masqué en attente de vérification par l’association. Vous pouvez le modifier une fois ; un webmaster décidera ensuite.} other {Ce groupe est masqué en attente de vérification par l’association : les autres membres ne le voient plus. Un webmaster décidera.}}',
  'moderation.held.noticeEdited':
    '{kind, select, offer {Cette offre est masquée en attente de vérification par l’association. Vous l’avez déjà modifiée une fois ; un webmaster décidera ensuite.} event {Cet événement est masqué en attente de vérification par l’association. Vous l’avez déjà modifié une fois ; un webmaster décidera ensuite.} other {Ce groupe est masqué en attente de vérification par l’association : les autres membres ne le voient plus. Un webmaster décidera.}}',
  'moderation.held.noticeReviewer':
    '{kind, select, offer {Cette offre est masquée aux membres : des signalements attendent la décision d’un webmaster.} event {Cet événement est masqué aux membres : des signalements attendent la décision d’un webmaster.} other {Ce groupe est masqué aux membres : des signalements attendent la décision d’un webmaster.}}',
  'moderation.held.noInvitations': 'Cet événement est masqué en attente de vérification : les invitations attendront la décision d’un webmaster.',
  'moderation.held.review': 'Examiner les signalements',
  'moderation.held.badge': '{kind, select, offer {Masquée en attente de vérification} other {Masqué en attente de vérification}}',
  // Mails.
  'moderation.reports.mail.received.subject': 'Votre signalement a bien été reçu',
  'moderation.reports.mail.received.body':
    'Nous avons bien reçu votre signalement concernant {kind, select, member {le profil de {title}} message {un message de la discussion « {title} »} offer {l’offre « {title} »} event {l’événement « {title} »} other {le groupe « {title} »}}.',
  'moderation.reports.mail.received.next':
    'Un webmaster de l’association l’examinera ; nous vous écrirons quand une décision aura été prise. La personne concernée ne saura pas qui a fait ce signalement.',
  'moderation.reports.mail.restricted.subject': 'Votre compte est restreint en attendant une vérification',
  'moderation.reports.mail.restricted.body':
    'Plusieurs membres ont signalé votre compte ou vos publications ces dernières semaines. Un webmaster de l’association va examiner ces signalements.',
  'moderation.reports.mail.restricted.what':
    'En attendant sa décision, vous ne pouvez plus publier de message ni d’offre, organiser un événement, contacter un membre ou vous inscrire à un événement. Votre compte n’est pas désactivé : vous pouvez toujours vous connecter et consulter le site.',
  'moderation.reports.mail.restricted.next': 'Nous vous écrirons dès qu’une décision aura été prise, avec ses motifs.',
  'moderation.reports.mail.restricted.contact': 'Si vous pensez qu’il s’agit d’une erreur, vous pouvez écrire à l’association.',
  'moderation.reports.mail.restricted.action': 'Écrire à l’association',
  'moderation.reports.mail.held.subject': 'Votre publication est masquée en attendant une vérification',
  'moderation.reports.mail.held.body':
    'Plusieurs membres ont signalé {kind, select, message {votre message dans « {title} »} offer {votre offre « {title} »} event {votre événement « {title} »} group {le groupe « {title} »} other {votre publication « {title} »}}. Elle est masquée aux autres membres en attendant qu’un webmaster l’examine ; vous la voyez toujours.',
  'moderation.reports.mail.held.edit':
    'Si vous pensez qu’elle peut être mal comprise, vous pouvez la modifier une fois. Votre modification ne la rend pas visible : c’est le webmaster qui décidera.',
  'moderation.reports.mail.held.next': 'Nous vous écrirons dès qu’une décision aura été prise, avec ses motifs.',
  'moderation.reports.mail.held.action': 'Voir ma publication',
  'moderation.reports.mail.outcome.subject': 'Votre signalement a été examiné',
  'moderation.reports.mail.outcome.intro':
    'Le {date}, vous avez signalé {kind, select, member {le profil de {title}} message {un message de la discussion « {title} »} offer {l’offre « {title} »} event {l’événement « {title} »} other {le groupe « {title} »}}.',
  'moderation.reports.mail.outcome.dismissed':
    'Après examen, un webmaster a estimé que ce contenu ne contrevient pas aux conditions d’utilisation : aucune mesure n’a été prise.',
  'moderation.reports.mail.outcome.actioned': 'Après examen, un webmaster a pris des mesures. Par discrétion, nous ne pouvons pas vous dire lesquelles.',
  'moderation.reports.mail.outcome.thanks': 'Merci de contribuer à ce que l’association reste un lieu accueillant.',
  'moderation.reports.mail.reminder.subject': 'Des signalements attendent depuis plus de 48 heures',
  'moderation.reports.mail.reminder.body':
    '{count, plural, one {# signalement attend} other {# signalements attendent}} une décision depuis plus de 48 heures, sur {targets, plural, one {# profil ou contenu} other {# profils ou contenus}}.',
  'moderation.reports.mail.reminder.oldest': 'Le plus ancien date du {date}.',
  'moderation.reports.mail.reminder.action': 'Ouvrir la modération',
} as const
