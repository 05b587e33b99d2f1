/** Careers' fixed lists, with no database import: the pages' client bundle reads them too. */
/** The fixed lists an offer is described with; labels live in the i18n catalogues. */
export const CONTRACT_TYPES = ['stage', 'alternance', 'cdi', 'cdd', 'vie', 'freelance'] as const
/** What « Étudiant recherche un stage » shows: internships and apprenticeships. */
export const STUDENT_CONTRACT_TYPES = ['stage', 'alternance'] as const
export const REMOTE_POLICIES = ['onsite', 'hybrid', 'remote'] as const
export const EXPERIENCE_LEVELS = ['student', 'junior', 'confirmed', 'senior'] as const
/** The directory's sectors (db/seed-data.ts `SECTORS`), plus « other ». */
export const JOB_SECTORS = [
  'aero',
  'energy',
  'transport',
  'auto',
  'consulting',
  'telecom',
  'finance',
  'industry',
  'software',
  'construction',
  'environment',
  'consumer',
  'health',
  'research',
  'other',
] as const
export const SALARY_PERIODS = ['year', 'month'] as const

export type ContractType = (typeof CONTRACT_TYPES)[number]
export type RemotePolicy = (typeof REMOTE_POLICIES)[number]
export type ExperienceLevel = (typeof EXPERIENCE_LEVELS)[number]
export type JobSector = (typeof JOB_SECTORS)[number]

/** The search criteria of an alert, as the search page reads them from its URL. */
export interface JobAlertCriteria {
  door: 'etudiant' | 'alumni'
  q?: string
  contract?: string[]
  city?: string
  radius?: number
  remote?: string
  sector?: string
  experience?: string
}
