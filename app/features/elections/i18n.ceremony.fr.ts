/** French strings of the trustees' page: the key ceremony and the tally (issue #18). */
export const frElectionCeremony = {
  'elections.ceremony.title': 'Assesseur',
  'elections.ceremony.back': 'Retour à l’élection',
  'elections.ceremony.intro':
    'Vous êtes assesseur (n° {position}) : avec les autres assesseurs, vous détenez ensemble la clé qui ouvre l’urne ; aucun ne peut l’ouvrir seul, ni l’association. Chacun prépare sa part de la clé dans son navigateur, en trois étapes, avant le scellement ; au dépouillement, chacun déchiffre le total des bulletins avec sa part, jamais un bulletin isolé.',
  'elections.ceremony.noscript':
    'Cette page demande JavaScript : c’est votre navigateur qui calcule votre part de la clé, et elle ne doit jamais passer par le serveur. Activez JavaScript, ou utilisez un autre navigateur. En cas de difficulté, écrivez à l’association : {email}.',
  'elections.ceremony.cancelled': 'Cette élection a été annulée : il n’y a plus rien à faire.',
  'elections.ceremony.sealed':
    'La cérémonie est terminée et l’élection est scellée. Gardez votre fichier de clé en lieu sûr : vous en aurez besoin au dépouillement, après la clôture du scrutin.',
  'elections.ceremony.fingerprint': 'Empreinte de l’élection :',
  'elections.ceremony.progress': 'Où en sont les assesseurs',
  'elections.ceremony.you': '(vous)',
  'elections.ceremony.stepDone.0': 'pas encore commencé',
  'elections.ceremony.stepDone.1': 'étape 1 sur 3 faite',
  'elections.ceremony.stepDone.2': 'étape 2 sur 3 faite',
  'elections.ceremony.stepDone.3': 'les trois étapes faites',
  'elections.ceremony.loading': 'Chargement…',
  'elections.ceremony.working': 'Calcul en cours…',
  'elections.ceremony.stepTitle.0': 'Étape 1 sur 3 : préparer votre part de la clé',
  'elections.ceremony.stepTitle.1': 'Étape 2 sur 3 : vérifier et envoyer vos parts',
  'elections.ceremony.stepTitle.2': 'Étape 3 sur 3 : vérifier les parts reçues et obtenir votre fichier de clé',
  'elections.ceremony.stepTitle.3': 'Cérémonie terminée pour vous',
  'elections.ceremony.stepHelp.0':
    'Votre navigateur tire un secret au hasard et publie seulement ce qui permet aux autres de vérifier votre travail. Le secret reste dans ce navigateur (son stockage local) jusqu’à l’étape 3 : revenez sur cette page avec le même navigateur, ou sauvegardez l’étape en cours dans un fichier.',
  'elections.ceremony.stepHelp.1':
    'Quand tous les assesseurs ont fait l’étape 1, votre navigateur vérifie leurs publications puis envoie à chacun sa part, chiffrée pour lui seul.',
  'elections.ceremony.stepHelp.2':
    'Quand tous les assesseurs ont fait l’étape 2, votre navigateur vérifie les parts qu’ils vous ont envoyées et en tire votre part de la clé : elle est téléchargée dans un fichier, et seule sa partie publique est envoyée au serveur.',
  'elections.ceremony.stepHelp.3':
    'Votre part de la clé est dans le fichier téléchargé. Le serveur ne l’a jamais vue : sans ce fichier, vous ne pourrez pas participer au dépouillement.',
  'elections.ceremony.action.publish': 'Commencer l’étape 1',
  'elections.ceremony.action.share': 'Vérifier et envoyer mes parts',
  'elections.ceremony.action.finalise': 'Vérifier les parts reçues et télécharger mon fichier de clé',
  'elections.ceremony.action.downloadAgain': 'Télécharger à nouveau mon fichier de clé',
  'elections.ceremony.waiting': 'En attente des autres assesseurs : {names}. La page se met à jour toute seule.',
  'elections.ceremony.waitingFinal': 'Votre part est prête. En attente des autres assesseurs : {names}. La page se met à jour toute seule.',
  'elections.ceremony.allDone': 'Tous les assesseurs ont terminé : les webmestres peuvent maintenant sceller l’élection.',
  'elections.ceremony.keepKey':
    'Gardez le fichier {file} en lieu sûr, hors ligne (une clé USB, par exemple), et ne le transmettez à personne : il vous sera demandé au dépouillement.',
  'elections.ceremony.stateMissing':
    'Ce navigateur n’a pas votre étape en cours. Chargez le fichier d’étape que vous avez sauvegardé, ou revenez avec le navigateur utilisé à l’étape 1. Si vous l’avez perdue, demandez aux webmestres de recommencer la cérémonie.',
  'elections.ceremony.storageFailed': 'Ce navigateur n’a pas pu garder votre étape en cours : sauvegardez-la dans un fichier avant de quitter la page.',
  'elections.ceremony.checkFailed': 'La vérification a échoué ({detail}). Ne continuez pas : demandez aux webmestres de recommencer la cérémonie.',
  'elections.ceremony.badShare':
    'La part envoyée par {name} ne correspond pas à ce que cet assesseur a publié ({detail}). Ne continuez pas : demandez aux webmestres de recommencer la cérémonie.',
  'elections.ceremony.stateFileBad': 'Ce fichier n’est pas votre étape en cours pour cette élection.',
  'elections.ceremony.stateLoaded': 'Votre étape en cours est chargée.',
  'elections.ceremony.state.title': 'Sauvegarder ou reprendre l’étape en cours',
  'elections.ceremony.state.help':
    'Entre les étapes, votre secret est gardé dans le stockage local de ce navigateur (clé {key}). Pour changer de navigateur ou ne pas dépendre de celui-ci, sauvegardez l’étape en cours dans un fichier, puis chargez-le ici.',
  'elections.ceremony.state.save': 'Sauvegarder l’étape en cours',
  'elections.ceremony.state.load': 'Charger une étape sauvegardée',
  'elections.ceremony.error.sealed': 'La cérémonie est close : l’élection est scellée ou n’existe plus.',
  'elections.ceremony.error.notTrustee': 'Vous n’êtes pas assesseur de cette élection.',
  'elections.ceremony.error.order': 'Cette étape n’est pas la vôtre maintenant : rechargez la page.',
  'elections.ceremony.error.waiting': 'Tous les assesseurs n’ont pas encore fait l’étape précédente : patientez.',
  'elections.ceremony.error.json': 'Le message envoyé est illisible.',
  'elections.ceremony.error.index': 'Ce message est celui d’un autre assesseur.',
  'elections.ceremony.error.invalid': 'Le message envoyé ne passe pas la vérification ({detail}).',
  'elections.ceremony.error.intent': 'Action inconnue.',
  'elections.ceremony.error.browser': 'Votre navigateur n’a pas pu faire le calcul. Rechargez la page et réessayez.',
  'elections.tally.title': 'Dépouillement : déchiffrer le total',
  'elections.tally.help':
    'Le scrutin est clos et les bulletins sont additionnés sans être ouverts. Chargez votre fichier de clé : votre navigateur le lit sans l’envoyer et déchiffre sa part du total. {count} sur {threshold} déchiffrements nécessaires sont faits.',
  'elections.tally.keyFile': 'Votre fichier de clé',
  'elections.tally.keyFileHint': 'Le fichier assesseur-….json téléchargé à l’étape 3. Il reste dans votre navigateur : seul le résultat du calcul est envoyé.',
  'elections.tally.working': 'Déchiffrement en cours…',
  'elections.tally.keyFileBad': 'Ce fichier n’est pas un fichier de clé d’assesseur valable.',
  'elections.tally.keyFileOther': 'Ce fichier de clé est celui d’une autre élection ou d’un autre assesseur (n° {position}).',
  'elections.tally.doneWaiting':
    'Votre déchiffrement est enregistré. {count} sur {threshold} nécessaires : les résultats seront publiés dès que le compte sera atteint. La page se met à jour toute seule.',
  'elections.tally.trusteeDone': 'a déchiffré',
  'elections.tally.trusteeWaiting': 'n’a pas encore déchiffré',
  'elections.tally.published': 'Le dépouillement est terminé : les résultats sont publiés.',
  'elections.tally.resultsLink': 'Voir les résultats',
  'elections.tally.error.notTallying': 'Le dépouillement n’est pas en cours pour cette élection.',
  'elections.tally.error.notTrustee': 'Vous n’êtes pas assesseur de cette élection.',
  'elections.tally.error.already': 'Votre déchiffrement est déjà enregistré.',
  'elections.tally.error.format': 'Le déchiffrement envoyé est illisible.',
  'elections.tally.error.wrongTrustee': 'Ce déchiffrement est celui d’un autre assesseur (n° {detail}) : chargez votre propre fichier de clé.',
  'elections.tally.error.proof': 'Ce déchiffrement ne correspond pas à votre part de la clé ({detail}) : vérifiez que vous avez chargé le bon fichier.',
} as const
