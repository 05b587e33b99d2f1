/** The demo conversations of the seed: who says what, in the forum and in the groups. */
import { cityFr, sector, type SeedMember } from './seed-people'
// ---------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------

/**
 * Who writes a post: a demo account, a member drawn among those matching (never a demo),
 * or, as a number, the author of that earlier post of the script answering.
 */
export type Who = NonNullable<SeedMember['demo']> | ((m: SeedMember) => boolean) | number
export type Text = string | ((author: SeedMember) => string)
export interface Script {
  /** Group name, or null for the forum. */
  group: string | null
  /** Forum and group threads have a title; a group's chat has none of its own. */
  title: string | null
  startDaysAgo: number
  /** Time from the first post to the last. */
  spanHours: number
  posts: [Who, Text][]
}

const alumni = (m: SeedMember) => m.kind === 'alumni' && m.jobTitle !== null
const student = (m: SeedMember) => m.kind === 'student'
const abroad = (country: string) => (m: SeedMember) => alumni(m) && m.country === country
const anyone = () => true
const g = (m: SeedMember, masculine: string, feminine: string) => (m.female ? feminine : masculine)
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)

/** Years of study this academic year (5-year curriculum, graduation in June of `promotion`). */
const studyYear = (m: SeedMember, now: Date) => Math.min(5, Math.max(1, now.getUTCFullYear() + 6 - m.promotion))

function introduction(m: SeedMember, now: Date, closing: number): string {
  if (m.kind === 'student') {
    const endings = [
      'Je cherche un stage à l’étranger pour l’an prochain, tous les conseils sont bienvenus !',
      `${g(m, 'Curieux', 'Curieuse')} de découvrir vos parcours, et ${g(m, 'partant', 'partante')} pour donner un coup de main à l’organisation du gala.`,
      `Je m’intéresse surtout à l’énergie et à l’industrie : si vous avez dix minutes pour un café, je suis ${g(m, 'preneur', 'preneuse')}.`,
    ]
    return `Salut ! ${m.firstName}, en ${studyYear(m, now)}e année (promo ${m.promotion}). ${endings[closing % endings.length]}`
  }
  const job = m.jobTitle && m.company ? ` Je suis ${lowerFirst(m.jobTitle)} chez ${m.company}, à ${cityFr(m)}.` : ''
  const endings = [
    `Toujours ${g(m, 'partant', 'partante')} pour un café si vous passez par ${cityFr(m)}.`,
    `Je cherche à échanger avec d’autres anciens du secteur : ${lowerFirst(m.sector ?? 'ingénierie')}.`,
    `${g(m, 'Ravi', 'Ravie')} de retrouver des têtes connues ici !`,
    'Si des étudiants s’intéressent à mon domaine, écrivez-moi sans hésiter.',
    'Nous recrutons régulièrement des stagiaires, je posterai les offres ici.',
  ]
  return `Bonjour à tous ! ${m.firstName}, promo ${m.promotion}.${job} ${endings[closing % endings.length]}`
}

export function scripts(members: SeedMember[], now: Date): Script[] {
  const demo = (who: SeedMember['demo']) => members.find((m) => m.demo === who)!
  const camille = demo('alumni')
  const lucas = demo('student')
  const inMontreal = members.filter((m) => m.city === 'Montréal').length
  const intro = (closing: number) => (m: SeedMember) => introduction(m, now, closing)

  return [
    // ----- Forum -----
    {
      group: null,
      title: 'Présentez-vous !',
      startDaysAgo: 120,
      spanHours: 110 * 24,
      posts: [
        [
          'webmaster',
          (m) =>
            'Bienvenue sur le forum de l’Amicale !\n\nPour briser la glace, présentez-vous en quelques lignes :\n' +
            '- votre promotion et votre parcours ;\n- ce que vous faites aujourd’hui, et où ;\n' +
            '- ce que vous cherchez ou pouvez offrir : conseils, contacts, un café…\n\n' +
            `Je commence : ${m.firstName}, promo ${m.promotion}, ${lowerFirst(m.jobTitle ?? '')} chez ${m.company} à ${cityFr(m)}. ` +
            'Je m’occupe aussi du site de l’association : signalez-moi ce qui cloche !',
        ],
        [alumni, intro(0)],
        ['alumni', (m) => `${intro(2)(m)} J’anime aussi le groupe **Lyon et Rhône-Alpes** : on se retrouve le premier jeudi du mois, venez !`],
        [(m) => alumni(m) && m.country !== 'FR', intro(0)],
        [student, intro(0)],
        [(m) => alumni(m) && m.promotion < 2005, intro(3)],
        ['student', intro(2)],
        [alumni, intro(1)],
        [student, intro(1)],
        [alumni, intro(4)],
        [(m) => alumni(m) && m.promotion >= 2022, intro(2)],
      ],
    },
    {
      group: null,
      title: 'Conseils pour un premier emploi à l’étranger',
      startDaysAgo: 60,
      spanHours: 40 * 24,
      posts: [
        [
          'student',
          'Bonjour à tous,\n\nJe termine ma dernière année et j’aimerais commencer ma carrière hors de France, idéalement en Suisse ou au Canada. ' +
            'Quelques questions pour ceux qui ont franchi le pas :\n1. VIE ou contrat local, que conseillez-vous ?\n' +
            '2. Comment se passe la reconnaissance du diplôme ?\n3. Des entreprises qui recrutent de jeunes diplômés français ?\n\nMerci d’avance !',
        ],
        [
          abroad('CH'),
          (m) =>
            `Je suis à ${cityFr(m)} depuis quelques années. En Suisse, le contrat local est la norme : les salaires sont élevés mais le coût de la vie aussi, ` +
            '**négocie en connaissant les grilles du secteur**. Pour le permis, c’est l’employeur qui fait la demande.',
        ],
        [
          abroad('CA'),
          (m) =>
            `Bonjour de ${cityFr(m)} ! Pour commencer au Canada, le plus simple est le PVT (permis vacances-travail). ` +
            'Attention : pour porter le titre d’ingénieur au Québec, il faut passer par l’Ordre des ingénieurs, prévois quelques mois.',
        ],
        [
          (m) => alumni(m) && m.country === 'FR' && m.promotion < 2015,
          'Le VIE est une excellente porte d’entrée : statut protégé, bonne rémunération et souvent une embauche à la clé. ' +
            'Toutes les offres sont ici : https://mon-vie-via.businessfrance.fr',
        ],
        [
          abroad('GB'),
          (m) =>
            `Pour le Royaume-Uni (je suis à ${cityFr(m)}), il faut désormais un visa Skilled Worker sponsorisé par l’employeur. ` +
            'Les grands groupes le font sans difficulté, les start-up beaucoup moins.',
        ],
        ['student', 'Merci à tous, c’est très utile ! **Je vais postuler en VIE** en priorité, et je garde la Suisse en plan B.'],
        [
          abroad('DE'),
          (m) =>
            `En Allemagne (${cityFr(m)} pour moi), l’anglais suffit dans beaucoup d’équipes techniques, mais apprendre l’allemand change tout pour évoluer. ` +
            'Beaucoup d’entreprises financent les cours.',
        ],
        [
          abroad('US'),
          'Pour les États-Unis, le plus simple est souvent une mutation interne après quelques années dans un groupe français : le visa est bien plus facile à obtenir.',
        ],
      ],
    },
    {
      group: null,
      title: 'Gala 2026 : qui vient ?',
      startDaysAgo: 25,
      spanHours: 23 * 24,
      posts: [
        [
          'webmaster',
          'Les inscriptions au **Gala 2026** sont ouvertes !\n\nRendez-vous le **samedi 21 novembre** à Paris. Au programme :\n' +
            '- cocktail et retrouvailles par promotion ;\n- remise des prix de l’Amicale ;\n- dîner, puis soirée dansante.\n\n' +
            'Tarifs : 85 € pour les membres, 25 € pour les étudiants. Inscriptions : https://amicale.example/evenements/gala-2026\n\n' +
            'Qui vient ? Dites-le ici, ça motive les autres promos !',
        ],
        [(m) => alumni(m) && m.promotion < 2010, (m) => `${g(m, 'Inscrit', 'Inscrite')} ! On sera au moins cinq de la promo ${m.promotion}.`],
        [
          (m) => alumni(m) && m.promotion === camille.promotion,
          (m) => `${g(m, 'Présent', 'Présente')} ! @${camille.firstName} ${camille.lastName}, on réserve une table promo ${camille.promotion} ?`,
        ],
        ['alumni', 'Bonne idée ! Je m’en occupe, j’ai déjà six noms.'],
        [alumni, 'Est-ce qu’il y a un tarif pour les accompagnants ?'],
        ['webmaster', 'Oui : 60 € par accompagnant, à ajouter lors de l’inscription.'],
        [student, (m) => `On sera une dizaine de la promo ${m.promotion} ! Merci pour le tarif étudiant.`],
        [(m) => alumni(m) && m.country !== 'FR', (m) => `Je fais le déplacement depuis ${cityFr(m)}, je n’en ai pas raté un depuis des années.`],
        [alumni, 'Pas disponible cette année malheureusement, bon gala à tous !'],
        [alumni, (m) => `${g(m, 'Inscrit', 'Inscrite')}. Est-ce qu’il y aura un vestiaire ?`],
        ['webmaster', 'Oui, vestiaire gratuit sur place.'],
      ],
    },
    {
      group: null,
      title: 'Offres de stage et d’alternance 2027',
      startDaysAgo: 45,
      spanHours: 30 * 24,
      posts: [
        [
          (m) => alumni(m) && m.country === 'FR' && m.promotion < 2016 && /numérique/.test(m.sector ?? ''),
          (m) =>
            `Bonjour,\n\nChez **${m.company}**, nous recrutons pour 2027 :\n- un stage de fin d’études de 6 mois en data ou en développement ;\n` +
            '- deux alternances de 2 ans en ingénierie logicielle ;\n- un stage de césure en gestion de projet.\n\n' +
            'Envoyez-moi votre CV en répondant ici ou via l’annuaire, je transmets directement aux équipes.',
        ],
        [student, 'Bonjour, est-ce que le stage de fin d’études peut commencer en février ?'],
        [0, 'Oui, un début entre février et avril, c’est flexible.'],
        [
          (m) => alumni(m) && m.country === 'FR' && m.company !== null,
          (m) => `Je complète : chez ${m.company}, nous cherchons aussi deux stagiaires pour le printemps, même principe, écrivez-moi.`,
        ],
        ['student', 'Merci, je vous envoie mon CV cette semaine !'],
        [student, 'Est-ce que les alternances sont compatibles avec le rythme de l’école (trois semaines en entreprise, une à l’école) ?'],
        [0, 'Oui, nous avons déjà deux alternants sur ce rythme.'],
      ],
    },
    {
      group: null,
      title: 'Mentorat : des anciens pour accompagner les étudiants',
      startDaysAgo: 80,
      spanHours: 60 * 24,
      posts: [
        [
          'webmaster',
          'Bonjour à tous,\n\nL’Amicale relance son **programme de mentorat** pour l’année 2026-2027 : un ancien accompagne un étudiant pendant l’année, ' +
            'à raison d’un échange par mois environ.\n\nPour participer :\n- les anciens : répondez ici en indiquant votre domaine ;\n' +
            '- les étudiants : dites ce que vous cherchez (stage, orientation, international…).\n\nLes binômes seront formés à la rentrée.',
        ],
        [
          alumni,
          (m) =>
            `${g(m, 'Partant', 'Partante')} ! ${m.jobTitle} chez ${m.company}, je peux accompagner sur le secteur : ${lowerFirst(m.sector ?? 'industrie')}.`,
        ],
        [student, 'Bonjour, je cherche un mentor pour m’aider à choisir entre une spécialisation en énergie et une en data.'],
        [(m) => alumni(m) && m.promotion < 2000, 'Je mentore depuis trois ans, c’est très enrichissant des deux côtés. Je rempile !'],
        [(m) => alumni(m) && m.country !== 'FR', (m) => `Je peux accompagner à distance un étudiant intéressé par une carrière à ${cityFr(m)}.`],
        [student, 'Est-ce qu’on peut demander un mentor dans une entreprise précise ?'],
        ['webmaster', 'Dans la mesure du possible, oui : indiquez-le dans le formulaire de la rentrée. Merci à tous, déjà **32 mentors** inscrits !'],
      ],
    },
    {
      group: null,
      title: 'Changer de secteur après 10 ans : retours d’expérience ?',
      startDaysAgo: 30,
      spanHours: 20 * 24,
      posts: [
        [
          (m) => alumni(m) && m.promotion >= 2012 && m.promotion <= 2016 && m.sector !== 'Énergie' && m.sector !== null,
          (m) =>
            `Après une dizaine d’années dans le secteur « ${lowerFirst(m.sector ?? '')} », j’envisage de passer à autre chose (énergie ou environnement). ` +
            'Ceux qui ont changé de secteur en milieu de carrière : comment avez-vous valorisé votre expérience ? Formation, réseau, candidature spontanée ?',
        ],
        [
          (m) => alumni(m) && m.promotion < 2010,
          (m) =>
            `Je suis ${g(m, 'passé', 'passée')} de l’automobile à l’énergie il y a cinq ans. Ce qui a marché pour moi : **parler compétences plutôt que secteur**. ` +
            'La gestion de projet et la qualité se transposent très bien.',
        ],
        [
          alumni,
          'Le réseau avant tout : l’annuaire de l’Amicale m’a permis de contacter une dizaine d’anciens du secteur visé, presque tous ont accepté un café.',
        ],
        [
          alumni,
          'Une formation courte peut rassurer les recruteurs, mais ce n’est pas indispensable. J’ai surtout misé sur des missions transverses en interne avant de partir.',
        ],
        [sector('Énergie'), 'Si tu vises l’énergie, rejoins le groupe **Énergie** : il y passe souvent des offres qu’on ne voit pas sur les sites d’emploi.'],
        [0, 'Merci, c’est très encourageant. Je rejoins le groupe et je commence les cafés !'],
      ],
    },

    // ----- Group threads -----
    {
      group: `Promotion ${camille.promotion}`,
      title: '15 ans de la promo : on organise quelque chose ?',
      startDaysAgo: 40,
      spanHours: 30 * 24,
      posts: [
        [
          'alumni',
          'Bonjour à tous !\n\nL’an prochain, cela fera **15 ans** que nous avons quitté l’école. Je propose qu’on marque le coup. Trois idées :\n' +
            '1. un week-end à Annecy en juin ;\n2. un dîner à Paris un samedi soir ;\n3. une visite du campus suivie d’un apéro avec les étudiants.\n\n' +
            'Dites-moi ce qui vous tente, je lancerai un sondage ensuite.',
        ],
        [anyone, 'Le week-end à Annecy, sans hésiter !'],
        [anyone, 'Le dîner à Paris est plus simple pour ceux qui ont des enfants, mais Annecy me tente aussi.'],
        [anyone, 'Pourquoi pas les deux ? Le dîner en décembre et Annecy en juin.'],
        [anyone, (m) => `Je vote pour la visite du campus, je n’y suis pas ${g(m, 'retourné', 'retournée')} depuis la remise des diplômes !`],
        ['alumni', 'Merci pour vos réponses ! Le sondage est en ligne, on en parle dans la discussion du groupe.'],
      ],
    },
    {
      group: 'Aéronautique et spatial',
      title: 'Salon du Bourget 2027 : on se retrouve ?',
      startDaysAgo: 20,
      spanHours: 15 * 24,
      posts: [
        [
          alumni,
          'Le salon revient en **juin 2027**. Plusieurs d’entre nous y seront sur les stands de leurs employeurs : ' +
            'et si on organisait un petit-déjeuner de l’Amicale le premier jour ouvert aux professionnels ?',
        ],
        [alumni, (m) => `Bonne idée ! Je serai sur le stand ${m.company} toute la semaine.`],
        [alumni, 'Je peux demander une salle pour une trentaine de personnes dans le hall d’exposition.'],
        ['student', 'Est-ce que des étudiants pourraient venir ? Le salon est une super occasion de rencontrer des recruteurs.'],
        [0, 'Oui, on vous réservera quelques places ! J’ouvre un fil dédié au printemps.'],
      ],
    },
    {
      group: 'Suisse romande',
      title: 'Frontalier ou résident : vos retours ?',
      startDaysAgo: 50,
      spanHours: 30 * 24,
      posts: [
        [
          anyone,
          (m) =>
            `Je commence en janvier à ${m.city === 'Genève' ? 'Lausanne' : 'Genève'}. Vivre côté français et passer la frontière tous les jours, ` +
            'ou s’installer directement en Suisse ? Vos expériences m’intéressent.',
        ],
        [
          anyone,
          'J’ai fait trois ans en frontalier depuis Annemasse : moins cher, mais **les bouchons du matin** usent vite. Le Léman Express a changé la donne, regardez les horaires avant de choisir.',
        ],
        [anyone, 'Attention à la fiscalité : l’imposition dépend du canton où vous travaillez. Faites une simulation avant de signer le bail.'],
        [
          anyone,
          (m) =>
            `${g(m, 'Résident', 'Résidente')} à ${cityFr(m)} depuis plusieurs années : le logement est le vrai sujet, comptez deux ou trois mois de recherche.`,
        ],
        [0, 'Merci à tous, ça m’aide beaucoup !'],
      ],
    },
    {
      group: 'Data et IA',
      title: 'Vos sources de veille préférées',
      startDaysAgo: 35,
      spanHours: 25 * 24,
      posts: [
        [
          anyone,
          'Partagez vos sources ! Je commence :\n- les newsletters de quelques chercheurs ;\n- **les articles du jour** sur https://arxiv.org/list/cs.LG/recent\n- les meetups data de ma ville.',
        ],
        [anyone, 'Les podcasts pendant les trajets, c’est ce qui me fait le plus progresser.'],
        [anyone, 'Je lis surtout les retours d’expérience des équipes data des grandes entreprises : plus concret que les articles de recherche.'],
        [anyone, 'Kaggle reste un bon terrain de jeu pour tester des idées rapidement.'],
        [anyone, 'Ajoutez les conférences en ligne : beaucoup de replays gratuits.'],
      ],
    },

    // ----- Live chats -----
    {
      group: `Promotion ${camille.promotion}`,
      title: null,
      startDaysAgo: 4,
      spanHours: 60,
      posts: [
        [anyone, 'Salut la promo ! Le sondage pour les 15 ans est toujours ouvert ?'],
        ['alumni', 'Oui, **jusqu’à dimanche soir**. Pour l’instant, Annecy est devant.'],
        [anyone, 'Voté ! Team Annecy.'],
        [anyone, 'Pareil. Je connais un grand chalet à Talloires, 14 couchages, je peux demander les disponibilités pour juin.'],
        [0, 'Top, vas-y ! Je relance ceux qui ne sont pas encore inscrits sur la plateforme.'],
        [anyone, 'Je ne pourrai pas en juin malheureusement (déménagement à Montréal), mais faites des photos !'],
        [2, 'Montréal ! Il y a un groupe de l’Amicale là-bas ?'],
        [3, `Pas encore de groupe, mais l’annuaire compte ${inMontreal} membres à Montréal : filtre par ville.`],
      ],
    },
    {
      group: 'Lyon et Rhône-Alpes',
      title: null,
      startDaysAgo: 6,
      spanHours: 5 * 24,
      posts: [
        ['alumni', 'Rappel : afterwork **jeudi 3 septembre** à partir de 19 h, au bar habituel près de la place des Terreaux.'],
        [anyone, 'J’y serai, avec un collègue qui vient d’arriver à Lyon (pas encore inscrit).'],
        [(m) => m.city === 'Grenoble' && !!m.jobTitle, 'Pour les Grenoblois : covoiturage possible, départ 17 h 45 de la gare, trois places.'],
        ['student', 'Je veux bien une place si c’est ouvert aux étudiants !'],
        [2, `Bien sûr, c’est noté ${lucas.firstName}.`],
        [anyone, (m) => `Je ne pourrai pas jeudi, mais je suis ${g(m, 'partant', 'partante')} pour la visite du chantier du tram en octobre.`],
        ['alumni', 'Je mets le lien d’inscription à la visite dès que j’ai la date.'],
      ],
    },
    {
      group: 'Data et IA',
      title: null,
      startDaysAgo: 3,
      spanHours: 30,
      posts: [
        [anyone, 'Quelqu’un a testé les nouveaux modèles open source pour extraire des données de documents ? Retours bienvenus.'],
        [
          anyone,
          'Oui, en production depuis juin sur des factures fournisseurs. Bonne précision, mais **il faut un vrai jeu de test métier** : les benchmarks publics ne disent pas grand-chose.',
        ],
        [anyone, '+1. Et surveillez les coûts d’inférence, ça grimpe vite dès qu’on passe à l’échelle.'],
        [anyone, 'On organise un retour d’expérience en visio le mois prochain : qui serait partant pour présenter ?'],
        [1, 'Je peux faire 20 minutes sur notre chaîne de traitement.'],
        [3, 'Merci ! Je prends des notes pour le fil de veille.'],
      ],
    },
    {
      group: `Promotion ${lucas.promotion}`,
      title: null,
      startDaysAgo: 5,
      spanHours: 4 * 24,
      posts: [
        [anyone, 'Quelqu’un a trouvé son stage de fin d’études pour février ?'],
        ['student', 'J’ai deux entretiens la semaine prochaine, un chez un motoriste et un en bureau d’études. Le fil du forum sur les stages m’a bien aidé.'],
        [anyone, 'Moi, je pars en VIE si tout va bien, réponse fin septembre.'],
        [anyone, 'Pensez à la réunion d’information sur le mentorat jeudi, les anciens ont l’air motivés.'],
        [0, 'Merci ! Vous savez si les inscriptions au gala sont ouvertes pour nous ?'],
        [3, 'Oui, **25 €** pour les étudiants, le lien est dans le fil « Gala 2026 » du forum.'],
      ],
    },
  ]
}
