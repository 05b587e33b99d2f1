/** French strings of outreach: the « ne plus m'écrire » page every invitation of the network links to (issue #17). */
export const frOutreach = {
  'outreach.optOut.link': 'Ne plus recevoir d’invitations de l’Amicale',
  'outreach.optOut.title': 'Ne plus recevoir d’invitations',
  'outreach.optOut.lead':
    'L’adresse {email} ne recevra plus d’invitation à rejoindre l’Amicale, ni de recommandation d’un diplômé, ni de lettre de l’association tant qu’elle n’a pas de compte.',
  'outreach.optOut.submit': 'Ne plus m’écrire',
  'outreach.optOut.done': 'C’est noté : nous n’écrirons plus à {email}. Si vous créez un jour un compte, vous choisirez vous-même ce que vous recevez.',
  'outreach.optOut.privacy': 'Données personnelles et consentements',
  'privacy.data.addressOptOuts': 'Les adresses e-mail qui ont demandé à ne plus recevoir d’invitations de l’Amicale, et la date de la demande.',
  'privacy.purpose.addressOptOuts': 'Ne plus jamais écrire à une adresse qui l’a demandé.',
  'privacy.while.optOut': 'tant que l’adresse ne redevient pas celle d’un compte qui choisit de recevoir ces messages',
} as const
