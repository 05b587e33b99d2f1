import { z } from 'zod'
import type { Translate } from '~/i18n'
import type { FieldErrors } from '~/shared/validation'
import {
  CONTRACT_TYPES,
  EXPERIENCE_LEVELS,
  JOB_SECTORS,
  REMOTE_POLICIES,
  SALARY_PERIODS,
  type JobOffer,
  type OfferInput,
} from '~/features/careers/careers.server'
import { APPLICATION_MESSAGE_MAX, OFFER_FIELD_MAX as MAX, REJECTION_REASON_MAX } from '~/features/careers/schema'

// Messages are catalogue keys; parseForm translates them next to each field.
const text = (max: number) => z.string({ required_error: 'error.required' }).trim().min(1, 'error.required').max(max, 'error.tooLong')
const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { errorMap: () => ({ message: 'careers.error.choose' }) })
const calendarDate = z
  .string({ required_error: 'error.required' })
  .min(1, 'error.required')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'careers.error.date')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'careers.error.date')
const salary = z
  .union([
    z.literal('').transform(() => null),
    z.coerce
      .number({ invalid_type_error: 'careers.error.salary' })
      .int('careers.error.salary')
      .min(0, 'careers.error.salary')
      .max(10_000_000, 'careers.error.salary'),
  ])
  .default('')

/** The posting form (« Déposer une offre »), also used to edit and to repost. */
export const OfferForm = z
  .object({
    title: text(MAX.title),
    company: text(MAX.company),
    contractType: choice(CONTRACT_TYPES),
    sector: choice(JOB_SECTORS),
    city: text(MAX.city),
    country: z
      .union([
        z.literal(''),
        z
          .string()
          .trim()
          .regex(/^[A-Za-z]{2}$/, 'myProfile.badCountry'),
      ])
      .default(''),
    remote: choice(REMOTE_POLICIES),
    description: text(MAX.description),
    profileSought: text(MAX.profileSought),
    experience: choice(EXPERIENCE_LEVELS),
    startDate: calendarDate,
    deadline: calendarDate,
    applicationEmail: z.string({ required_error: 'error.required' }).trim().min(1, 'error.required').max(254, 'error.email').email('error.email'),
    salaryMin: salary,
    salaryMax: salary,
    salaryPeriod: z.union([z.literal('').transform(() => null), choice(SALARY_PERIODS)]).default(''),
  })
  .superRefine((v, issue) => {
    if (v.salaryMin !== null && v.salaryMax !== null && v.salaryMax < v.salaryMin)
      issue.addIssue({ code: 'custom', path: ['salaryMax'], message: 'careers.error.salaryOrder' })
    if ((v.salaryMin !== null || v.salaryMax !== null) && !v.salaryPeriod)
      issue.addIssue({ code: 'custom', path: ['salaryPeriod'], message: 'careers.error.salaryPeriod' })
  })
  .transform((v): OfferInput => ({
    ...v,
    country: v.country.toUpperCase(),
    applicationEmail: v.applicationEmail.toLowerCase(),
    salaryPeriod: v.salaryMin === null && v.salaryMax === null ? null : v.salaryPeriod,
  }))

/** The form's values from a stored offer (editing, reposting). */
export function offerFormValues(offer: JobOffer): Record<string, string> {
  const keys = [
    'title',
    'company',
    'contractType',
    'sector',
    'city',
    'country',
    'remote',
    'description',
    'profileSought',
    'experience',
    'startDate',
    'deadline',
    'applicationEmail',
    'salaryMin',
    'salaryMax',
    'salaryPeriod',
  ] as const
  return Object.fromEntries(keys.map((k) => [k, offer[k] == null ? '' : String(offer[k])]))
}

export const ApplicationForm = z.object({ message: text(APPLICATION_MESSAGE_MAX) })
export const RejectionForm = z.object({ intent: z.literal('reject'), offerId: z.coerce.number().int().positive(), reason: text(REJECTION_REASON_MAX) })

/** A refusal of the offer services, next to the field it concerns. */
export function offerErrors(t: Translate, error: 'unknownCity' | 'deadlinePassed' | 'notFound' | 'notEditable' | 'notRepostable'): FieldErrors {
  if (error === 'unknownCity') return { city: [t('careers.error.unknownCity')] }
  if (error === 'deadlinePassed') return { deadline: [t('careers.error.deadlinePassed')] }
  return { form: [t(error === 'notEditable' ? 'careers.error.notEditable' : error === 'notFound' ? 'careers.error.notFound' : 'careers.error.notRepostable')] }
}
