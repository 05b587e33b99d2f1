// The directory's browser-safe rules, read by the forms, the routes and the use cases alike.

/** The promotions a member may belong to: from 1950 to six years ahead (students enrolled now). */
export function promotionRange(now: Date): { min: number; max: number } {
  return { min: 1950, max: now.getFullYear() + 6 }
}

export function isValidPromotion(promotion: number, now: Date): boolean {
  const { min, max } = promotionRange(now)
  return Number.isInteger(promotion) && promotion >= min && promotion <= max
}
