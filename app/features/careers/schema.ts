import { z } from 'zod'
import {
  CONTRACT_TYPES,
  EXPERIENCE_LEVELS,
  JOB_SECTORS,
  REMOTE_POLICIES,
  STUDENT_CONTRACT_TYPES,
  type JobAlertCriteria,
} from '../../../db/schema/careers-lists'
import { RADII_KM } from '~/shared/places'

// Careers' browser-safe rules: the fixed lists (kept with the table definitions that use them),
// the search as it sits in the URL, and its parser. Routes, use cases and components read them here.
export { CONTRACT_TYPES, EXPERIENCE_LEVELS, JOB_SECTORS, REMOTE_POLICIES, STUDENT_CONTRACT_TYPES, type JobAlertCriteria }

export { RADII_KM }
export const SINCE_DAYS = [1, 7, 30] as const
export type Door = 'etudiant' | 'alumni'

/** A job search as it sits in the URL (French names, as users see them): shareable, bookmarkable. */
export interface JobSearch extends JobAlertCriteria {
  contract: string[]
  since?: number
  page: number
}

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined)

const searchSchema = z.object({
  porte: z.enum(['etudiant', 'alumni']).catch('alumni'),
  q: z.string().trim().max(100).optional().catch(undefined),
  contrat: z.array(z.enum(CONTRACT_TYPES).catch('cdi')).max(CONTRACT_TYPES.length).catch([]),
  ville: z.string().trim().max(100).optional().catch(undefined),
  rayon: z.coerce
    .number()
    .refine((n) => (RADII_KM as readonly number[]).includes(n))
    .optional()
    .catch(undefined),
  teletravail: optionalEnum(REMOTE_POLICIES),
  secteur: optionalEnum(JOB_SECTORS),
  experience: optionalEnum(EXPERIENCE_LEVELS),
  depuis: z.coerce
    .number()
    .refine((n) => (SINCE_DAYS as readonly number[]).includes(n))
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

/** Reads the search from the URL; a value out of the lists is dropped, never an error page. */
export function parseJobSearch(params: URLSearchParams, door?: Door): JobSearch {
  const raw = Object.fromEntries([...params.keys()].map((k) => [k, k === 'contrat' ? params.getAll(k) : params.get(k) || undefined]))
  const s = searchSchema.parse({ ...raw, contrat: raw.contrat ?? [], ...(door ? { porte: door } : {}) })
  const allowed: readonly string[] = s.porte === 'etudiant' ? STUDENT_CONTRACT_TYPES : CONTRACT_TYPES
  return {
    door: s.porte,
    q: s.q || undefined,
    contract: [...new Set(s.contrat)].filter((c) => allowed.includes(c)),
    city: s.ville || undefined,
    radius: s.ville ? (s.rayon ?? 50) : undefined,
    remote: s.teletravail,
    sector: s.secteur,
    experience: s.experience,
    since: s.depuis,
    page: s.page,
  }
}

/** The URL of a search (without its page), for links, alerts and mail. */
export function jobSearchQuery(c: JobAlertCriteria & { since?: number }): string {
  const p = new URLSearchParams({ porte: c.door })
  if (c.q) p.set('q', c.q)
  for (const type of c.contract ?? []) p.append('contrat', type)
  if (c.city) p.set('ville', c.city)
  if (c.city && c.radius) p.set('rayon', String(c.radius))
  if (c.remote) p.set('teletravail', c.remote)
  if (c.sector) p.set('secteur', c.sector)
  if (c.experience) p.set('experience', c.experience)
  if (c.since) p.set('depuis', String(c.since))
  return `/carriere/offres?${p}`
}

/** What an alert keeps of a search: the criteria, not the page nor « posted since ». */
export function alertCriteria(s: JobSearch): JobAlertCriteria {
  const c: JobAlertCriteria = { door: s.door }
  if (s.q) c.q = s.q
  if (s.contract.length) c.contract = s.contract
  if (s.city) {
    c.city = s.city
    c.radius = s.radius
  }
  if (s.remote) c.remote = s.remote
  if (s.sector) c.sector = s.sector
  if (s.experience) c.experience = s.experience
  return c
}

/** Each text field's longest value: the forms' `maxLength` and the parsers' `.max()` alike. */
export const OFFER_FIELD_MAX = { title: 120, company: 120, city: 100, description: 5000, profileSought: 3000 } as const
export const APPLICATION_MESSAGE_MAX = 3000
export const REJECTION_REASON_MAX = 1000

/** How long a webmaster may take back « Publier »; the mails it causes wait that long. */
export const APPROVAL_UNDO_MS = 60_000

/** How many filters a search narrows by (each contract type counts; the radius goes with its city): « Filtres (n) ». */
export function activeJobFilters(s: Pick<JobSearch, 'contract' | 'city' | 'remote' | 'sector' | 'experience' | 'since'>): number {
  return s.contract.length + [s.city, s.remote, s.sector, s.experience, s.since].filter(Boolean).length
}
