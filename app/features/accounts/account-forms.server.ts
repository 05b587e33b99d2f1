import { z } from 'zod'
import { dictionary } from '@zxcvbn-ts/language-common'
import { currentPasswordField, emailField, nameField, passwordRules } from '~/shared/validation'

// Server-only on purpose: the list is 400 KB of JavaScript that a browser never needs — the
// server refuses a common password and says so next to the field.

/** The 49,000 most common passwords (zxcvbn's list) plus French favourites, lower-cased. */
const commonPasswords = new Set<string>(
  [
    ...(dictionary['passwords-common'] as string[]),
    'azertyuiop',
    'motdepasse',
    'motdepasse123',
    'motdepasse1',
    'jetaime123',
    'soleil1234',
    'bonjour1234',
    'azerty1234',
    'azertyuiop1',
    '0123456789',
    'amicale2026',
  ].map((p) => p.toLowerCase()),
)

export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.toLowerCase())
}

/** A password being chosen: long enough, not too long, and not one of the common ones. */
export const newPasswordField = passwordRules.refine((p) => !isCommonPassword(p), 'error.passwordCommon')

export const signUpForm = z.object({
  lastName: nameField,
  firstName: nameField,
  email: emailField,
  password: newPasswordField,
  redirectTo: z.string().optional(),
})

export const emailChangeForm = z.object({ intent: z.literal('email'), newEmail: emailField, currentPassword: currentPasswordField })

export const passwordChangeForm = z.object({
  intent: z.literal('password'),
  currentPassword: currentPasswordField,
  newPassword: newPasswordField,
})

export const passwordResetForm = z.object({ token: z.string().min(1).max(200), newPassword: newPasswordField })
