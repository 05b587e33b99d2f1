/** Reference lists of the demo seed: diplomas, sectors, employers, job titles, first names, places. */
export type Sex = 'female' | 'male'
// ---------------------------------------------------------------------------
// Reference lists
// ---------------------------------------------------------------------------

/** Diplomas a French engineering school awards; `since` = first promotion holding it. */
export const DIPLOMA_MIX = [
  { name: "Diplôme d'ingénieur — Génie civil", weight: 16, since: 0, engineering: true },
  { name: "Diplôme d'ingénieur — Informatique", weight: 20, since: 0, engineering: true },
  { name: "Diplôme d'ingénieur — Génie mécanique", weight: 15, since: 0, engineering: true },
  { name: "Diplôme d'ingénieur — Génie électrique", weight: 12, since: 0, engineering: true },
  { name: "Diplôme d'ingénieur — Génie industriel", weight: 12, since: 0, engineering: true },
  { name: 'Mastère spécialisé Management de projets', weight: 10, since: 0, engineering: false },
  { name: 'Mastère spécialisé Cybersécurité', weight: 6, since: 2012, engineering: false },
  { name: 'Master Science des données', weight: 9, since: 2016, engineering: false },
] as const

export const DIPLOMAS: readonly string[] = DIPLOMA_MIX.map((d) => d.name)

export const SECTORS = {
  aero: 'Aéronautique, spatial et défense',
  energy: 'Énergie',
  transport: 'Transport et mobilité',
  auto: 'Automobile',
  consulting: 'Conseil et services numériques',
  telecom: 'Télécommunications',
  finance: 'Banque et assurance',
  industry: 'Industrie',
  software: 'Édition de logiciels et numérique',
  construction: 'BTP et ingénierie',
  environment: 'Environnement',
  consumer: 'Distribution et biens de consommation',
  health: 'Santé',
  research: 'Recherche publique',
} as const
export type SectorKey = keyof typeof SECTORS

export interface Employer {
  name: string
  sector: SectorKey
}

export const e = (name: string, sector: SectorKey): Employer => ({ name, sector })

/** Employers of alumni working in France (big names dominate, as in real alumni directories). */
export const FRENCH_EMPLOYERS: Employer[] = [
  e('Airbus', 'aero'),
  e('Thales', 'aero'),
  e('Safran', 'aero'),
  e('Dassault Aviation', 'aero'),
  e('MBDA', 'aero'),
  e('Naval Group', 'aero'),
  e('ArianeGroup', 'aero'),
  e('EDF', 'energy'),
  e('TotalEnergies', 'energy'),
  e('Engie', 'energy'),
  e('RTE', 'energy'),
  e('Framatome', 'energy'),
  e('Orano', 'energy'),
  e('SNCF', 'transport'),
  e('Alstom', 'transport'),
  e('RATP', 'transport'),
  e('BlaBlaCar', 'transport'),
  e('Renault', 'auto'),
  e('Stellantis', 'auto'),
  e('Michelin', 'auto'),
  e('Valeo', 'auto'),
  e('Forvia', 'auto'),
  e('Capgemini', 'consulting'),
  e('Sopra Steria', 'consulting'),
  e('Atos', 'consulting'),
  e('Accenture', 'consulting'),
  e('Alten', 'consulting'),
  e('Akkodis', 'consulting'),
  e('Wavestone', 'consulting'),
  e('Orange', 'telecom'),
  e('Bouygues Telecom', 'telecom'),
  e('Free', 'telecom'),
  e('BNP Paribas', 'finance'),
  e('Société Générale', 'finance'),
  e('Crédit Agricole', 'finance'),
  e('AXA', 'finance'),
  e('Schneider Electric', 'industry'),
  e('Saint-Gobain', 'industry'),
  e('Air Liquide', 'industry'),
  e('Legrand', 'industry'),
  e('ArcelorMittal', 'industry'),
  e('STMicroelectronics', 'industry'),
  e('Dassault Systèmes', 'software'),
  e('Ubisoft', 'software'),
  e('Doctolib', 'software'),
  e('Criteo', 'software'),
  e('OVHcloud', 'software'),
  e('Mirakl', 'software'),
  e('Qonto', 'software'),
  e('Vinci', 'construction'),
  e('Bouygues Construction', 'construction'),
  e('Eiffage', 'construction'),
  e('Egis', 'construction'),
  e('Setec', 'construction'),
  e('Artelia', 'construction'),
  e('Veolia', 'environment'),
  e('Suez', 'environment'),
  e('Decathlon', 'consumer'),
  e("L'Oréal", 'consumer'),
  e('Danone', 'consumer'),
  e('Carrefour', 'consumer'),
  e('Sanofi', 'health'),
  e('bioMérieux', 'health'),
  e('CEA', 'research'),
  e('CNRS', 'research'),
  e('Inria', 'research'),
  e('ONERA', 'research'),
]

/** Employers that make sense in each foreign country (French groups also hire abroad). */
export const FOREIGN_EMPLOYERS: Record<string, Employer[]> = {
  CH: [e('CERN', 'research'), e('Nestlé', 'consumer'), e('ABB', 'industry'), e('Novartis', 'health'), e('EPFL', 'research')],
  BE: [e('Commission européenne', 'research'), e('Solvay', 'industry'), e('Engie', 'energy'), e('Besix', 'construction')],
  DE: [e('Siemens', 'industry'), e('SAP', 'software'), e('Bosch', 'auto'), e('Airbus', 'aero'), e('BMW', 'auto')],
  GB: [e('Arm', 'industry'), e('Rolls-Royce', 'aero'), e('Google', 'software'), e('Deloitte', 'consulting')],
  US: [e('Google', 'software'), e('Microsoft', 'software'), e('Amazon', 'software'), e('Tesla', 'auto'), e('SpaceX', 'aero')],
  CA: [e('Bombardier', 'aero'), e('Ubisoft', 'software'), e('CAE', 'aero'), e('Hydro-Québec', 'energy')],
  LU: [e('ArcelorMittal', 'industry'), e('SES', 'telecom'), e('BGL BNP Paribas', 'finance')],
  ES: [e('Amadeus', 'software'), e('Iberdrola', 'energy'), e('Airbus', 'aero'), e('Banco Santander', 'finance')],
  SG: [e('Thales', 'aero'), e('Schneider Electric', 'industry'), e('Grab', 'software')],
}

/** Job titles as [masculine, feminine]; which list depends on years since graduation. */
export type Title = readonly [string, string]
export const JUNIOR_TITLES: Title[] = [
  ["Ingénieur d'études", "Ingénieure d'études"],
  ['Ingénieur développement logiciel', 'Ingénieure développement logiciel'],
  ['Data scientist', 'Data scientist'],
  ['Ingénieur calcul', 'Ingénieure calcul'],
  ['Ingénieur méthodes', 'Ingénieure méthodes'],
  ['Ingénieur R&D', 'Ingénieure R&D'],
  ['Consultant', 'Consultante'],
  ['Ingénieur qualité', 'Ingénieure qualité'],
  ['Ingénieur travaux', 'Ingénieure travaux'],
  ['Ingénieur DevOps', 'Ingénieure DevOps'],
  ["Ingénieur d'affaires", "Ingénieure d'affaires"],
  ['Doctorant', 'Doctorante'],
]
export const CONFIRMED_TITLES: Title[] = [
  ['Chef de projet', 'Cheffe de projet'],
  ['Architecte logiciel', 'Architecte logiciel'],
  ['Ingénieur expert', 'Ingénieure experte'],
  ["Responsable bureau d'études", "Responsable bureau d'études"],
  ['Product manager', 'Product manager'],
  ['Tech lead', 'Tech lead'],
  ['Consultant senior', 'Consultante senior'],
  ['Chef de produit', 'Cheffe de produit'],
  ['Responsable de production', 'Responsable de production'],
  ['Chargé de recherche', 'Chargée de recherche'],
  ['Lead data scientist', 'Lead data scientist'],
]
export const SENIOR_TITLES: Title[] = [
  ['Directeur technique', 'Directrice technique'],
  ['Responsable R&D', 'Responsable R&D'],
  ['Directeur de programme', 'Directrice de programme'],
  ['Directeur des opérations', 'Directrice des opérations'],
  ['Directeur de projet', 'Directrice de projet'],
  ['Directeur général', 'Directrice générale'],
  ['Fondateur et président', 'Fondatrice et présidente'],
  ['Expert technique', 'Experte technique'],
  ["Directeur d'usine", "Directrice d'usine"],
  ['Associé', 'Associée'],
  ["Directeur des systèmes d'information", "Directrice des systèmes d'information"],
]
export const STUDENT_TITLES: Title[] = [
  ['Apprenti ingénieur', 'Apprentie ingénieure'],
  ['Stagiaire ingénieur', 'Stagiaire ingénieure'],
]

/**
 * Common French first names of people born 1970–2010. faker's fr list is drawn from
 * the saints' calendar (Agilberte, Théophraste, « Jeanne d'Arc »…), which looks odd in
 * a directory of engineers, so faker only picks from these; last names come from faker.
 */
export const FIRST_NAMES: Record<Sex, string[]> = {
  female: [
    'Camille',
    'Julie',
    'Marie',
    'Sophie',
    'Claire',
    'Émilie',
    'Laura',
    'Sarah',
    'Manon',
    'Léa',
    'Chloé',
    'Pauline',
    'Céline',
    'Aurélie',
    'Élodie',
    'Mathilde',
    'Lucie',
    'Charlotte',
    'Anaïs',
    'Marion',
    'Juliette',
    'Inès',
    'Clémence',
    'Amandine',
    'Hélène',
    'Nathalie',
    'Isabelle',
    'Stéphanie',
    'Caroline',
    'Audrey',
    'Justine',
    'Margaux',
    'Alice',
    'Emma',
    'Louise',
    'Jeanne',
    'Zoé',
    'Agathe',
    'Salomé',
    'Nina',
    'Yasmine',
    'Sonia',
    'Virginie',
    'Anne',
    'Élise',
  ],
  male: [
    'Thomas',
    'Nicolas',
    'Julien',
    'Maxime',
    'Antoine',
    'Alexandre',
    'Guillaume',
    'Pierre',
    'Romain',
    'Kevin',
    'Mathieu',
    'Sébastien',
    'Vincent',
    'Jérôme',
    'Olivier',
    'Benjamin',
    'Hugo',
    'Lucas',
    'Louis',
    'Paul',
    'Arthur',
    'Théo',
    'Quentin',
    'Florian',
    'Clément',
    'Adrien',
    'Baptiste',
    'Raphaël',
    'François',
    'Laurent',
    'Stéphane',
    'David',
    'Frédéric',
    'Christophe',
    'Yann',
    'Mehdi',
    'Karim',
    'Jules',
    'Gabriel',
    'Victor',
    'Rémi',
    'Damien',
    'Cédric',
    'Tristan',
  ],
}

/**
 * Where members abroad live: countries and cities French engineers commonly move to.
 * Weights are chosen by hand (raw population would send everyone to London and New York).
 */
export const ABROAD: { country: string; weight: number; cities: [name: string, weight: number][] }[] = [
  {
    country: 'CH',
    weight: 22,
    cities: [
      ['Genève', 5],
      ['Lausanne', 4],
      ['Zürich', 3],
      ['Basel', 2],
      ['Bern', 1],
    ],
  },
  {
    country: 'BE',
    weight: 14,
    cities: [
      ['Brussels', 6],
      ['Liège', 2],
      ['Namur', 1],
      ['Louvain-la-Neuve', 1],
      ['Gent', 1],
    ],
  },
  {
    country: 'DE',
    weight: 13,
    cities: [
      ['Munich', 4],
      ['Berlin', 3],
      ['Hamburg', 2],
      ['Frankfurt am Main', 2],
      ['Stuttgart', 2],
    ],
  },
  {
    country: 'GB',
    weight: 14,
    cities: [
      ['London', 8],
      ['Cambridge', 2],
      ['Manchester', 1],
      ['Edinburgh', 1],
      ['Bristol', 1],
    ],
  },
  {
    country: 'US',
    weight: 10,
    cities: [
      ['New York City', 3],
      ['San Francisco', 3],
      ['Boston', 2],
      ['Seattle', 1],
      ['Houston', 1],
    ],
  },
  {
    country: 'CA',
    weight: 11,
    cities: [
      ['Montréal', 6],
      ['Québec', 2],
      ['Toronto', 2],
      ['Vancouver', 1],
    ],
  },
  {
    country: 'LU',
    weight: 7,
    cities: [
      ['Luxembourg', 5],
      ['Esch-sur-Alzette', 1],
    ],
  },
  {
    country: 'ES',
    weight: 5,
    cities: [
      ['Madrid', 3],
      ['Barcelona', 3],
      ['Valencia', 1],
    ],
  },
  { country: 'SG', weight: 4, cities: [['Singapore', 1]] },
]
export const ENGLISH_SPEAKING = new Set(['GB', 'US', 'CA', 'SG'])

/**
 * Engineers cluster in tech and industrial hubs more than the population does (the
 * gazetteer's Paris is the city proper only, without La Défense or Saclay): these
 * multiply a French city's population weight.
 */
export const FRENCH_HUB_BOOST: Record<string, number> = {
  Paris: 4,
  Lyon: 3,
  Toulouse: 3,
  Grenoble: 4,
  Nantes: 2,
  Bordeaux: 2,
  Rennes: 2,
  Lille: 2,
  Strasbourg: 1.5,
  Montpellier: 1.5,
  Villeurbanne: 2,
  'Boulogne-Billancourt': 3,
  Courbevoie: 4,
  Puteaux: 4,
  'Issy-les-Moulineaux': 3,
  Massy: 3,
  Palaiseau: 4,
  'Vélizy-Villacoublay': 4,
  'Saint-Quentin-en-Yvelines': 2,
  Antibes: 2,
}
