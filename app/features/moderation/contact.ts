import { z } from 'zod'
import { emailField, nameField } from '~/shared/validation'

// The contact form (/contact): browser-safe rules, shared by the page and the use case.

export const CONTACT_SUBJECT_MAX = 150
export const CONTACT_MESSAGE_MIN = 10
export const CONTACT_MESSAGE_MAX = 5000
/** The honeypot: a field people never see nor reach; a robot filling every field fills it too. */
export const CONTACT_TRAP_FIELD = 'website'

export const contactForm = z.object({
  name: nameField,
  email: emailField,
  subject: z.string({ required_error: 'error.required' }).trim().min(1, 'error.required').max(CONTACT_SUBJECT_MAX, 'error.tooLong'),
  message: z
    .string({ required_error: 'error.required' })
    .trim()
    .min(1, 'error.required')
    .min(CONTACT_MESSAGE_MIN, 'contactForm.error.messageShort')
    .max(CONTACT_MESSAGE_MAX, 'error.tooLong'),
})
export type ContactInput = z.infer<typeof contactForm>

/** `?sujet=` prefills the subject (the FAQ's « contactez l'association »): one line, cut to the field's size. */
export function subjectFromQuery(value: string | null): string {
  return (value ?? '')
    .replace(/\p{Cc}+/gu, ' ')
    .trim()
    .slice(0, CONTACT_SUBJECT_MAX)
}
