import { z } from 'zod'
import { ELIGIBILITIES, EVENT_FIELD_MAX as MAX, TICKET_ROWS } from '~/features/events/schema'
import type { EventInput } from '~/features/events/events.server'
import type { Translate } from '~/i18n'
import { formObject, parseForm, type FieldErrors, type FormValues } from '~/shared/validation'
import { zonedToUtc } from '~/shared/zoned-time'

const TIME_ZONE = 'Europe/Paris'

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'error.tooLong')
    .optional()
    .transform((v) => (v ? v : null))
const optionalInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null
      const n = Number(v)
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'events.error.number' })
        return z.NEVER
      }
      return n
    })
const localTime = (required: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        if (required) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'error.required' })
        return null
      }
      const date = zonedToUtc(v, TIME_ZONE)
      if (!date) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'events.error.date' })
      return date
    })
/** « 12,50 » or « 12.50 » euros → cents. */
const euros = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null
    const n = Number(v.replace(',', '.').replace(/\s|€/g, ''))
    if (!Number.isFinite(n) || n < 0 || n > 10_000) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'events.error.price' })
      return z.NEVER
    }
    return Math.round(n * 100)
  })

const base = z.object({
  title: z.string().trim().min(3, 'events.error.title').max(MAX.title, 'error.tooLong'),
  description: z.string().trim().min(10, 'events.error.description').max(MAX.description, 'error.tooLong'),
  groupId: optionalInt(1, 1e9),
  audience: z.enum(['members', 'everyone'], { errorMap: () => ({ message: 'error.required' }) }),
  online: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  venue: optionalText(MAX.venue),
  address: optionalText(MAX.address),
  city: optionalText(MAX.city),
  onlineUrl: optionalText(MAX.onlineUrl),
  startsAt: localTime(true),
  endsAt: localTime(true),
  capacity: optionalInt(1, 100_000),
  registrationDeadline: localTime(false),
  cancellationDeadline: localTime(false),
  maxGuests: optionalInt(0, 10).transform((v) => v ?? 0),
  ticketing: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
})

/**
 * The event form, checked as a whole: a place or a link, an end after the start, deadlines
 * before the start, and ticket rows that are complete. Errors name their field, in French.
 */
export function parseEventForm(formData: FormData, t: Translate): { ok: true; input: EventInput } | { ok: false; errors: FieldErrors; values: FormValues } {
  const values = formObject(formData)
  // parseForm gives error.tooLong each field's own limit (a title's 120, not the description's 5 000).
  const parsed = parseForm(base, formData, t)
  const errors: FieldErrors = parsed.success ? {} : { ...parsed.errors }
  const ticketTypes: EventInput['ticketTypes'] = []
  for (let i = 0; i < TICKET_ROWS; i++) {
    const name = (values[`ticketName${i}`] ?? '').trim()
    const price = euros.safeParse(values[`ticketPrice${i}`])
    const quota = optionalInt(1, 100_000).safeParse(values[`ticketQuota${i}`])
    const eligibility = ELIGIBILITIES.find((e) => e === values[`ticketFor${i}`]) ?? 'anyone'
    if (!name && !values[`ticketPrice${i}`]) continue
    if (!name || name.length > MAX.ticketName) errors[`ticketName${i}`] = [t('events.error.ticketName')]
    if (!price.success || price.data === null) errors[`ticketPrice${i}`] = [t('events.error.price')]
    if (!quota.success) errors[`ticketQuota${i}`] = [t('events.error.number')]
    if (name && price.success && price.data !== null && quota.success) ticketTypes.push({ name, priceCents: price.data, quota: quota.data, eligibility })
  }
  if (!parsed.success) return { ok: false, errors, values }
  const d = parsed.data
  if (d.online && !d.onlineUrl) errors.onlineUrl = [t('error.required')]
  if (d.online && d.onlineUrl && !/^https:\/\/\S+$/.test(d.onlineUrl)) errors.onlineUrl = [t('events.error.url')]
  if (!d.online) for (const field of ['venue', 'address', 'city'] as const) if (!d[field]) errors[field] = [t('error.required')]
  if (d.startsAt && d.endsAt && d.endsAt <= d.startsAt) errors.endsAt = [t('events.error.endBeforeStart')]
  if (d.startsAt && d.registrationDeadline && d.registrationDeadline > d.startsAt) errors.registrationDeadline = [t('events.error.deadlineAfterStart')]
  if (d.startsAt && d.cancellationDeadline && d.cancellationDeadline > d.startsAt) errors.cancellationDeadline = [t('events.error.deadlineAfterStart')]
  if (d.ticketing && ticketTypes.filter((tt) => tt.eligibility !== 'guests').length === 0 && !errors.ticketName0)
    errors.ticketName0 = [t('events.error.ticketRequired')]
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return {
    ok: true,
    input: {
      ...d,
      onlineUrl: d.online ? d.onlineUrl : null,
      startsAt: d.startsAt!,
      endsAt: d.endsAt!,
      timeZone: TIME_ZONE,
      ticketTypes: d.ticketing ? ticketTypes : [],
    },
  }
}

/** French messages for what the service refused. */
export function saveErrorMessage(t: Translate, error: 'unknownCity' | 'notAllowedGroup' | 'notAllowed' | 'capacityBelowRegistered') {
  const keys = {
    unknownCity: 'events.error.unknownCity',
    notAllowedGroup: 'events.error.notAllowedGroup',
    notAllowed: 'events.error.notAllowed',
    capacityBelowRegistered: 'events.error.capacityBelowRegistered',
  } as const
  return t(keys[error])
}
