/** French strings of referrals: « Recommander ma promotion », the personal link, the webmasters' funnel (issue #17). */
export const frReferrals = {
  'referrals.menu': 'Recommander ma promotion',
  'referrals.title': 'Recommander ma promotion',
  'referrals.lead': 'Plus on sera nombreux, plus notre réseau sera dynamique : invitez les diplômés de votre promotion à rejoindre l’Amicale.',
  'referrals.percent': '{value} %',

  'referrals.figures.title': 'Votre promotion, {promotion, year}',
  'referrals.figures.roster': 'Diplômés dans le fichier',
  'referrals.figures.accounts': 'Ont un compte',
  'referrals.figures.members': 'Membres cotisants',
  'referrals.figures.notYet': 'Pas encore membres',
  'referrals.figures.summary':
    '{count, plural, =0 {Toute votre promotion est membre : bravo !} one {# diplômé de votre promotion n’est pas encore membre.} other {# diplômés de votre promotion ne sont pas encore membres.}}',
  'referrals.figures.noRoster':
    'Le fichier des diplômés ne compte encore personne de votre promotion : ces chiffres viennent des seuls comptes du site, et « pas encore membres » compte les inscrits qui n’ont pas cotisé.',
  'referrals.noPromotion.title': 'Votre promotion n’est pas renseignée',
  'referrals.noPromotion.body':
    'Indiquez-la dans votre profil pour voir ses chiffres et inviter vos camarades depuis le fichier des diplômés. Vous pouvez déjà inviter des adresses.',
  'referrals.noPromotion.link': 'Compléter mon profil',

  'referrals.board.title': 'Classement des promotions',
  'referrals.board.lead': 'La part des diplômés du fichier qui sont membres cotisants, promotion par promotion.',
  'referrals.board.rank': 'Rang',
  'referrals.board.promotion': 'Promotion',
  'referrals.board.members': 'Membres',
  'referrals.board.roster': 'Dans le fichier',
  'referrals.board.share': 'Part',
  'referrals.board.mine': 'la vôtre',
  'referrals.board.empty': 'Le classement apparaîtra quand le fichier des diplômés comptera des promotions.',
  'referrals.board.small':
    '{count, plural, one {# promotion n’est pas classée : le fichier compte moins de {min} de ses diplômés.} other {# promotions ne sont pas classées : le fichier compte moins de {min} de leurs diplômés.}}',
  'referrals.board.mineSmall': 'Votre promotion n’est pas classée : le fichier compte moins de {min} de ses diplômés.',
  'referrals.board.mineAbsent': 'Votre promotion n’est pas encore dans le fichier des diplômés.',

  'referrals.invite.title': 'Inviter des camarades',
  'referrals.invite.lead':
    'Cochez des diplômés de votre promotion ou saisissez des adresses : l’Amicale leur écrit de votre part, avec un lien personnel pour s’inscrire. Vous ne voyez jamais les adresses du fichier.',
  'referrals.invite.left':
    '{count, plural, =0 {Vous avez envoyé vos {max} invitations des dernières 24 heures : revenez demain.} one {Vous pouvez encore envoyer # invitation aujourd’hui ({max} au plus par 24 heures).} other {Vous pouvez encore envoyer # invitations aujourd’hui ({max} au plus par 24 heures).}}',
  'referrals.invite.search': 'Chercher un camarade par son nom',
  'referrals.invite.searchSubmit': 'Chercher',
  'referrals.invite.searchReset': 'Tout afficher',
  'referrals.invite.classmates': 'Diplômés de votre promotion à inviter',
  'referrals.invite.classmatesHint': 'Ceux dont le fichier a l’adresse, qui n’ont pas de compte et n’ont pas été invités ces {days} derniers jours.',
  'referrals.invite.classmatesCount': '{count, plural, one {# diplômé à inviter} other {# diplômés à inviter}}',
  'referrals.invite.noClassmates': 'Personne à inviter depuis le fichier pour l’instant : saisissez des adresses ci-dessous.',
  'referrals.invite.noMatch': 'Aucun diplômé à inviter ne correspond à « {q} ».',
  'referrals.invite.classmatesPages': 'Pages de la liste des diplômés',
  'referrals.invite.pagesNote': 'Les cases cochées valent pour cette page : envoyez les invitations avant de passer à la suivante.',
  'referrals.invite.emails': 'Adresses e-mail à inviter',
  'referrals.invite.emailsHint': 'Une par ligne, ou séparées par des virgules ; {max} au plus.',
  'referrals.invite.message': 'Votre message',
  'referrals.invite.messageHint': 'Ajouté à l’invitation, en texte simple et sans lien ; {max} caractères au plus.',
  'referrals.invite.submit': 'Envoyer les invitations',
  'referrals.invite.done': '{sent, plural, =0 {Aucune invitation envoyée.} one {# invitation envoyée.} other {# invitations envoyées.}}',
  'referrals.invite.doneNotSent':
    '{sent, plural, =0 {Aucune invitation envoyée} one {# invitation envoyée} other {# invitations envoyées}} ; {notSent, plural, one {# personne n’a pas reçu d’invitation} other {# personnes n’ont pas reçu d’invitation}} : déjà invitée récemment, déjà inscrite ou ne souhaite plus être contactée.',

  'referrals.error.classmates': 'Ce choix de camarades est illisible : rechargez la page et recommencez.',
  'referrals.error.tooManyEmails': 'Saisissez au plus {max} adresses à la fois.',
  'referrals.error.invalidEmails': '{count, plural, one {Cette adresse n’est pas valide : {list}} other {Ces adresses ne sont pas valides : {list}}}',
  'referrals.error.messageTooLong': 'Le message ne peut pas dépasser {max} caractères.',
  'referrals.error.messageLink': 'Le message ne peut pas contenir de lien ni d’adresse de site : l’invitation porte déjà le lien vers l’Amicale.',
  'referrals.error.nobody': 'Cochez au moins un camarade ou saisissez une adresse.',
  'referrals.error.tooManyAtOnce': 'Invitez au plus {max} personnes à la fois.',
  'referrals.error.quota':
    '{left, plural, =0 {Vous avez déjà envoyé {max} invitations ces dernières 24 heures : réessayez demain.} one {Il ne vous reste que # invitation pour aujourd’hui : choisissez moins de personnes.} other {Il ne vous reste que # invitations pour aujourd’hui : choisissez moins de personnes.}}',

  'referrals.mine.title': 'Mes invitations',
  'referrals.mine.summary':
    '{sent, plural, one {# invitation envoyée} other {# invitations envoyées}} : {joined, plural, one {# a créé un compte} other {# ont créé un compte}}, {paid, plural, one {# a cotisé} other {# ont cotisé}}.',
  'referrals.mine.empty': 'Vous n’avez encore invité personne. Vos invitations et ce qu’elles deviennent s’afficheront ici.',
  'referrals.mine.who': 'Invité',
  'referrals.mine.removed': 'Un diplômé retiré du fichier',
  'referrals.mine.sentOn': 'Envoyée le',
  'referrals.mine.state': 'Où elle en est',
  'referrals.mine.joinedOn': 'compte créé le {date}',
  'referrals.mine.paidOn': 'cotisation payée le {date}',
  'referrals.mine.pages': 'Pages de mes invitations',
  'referrals.state.sent': 'Envoyée',
  'referrals.state.joined': 'Compte créé',
  'referrals.state.paid': 'Membre cotisant',

  'referrals.pager.previous': 'Précédente',
  'referrals.pager.next': 'Suivante',
  'referrals.pager.status': 'Page {page} sur {pages}',

  'referrals.join.title': 'Votre invitation',
  'referrals.join.lead': '{referrer}, de la promotion {promotion, year}, vous invite à rejoindre {association, le}.',
  'referrals.join.leadNoPromotion': '{referrer} vous invite à rejoindre {association, le}.',
  'referrals.join.leadAnonymous': 'Un membre vous invite à rejoindre {association, le}.',
  'referrals.join.what':
    '{association} réunit les diplômés {school, de} : un annuaire avec sa carte pour se retrouver, des événements, des offres d’emploi et de stage, des groupes et des discussions.',
  'referrals.join.how':
    'Créer un compte est gratuit. La cotisation, payée une fois pour toutes, ouvre ensuite l’annuaire, les offres et les événements réservés aux membres.',
  'referrals.join.signup': 'Créer mon compte',
  'referrals.join.login': 'J’ai déjà un compte : me connecter',
  'referrals.join.used': 'Cette invitation a déjà servi à créer un compte. Connectez-vous pour retrouver l’Amicale.',
  'referrals.join.loggedIn': 'Vous êtes connecté : vous avez déjà un compte.',
  'referrals.join.home': 'Aller à l’accueil',

  'referrals.mail.subject': 'Une recommandation pour rejoindre l’Amicale',
  'referrals.mail.subjectFrom': '{referrer} vous invite à rejoindre le réseau des diplômés',
  'referrals.mail.greeting': 'Bonjour,',
  'referrals.mail.body':
    '{referrer}, de la promotion {promotion, year}, vous recommande {association, le}, le réseau des diplômés {school, de}, et vous invite à le rejoindre.',
  'referrals.mail.bodyNoPromotion': '{referrer} vous recommande {association, le}, le réseau des diplômés {school, de}, et vous invite à le rejoindre.',
  'referrals.mail.message': 'Le mot de {referrer} : « {message} »',
  'referrals.mail.what':
    'Vous y retrouverez l’annuaire des diplômés et sa carte, des événements, des offres d’emploi et de stage, des groupes et des discussions. Créer un compte est gratuit.',
  'referrals.mail.why':
    'Vous recevez ce message parce que {referrer} a pensé à vous. Nous ne vous écrirons pas d’autre recommandation avant 30 jours, et plus jamais si vous le demandez ci-dessous.',
  'referrals.mail.action': 'Découvrir l’Amicale et créer mon compte',

  'referrals.admin.nav': 'Recommandations',
  'referrals.admin.title': 'Recommandations',
  'referrals.admin.lead': 'Ce que sont devenues les invitations envoyées par les membres : suivies d’un compte, puis d’une cotisation.',
  'referrals.admin.totals': 'En tout',
  'referrals.admin.view': 'Regrouper',
  'referrals.admin.view.parrains': 'Par membre',
  'referrals.admin.view.promotions': 'Par promotion',
  'referrals.admin.col.name': 'Membre',
  'referrals.admin.col.promotion': 'Promotion',
  'referrals.admin.col.sent': 'Envoyées',
  'referrals.admin.col.joined': 'Comptes créés',
  'referrals.admin.col.paid': 'Cotisations',
  'referrals.admin.col.conversion': 'Taux de conversion',
  'referrals.admin.sortBy': 'Trier par {column}',
  'referrals.admin.formerMember': 'Ancien membre',
  'referrals.admin.noPromotion': 'Sans promotion',
  'referrals.admin.count': '{count, plural, one {# membre a recommandé l’Amicale.} other {# membres ont recommandé l’Amicale.}}',
  'referrals.admin.empty': 'Aucune invitation envoyée pour l’instant : les membres recommandent l’Amicale depuis « Recommander ma promotion ».',
  'referrals.admin.csv': 'Télécharger en CSV',
  'referrals.admin.pages': 'Pages des membres',
  'referrals.csv.lastName': 'Nom',
  'referrals.csv.firstName': 'Prénom',
  'referrals.csv.conversion': 'Taux de conversion (%)',

  'privacy.data.referralInvitations':
    'Les recommandations envoyées par un membre : l’adresse e-mail invitée (ou la ligne du fichier des diplômés cochée), la promotion du membre, les dates d’envoi et d’inscription, et le compte créé.',
  'privacy.purpose.referrals':
    'Écrire de la part d’un membre à un diplômé qu’il recommande, ne pas le relancer avant 30 jours, et montrer au membre et aux webmestres ce que sont devenues les invitations.',
} as const
