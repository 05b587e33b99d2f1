import { z } from 'zod'
import { ELIGIBILITIES, EVENT_FIELD_MAX as MAX, TICKET_ROWS } from '~/features/events/schema'
import type { EventInput } from '~/features/events/events.server'
import type { Translate } from '~/i18n'
import { formObject, parseFields, type FieldErrors, type FormValues } from '~/shared/validation'
import { zonedToUtc } from '~/shared/zoned-time'
import { readForm } from '~/shared/http.server'
import { FIELD_TOO_LONG, parseUploadForm, UploadTooLarge } from '~/shared/multipart.server'
import { readCoverUpload, type CoverImages } from '~/features/events/event-covers.server'

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
  // Field by field, so that the rules across fields below run on the valid ones in the same pass
  // (every error at once); error.tooLong gets each field's own limit (a title's 120, not 5 000).
  const { data: d, errors } = parseFields(base, values, t)
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
  if (d.online && d.onlineUrl === null) errors.onlineUrl ??= [t('error.required')]
  if (d.online && d.onlineUrl && !/^https:\/\/\S+$/.test(d.onlineUrl)) errors.onlineUrl ??= [t('events.error.url')]
  if (!d.online) for (const field of ['venue', 'address', 'city'] as const) if (d[field] === null) errors[field] ??= [t('error.required')]
  if (d.startsAt && d.endsAt && d.endsAt <= d.startsAt) errors.endsAt = [t('events.error.endBeforeStart')]
  if (d.startsAt && d.registrationDeadline && d.registrationDeadline > d.startsAt) errors.registrationDeadline = [t('events.error.deadlineAfterStart')]
  if (d.startsAt && d.cancellationDeadline && d.cancellationDeadline > d.startsAt) errors.cancellationDeadline = [t('events.error.deadlineAfterStart')]
  if (d.ticketing && ticketTypes.filter((tt) => tt.eligibility !== 'guests').length === 0 && !errors.ticketName0)
    errors.ticketName0 = [t('events.error.ticketRequired')]
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  // No error: every field parsed.
  const valid = d as z.output<typeof base>
  return {
    ok: true,
    input: {
      ...valid,
      onlineUrl: valid.online ? valid.onlineUrl : null,
      startsAt: valid.startsAt!,
      endsAt: valid.endsAt!,
      timeZone: TIME_ZONE,
      ticketTypes: valid.ticketing ? ticketTypes : [],
    },
  }
}

/** French messages for what the service refused. */
export function saveErrorMessage(t: Translate, error: 'unknownCity' | 'notAllowedGroup' | 'notAllowed' | 'capacityBelowRegistered' | 'heldEditUsed') {
  const keys = {
    unknownCity: 'events.error.unknownCity',
    notAllowedGroup: 'events.error.notAllowedGroup',
    notAllowed: 'events.error.notAllowed',
    capacityBelowRegistered: 'events.error.capacityBelowRegistered',
    heldEditUsed: 'moderation.held.editUsed',
  } as const
  return t(keys[error])
}

/**
 * The event form's body: multipart from the page (it carries the cover), urlencoded from older
 * clients and scripts, which simply send no cover. A body over the hard limit keeps no field.
 */
async function readEventBody(request: Request): Promise<FormData | 'tooLarge'> {
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) return readForm(request)
  try {
    return await parseUploadForm(request)
  } catch (error) {
    if (error instanceof UploadTooLarge) return 'tooLarge'
    throw error
  }
}

export type EventSubmission =
  { ok: true; input: EventInput; cover: CoverImages | null; removeCover: boolean } | { ok: false; errors: FieldErrors; values: FormValues }

/** The whole submission of the create and edit pages: fields and cover checked together, every error at once. */
export async function readEventSubmission(request: Request, t: Translate): Promise<EventSubmission> {
  const body = await readEventBody(request)
  if (body === 'tooLarge') return { ok: false, errors: { cover: [t('events.error.coverTooLarge')] }, values: {} }
  const parsed = parseEventForm(body, t)
  const cover = await readCoverUpload(body.get('cover'))
  const coverErrors: FieldErrors = cover.ok ? {} : { cover: [t(cover.error === 'tooLarge' ? 'events.error.coverTooLarge' : 'events.error.coverType')] }
  // A field the parser cut is refused by its limit; it is not sent back to the page.
  const values = Object.fromEntries(Object.entries(formObject(body)).filter(([, v]) => v !== FIELD_TOO_LONG))
  if (!parsed.ok) return { ok: false, errors: { ...parsed.errors, ...coverErrors }, values }
  if (!cover.ok) return { ok: false, errors: coverErrors, values }
  return { ok: true, input: parsed.input, cover: cover.images, removeCover: body.get('removeCover') === 'on' }
}
