// Promotions as a webmaster types them (issue #17: a letter's segment, a send of invitations to
// activate): « 2010, 2012-2014 » — years and ranges separated by commas, spaces or semicolons, a
// hyphen, an en dash or « à » between the two ends of a range. Browser-safe.

export type PromotionListResult = { ok: true; promotions: number[] } | { ok: false; reason: 'empty' | 'format' | 'range' }

/** The longest range, and the most years, one list may name. */
const MAX_YEARS = 200

export function parsePromotionList(text: string, bounds: { min: number; max: number }): PromotionListResult {
  // The ends of a range are glued first (« 2012 à 2014 » → « 2012-2014 »), then the list is split.
  const parts = text
    .slice(0, 2000)
    .replace(/\s*(?:-|–|à)\s*/g, '-')
    .split(/[\s,;]+/)
    .filter(Boolean)
  if (parts.length === 0) return { ok: false, reason: 'empty' }
  const years = new Set<number>()
  for (const part of parts) {
    const match = /^(\d{4})(?:-(\d{4}))?$/.exec(part)
    if (!match) return { ok: false, reason: 'format' }
    const from = Number(match[1])
    const to = match[2] ? Number(match[2]) : from
    if (to < from || to - from >= MAX_YEARS) return { ok: false, reason: 'format' }
    if (from < bounds.min || to > bounds.max) return { ok: false, reason: 'range' }
    for (let year = from; year <= to; year++) years.add(year)
    if (years.size > MAX_YEARS) return { ok: false, reason: 'format' }
  }
  return { ok: true, promotions: [...years].sort((a, b) => a - b) }
}

/** [2010, 2012, 2013, 2014] → « 2010, 2012-2014 », for a form or a page to show again. */
export function formatPromotionList(promotions: readonly number[]): string {
  const sorted = [...new Set(promotions)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length; i++) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]))
    i = j
  }
  return parts.join(', ')
}
