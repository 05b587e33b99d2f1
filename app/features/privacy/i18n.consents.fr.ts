/** French strings of the consent centre (issue #16), /mon-compte/donnees/consentements. */
export const frPrivacyConsents = {
  'privacy.consents.title': 'Mes consentements',
  'privacy.consents.lead':
    'Ce que vous avez accepté, depuis quand, et l’historique de vos choix. Retirer un consentement prend effet partout à la fois : l’annuaire, sa recherche et les e-mails qui attendaient encore leur envoi.',
  'privacy.consents.back': 'Retour à « Mes données »',
  'privacy.consents.manageAll': 'Gérer tous mes consentements',

  'privacy.consents.directory.label': 'Présence dans l’annuaire',
  'privacy.consents.directory.description':
    'Les membres à jour de cotisation vous trouvent dans l’annuaire et sur la carte : nom, promotion, diplôme, poste, entreprise et ville.',
  'privacy.consents.contact.label': 'Mise en relation',
  'privacy.consents.contact.description':
    'Les membres peuvent vous écrire par le bouton « Entrer en relation » de votre fiche : vous recevez leur message par e-mail et répondez si vous le souhaitez.',
  'privacy.consents.needsMembership':
    'L’annuaire et la mise en relation sont réservés aux membres à jour de cotisation : votre choix s’appliquera dès votre adhésion.',
  'privacy.consents.invitations.label': 'Invitations aux événements',
  'privacy.consents.invitations.description':
    'Les organisateurs vous envoient par e-mail leurs invitations aux événements de l’association et de vos groupes. Sans elles, vous pouvez toujours vous inscrire depuis l’agenda.',
  'privacy.consents.jobAlerts.label': 'Alertes emploi',
  'privacy.consents.jobAlerts.description': 'Chaque semaine, un e-mail avec les nouvelles offres qui correspondent à vos recherches enregistrées.',
  'privacy.consents.jobAlerts.count': '{count, plural, =0 {Aucune alerte enregistrée.} one {# alerte enregistrée.} other {# alertes enregistrées.}}',
  'privacy.consents.jobAlerts.confirm':
    'Retirer ce consentement supprime {count, plural, one {votre alerte enregistrée} other {vos # alertes enregistrées}}, et les e-mails d’alerte qui attendaient leur envoi ne partiront pas. Vous pourrez en créer de nouvelles ensuite.',
  'privacy.consents.jobAlerts.confirmSubmit': 'Supprimer mes alertes et retirer ce consentement',
  'privacy.consents.jobAlerts.createLead': 'Une alerte se crée à partir d’une recherche d’offres, avec ses critères (contrat, ville, mots-clés…).',
  'privacy.consents.jobAlerts.create': 'Créer une alerte emploi',
  'privacy.consents.jobAlerts.membersOnly': 'Les alertes emploi sont réservées aux membres à jour de cotisation.',
  'privacy.consents.news.label': 'Nouvelles de l’association',
  'privacy.consents.news.description': 'Les lettres d’information de l’association par e-mail : la vie de l’amicale, ses assemblées, ses appels à bénévoles.',
  'privacy.consents.news.basis':
    'Donné d’office à chaque compte : l’association écrit à ses membres sur sa vie au titre de son intérêt légitime. Vous pouvez le retirer à tout moment, ici ou par le lien « Ne plus recevoir la lettre de l’Amicale » de chaque lettre.',

  'privacy.consents.given': 'Donné',
  'privacy.consents.notGiven': 'Non donné',
  'privacy.consents.since': 'depuis le {date}',
  'privacy.consents.grant': 'Donner mon consentement',
  'privacy.consents.withdraw': 'Retirer mon consentement',
  'privacy.consents.history.title': '{count, plural, one {Historique : # changement} other {Historique : # changements}}',
  'privacy.consents.history.empty': 'Historique : aucun changement enregistré depuis sa mise en place.',
  'privacy.consents.history.line': '{state} {via}, le {date}',
  'privacy.consents.history.granted': 'Donné',
  'privacy.consents.history.withdrawn': 'Retiré',
  'privacy.consents.via.signup': 'à l’inscription',
  'privacy.consents.via.profile': 'depuis votre profil',
  'privacy.consents.via.centre': 'depuis cette page',
  'privacy.consents.via.unsubscribe': 'par un lien de désabonnement',
  'privacy.consents.via.alerts': 'depuis la page des alertes emploi',

  'privacy.consents.saved.given': 'Consentement donné : {label}.',
  'privacy.consents.saved.withdrawn': 'Consentement retiré : {label}. Les e-mails qui en dépendaient et attendaient leur envoi ne partiront pas.',
  'privacy.consents.error.consent': 'Ce consentement n’existe pas : choisissez-en un dans la liste.',
  'privacy.consents.error.granted': 'Indiquez si vous donnez ou retirez ce consentement.',
  'privacy.consents.error.intent': 'Ce formulaire n’est pas reconnu : rechargez la page et réessayez.',
} as const
