import { z } from 'zod'
import type { MessageKey, Translate } from '~/i18n'
import type { AppContext } from '~/context.server'
import { formObject, parseFields, type FieldErrors, type FormValues } from '~/shared/validation'
import {
  CONTRACT_TYPES,
  EXPERIENCE_LEVELS,
  JOB_SECTORS,
  REMOTE_POLICIES,
  SALARY_PERIODS,
  parisToday,
  placeOf,
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

/** The posting form's fields (« Déposer une offre »), in the order the form asks them. */
const OfferFields = z.object({
  title: text(MAX.title),
  company: text(MAX.company),
  contractType: choice(CONTRACT_TYPES),
  sector: choice(JOB_SECTORS),
  experience: choice(EXPERIENCE_LEVELS),
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
  startDate: calendarDate,
  deadline: calendarDate,
  applicationEmail: z.string({ required_error: 'error.required' }).trim().min(1, 'error.required').max(254, 'error.email').email('error.email'),
  salaryMin: salary,
  salaryMax: salary,
  salaryPeriod: z.union([z.literal('').transform(() => null), choice(SALARY_PERIODS)]).default(''),
})
type OfferFieldValues = z.infer<typeof OfferFields>

/** The rules across fields, on whichever of them are valid (the others already have their error). */
function crossFieldErrors(v: Partial<OfferFieldValues>, sent: FormValues): FieldErrors {
  const errors: FieldErrors = {}
  if (v.salaryMin != null && v.salaryMax != null && v.salaryMax < v.salaryMin) errors.salaryMax = ['careers.error.salaryOrder']
  // A salary typed, even a wrong one, asks for its period.
  const salaryGiven = [sent.salaryMin, sent.salaryMax].some((s) => s?.trim())
  if (salaryGiven && v.salaryPeriod === null) errors.salaryPeriod = ['careers.error.salaryPeriod']
  return errors
}

const toInput = (v: OfferFieldValues): OfferInput => ({
  ...v,
  country: v.country.toUpperCase(),
  applicationEmail: v.applicationEmail.toLowerCase(),
  salaryPeriod: v.salaryMin === null && v.salaryMax === null ? null : v.salaryPeriod,
})

/** The posting form as one schema (the rules across fields run once every field passes): prefer `parseOfferForm`. */
export const OfferForm = OfferFields.superRefine((v, issue) => {
  for (const [path, [message]] of Object.entries(crossFieldErrors(v, { salaryMin: String(v.salaryMin ?? ''), salaryMax: String(v.salaryMax ?? '') })))
    issue.addIssue({ code: 'custom', path: [path], message })
}).transform(toInput)

/**
 * The posting form checked whole, in one pass (issue #14: one batch of errors, then the next):
 * each field, the rules across fields, then what needs the app — a deadline not passed, a city
 * the gazetteer knows — on the fields that are valid. The services check these again.
 */
export function parseOfferForm(
  ctx: AppContext,
  formData: FormData,
  t: Translate,
): { success: true; data: OfferInput } | { success: false; errors: FieldErrors } {
  const sent = formObject(formData)
  const { data: v, errors } = parseFields(OfferFields, sent, t)
  for (const [name, [key]] of Object.entries(crossFieldErrors(v, sent))) errors[name] ??= [t(key as MessageKey)]
  if (v.deadline !== undefined && v.deadline < parisToday(ctx.now())) errors.deadline ??= [t('careers.error.deadlinePassed')]
  if (v.city !== undefined && v.country !== undefined && !placeOf(ctx, v.city, v.country)) errors.city ??= [t('careers.error.unknownCity')]
  if (Object.keys(errors).length === 0) return { success: true, data: toInput(v as OfferFieldValues) }
  // In the form's order, as the summary lists them without JavaScript.
  const ordered: FieldErrors = {}
  for (const name of Object.keys(OfferFields.shape)) if (errors[name]) ordered[name] = errors[name]
  return { success: false, errors: { ...ordered, ...errors } }
}

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
export function offerErrors(
  t: Translate,
  error: 'unknownCity' | 'deadlinePassed' | 'notFound' | 'notEditable' | 'notRepostable' | 'heldEditUsed',
): FieldErrors {
  if (error === 'unknownCity') return { city: [t('careers.error.unknownCity')] }
  if (error === 'heldEditUsed') return { form: [t('moderation.held.editUsed')] }
  if (error === 'deadlinePassed') return { deadline: [t('careers.error.deadlinePassed')] }
  return { form: [t(error === 'notEditable' ? 'careers.error.notEditable' : error === 'notFound' ? 'careers.error.notFound' : 'careers.error.notRepostable')] }
}
