// The directory's browser-safe rules, read by the forms, the routes and the use cases alike.

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
