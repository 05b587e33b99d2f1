// The directory's browser-safe rules, read by the forms, the routes and the use cases alike.
import type { MessageKey, Translate } from '~/i18n'

/** The promotions a member may belong to: from 1950 to six years ahead (students enrolled now). */
export function promotionRange(now: Date): { min: number; max: number } {
  return { min: 1950, max: now.getFullYear() + 6 }
}

export function isValidPromotion(promotion: number, now: Date): boolean {
  const { min, max } = promotionRange(now)
  return Number.isInteger(promotion) && promotion >= min && promotion <= max
}

/** Each text field's longest value: the profile form's `maxLength` and its parser's `.max()` alike. */
export const PROFILE_FIELD_MAX = { company: 120, jobTitle: 120, sector: 120, city: 100, bio: 500, email: 254, linkedin: 200 } as const

/** A phone number as members type it: an optional +, then 6 to 20 digits, spaces and separators. */
export const PHONE_PATTERN = /^\+?[0-9 ().-]{6,20}$/
export const PHONE_MAX_LENGTH = 21

export const CONTACT_MESSAGE_MAX = 2000

/** Diplomas a member may add beside the profile's first one and the graduates' list's (issue #17). */
export const MAX_OWN_DIPLOMAS = 5

/** Two spellings of one diploma (a school's file writes « ’ », the setting « ' »): the same diploma. */
export const sameDiploma = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.replace(/’/g, "'") === b.replace(/’/g, "'")

/**
 * The default diplomas (the DIPLOMAS setting unset) have their names in the catalogues, so an English
 * reader sees them in English; the stored value stays the French name. A school's own list shows as written.
 */
const DIPLOMA_KEYS: Readonly<Record<string, MessageKey>> = {
  'Diplôme d’ingénieur — Génie civil': 'diploma.civil',
  'Diplôme d’ingénieur — Informatique': 'diploma.computing',
  'Diplôme d’ingénieur — Génie mécanique': 'diploma.mechanical',
  'Diplôme d’ingénieur — Génie électrique': 'diploma.electrical',
  'Diplôme d’ingénieur — Génie industriel': 'diploma.industrial',
  'Mastère spécialisé Management de projets': 'diploma.projectManagement',
  'Mastère spécialisé Cybersécurité': 'diploma.cybersecurity',
  'Master Science des données': 'diploma.dataScience',
}

export function diplomaLabel(t: Translate, diploma: string): string {
  const key = DIPLOMA_KEYS[diploma.replace(/'/g, '’')]
  return key ? t(key) : diploma
}
