/**
 * Demo content for « Carrière »: offers posted by seeded alumni in their own city and company,
 * most published (by the demo webmaster), a few awaiting validation, one refused, one filled.
 * No randomness: offers are drawn from fixed templates and fixed positions in the member list,
 * and every date derives from the seed's reference date.
 *
 * Published offers expire 60 days after their publication, like any offer: a demo started long
 * after the reference date shows them as expired; the pending ones (deadline 120 days after the
 * reference date) can still be approved at /admin/offres.
 */
import type { Db } from './client'
import { jobOffers, type ContractType, type ExperienceLevel, type JobSector, type RemotePolicy } from './schema'
import type { SeedMember } from './seed-discussions'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type OfferRow = typeof jobOffers.$inferInsert
const DAY = 24 * 60 * 60 * 1000

interface Template {
  title: string
  contractType: ContractType
  sector: JobSector
  experience: ExperienceLevel
  remote: RemotePolicy
  salary: [number, number, 'year' | 'month'] | null
  description: string
  profile: string
}

const TEMPLATES: Template[] = [
  {
    title: 'Ingénieur·e calcul de structures',
    contractType: 'cdi',
    sector: 'construction',
    experience: 'junior',
    remote: 'hybrid',
    salary: [40000, 46000, 'year'],
    description: 'Au sein du bureau d’études, vous dimensionnez des ouvrages d’art et des bâtiments de grande hauteur, du concept aux plans d’exécution.',
    profile: 'Diplômé·e en génie civil, à l’aise avec la modélisation aux éléments finis. Une première expérience en bureau d’études est un plus.',
  },
  {
    title: 'Stage — Data scientist (6 mois)',
    contractType: 'stage',
    sector: 'software',
    experience: 'student',
    remote: 'hybrid',
    salary: [1400, 1400, 'month'],
    description: 'Vous construisez des modèles de prévision de la demande et les mettez en production avec l’équipe plateforme.',
    profile: 'Étudiant·e en dernière année, Python et SQL, curiosité pour les séries temporelles.',
  },
  {
    title: 'Alternance — Ingénieur·e méthodes',
    contractType: 'alternance',
    sector: 'industry',
    experience: 'student',
    remote: 'onsite',
    salary: null,
    description: 'Vous améliorez les gammes de fabrication et accompagnez l’industrialisation d’une nouvelle ligne d’assemblage.',
    profile: 'Étudiant·e en génie mécanique ou industriel, rythme trois semaines en entreprise, une à l’école.',
  },
  {
    title: 'Cheffe ou chef de projet énergies renouvelables',
    contractType: 'cdi',
    sector: 'energy',
    experience: 'confirmed',
    remote: 'hybrid',
    salary: [52000, 62000, 'year'],
    description: 'Vous pilotez le développement de parcs solaires, des études de faisabilité à la mise en service.',
    profile: 'Cinq ans d’expérience en gestion de projets d’infrastructure, goût du terrain et des échanges avec les collectivités.',
  },
  {
    title: 'Mission freelance — Architecte cloud',
    contractType: 'freelance',
    sector: 'consulting',
    experience: 'senior',
    remote: 'remote',
    salary: null,
    description: 'Mission de six mois : migration d’un système d’information vers une architecture cloud hybride.',
    profile: 'Dix ans d’expérience, certifications cloud appréciées, anglais courant.',
  },
  {
    title: 'CDD 12 mois — Ingénieure ou ingénieur qualité',
    contractType: 'cdd',
    sector: 'auto',
    experience: 'junior',
    remote: 'onsite',
    salary: [38000, 42000, 'year'],
    description: 'Vous animez la résolution de problèmes qualité avec les fournisseurs et les équipes de production.',
    profile: 'Première expérience en industrie automobile, méthodes 8D et AMDEC.',
  },
  {
    title: 'Stage — Conception mécanique',
    contractType: 'stage',
    sector: 'aero',
    experience: 'student',
    remote: 'onsite',
    salary: [1300, 1300, 'month'],
    description: 'Vous concevez des pièces de structure et participez aux revues de conception avec les équipes de production.',
    profile: 'Étudiant·e en génie mécanique, CAO 3D, rigueur et esprit d’équipe.',
  },
  {
    title: 'Développeuse ou développeur backend',
    contractType: 'cdi',
    sector: 'software',
    experience: 'confirmed',
    remote: 'remote',
    salary: [50000, 60000, 'year'],
    description: 'Vous faites évoluer l’API d’une plateforme utilisée par deux millions de personnes, en TypeScript et PostgreSQL.',
    profile: 'Trois ans d’expérience en développement web, tests automatisés, revue de code bienveillante.',
  },
  {
    title: 'VIE — Ingénieur·e d’affaires',
    contractType: 'vie',
    sector: 'transport',
    experience: 'junior',
    remote: 'onsite',
    salary: null,
    description: 'Volontariat international de 18 mois : vous accompagnez les appels d’offres ferroviaires de la filiale.',
    profile: 'Jeune diplômé·e, anglais courant, envie de vivre à l’étranger.',
  },
  {
    title: 'Ingénieur·e réseaux 5G',
    contractType: 'cdi',
    sector: 'telecom',
    experience: 'confirmed',
    remote: 'hybrid',
    salary: [48000, 56000, 'year'],
    description: 'Vous concevez et optimisez le déploiement du réseau 5G sur une grande région.',
    profile: 'Expérience en radio ou cœur de réseau, sens du service.',
  },
  {
    title: 'Alternance — Analyste risques',
    contractType: 'alternance',
    sector: 'finance',
    experience: 'student',
    remote: 'hybrid',
    salary: null,
    description: 'Vous contribuez au suivi des risques de marché et à l’automatisation des rapports réglementaires.',
    profile: 'Étudiant·e en école d’ingénieurs, appétence pour la finance et la programmation.',
  },
  {
    title: 'Stage — Analyse du cycle de vie',
    contractType: 'stage',
    sector: 'environment',
    experience: 'student',
    remote: 'hybrid',
    salary: [1200, 1200, 'month'],
    description: 'Vous mesurez l’empreinte carbone de nos produits et proposez des pistes de réduction.',
    profile: 'Étudiant·e sensible aux enjeux environnementaux, à l’aise avec les tableurs.',
  },
  {
    title: 'Responsable maintenance',
    contractType: 'cdi',
    sector: 'health',
    experience: 'senior',
    remote: 'onsite',
    salary: [55000, 65000, 'year'],
    description: 'Vous dirigez l’équipe de maintenance d’un site de production pharmaceutique.',
    profile: 'Huit ans d’expérience en maintenance industrielle, management d’équipe.',
  },
]

const STATES: { status: OfferRow['status']; count: number }[] = [
  { status: 'published', count: 8 },
  { status: 'pending', count: 3 },
  { status: 'rejected', count: 1 },
  { status: 'filled', count: 1 },
]

/** Lower case, no accents, as the careers service folds text for search. */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-'’.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10)

export function generateCareers(members: SeedMember[], now: Date): OfferRow[] {
  const ref = now.getTime()
  const webmaster = members.find((m) => m.demo === 'webmaster')
  const camille = members.find((m) => m.demo === 'alumni')
  const employed = members.filter((m) => m.kind === 'alumni' && m.company && !m.demo)
  if (!webmaster || !camille || !employed.length) return []
  const rows: OfferRow[] = []
  let n = 0
  for (const { status, count } of STATES) {
    for (let i = 0; i < count; i++, n++) {
      const template = TEMPLATES[n % TEMPLATES.length]
      // Camille, the demo alumna, posted the first published offer and the refused one.
      const author = n === 0 || status === 'rejected' ? camille : employed[(n * 97) % employed.length]
      const createdAt = new Date(ref - (status === 'pending' ? 1 + i : 3 + n * 2) * DAY)
      const published = status === 'published' || status === 'filled'
      const publishedAt = published ? new Date(createdAt.getTime() + DAY) : null
      const company = author.company ?? 'Entreprise partenaire'
      rows.push({
        authorId: author.id,
        title: template.title,
        company,
        contractType: template.contractType,
        sector: template.sector,
        city: author.city,
        country: author.country,
        latitude: author.latitude,
        longitude: author.longitude,
        remote: template.remote,
        description: template.description,
        profileSought: template.profile,
        experience: template.experience,
        startDate: isoDay(ref + (30 + n * 5) * DAY),
        // Published: a deadline past the 60-day limit, which decides. Pending: still approvable for months.
        deadline: isoDay(ref + (status === 'pending' ? 120 : 75 + n) * DAY),
        applicationEmail: `recrutement.${n + 1}@exemple.fr`,
        salaryMin: template.salary?.[0] ?? null,
        salaryMax: template.salary?.[1] ?? null,
        salaryPeriod: template.salary?.[2] ?? null,
        status,
        rejectionReason: status === 'rejected' ? 'Merci d’indiquer la rémunération et le lieu exact du poste.' : null,
        searchText: fold([template.title, company, author.city, template.description, template.profile].join(' ')),
        createdAt,
        updatedAt: createdAt,
        publishedAt,
        expiresAt: publishedAt ? new Date(publishedAt.getTime() + 60 * DAY) : null,
        reviewedAt: status === 'pending' ? null : new Date(createdAt.getTime() + DAY),
        reviewedBy: status === 'pending' ? null : webmaster.id,
        closedAt: status === 'filled' ? new Date(ref - DAY) : null,
      })
    }
  }
  return rows
}

export function insertCareers(tx: Tx, rows: OfferRow[]) {
  if (rows.length) tx.insert(jobOffers).values(rows).run()
}
