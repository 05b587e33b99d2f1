// How a person's name is compared with the graduates' list (issue #17): accents, hyphens,
// apostrophes, spaces and case forgiven — « Lefèvre-Dupont » is « lefevre dupont », « D'Almeida »
// is « d almeida », « Œuvray » is « oeuvray ». Browser-safe: the import preview and the claim use it.

const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss' }

export function normaliseName(name: string): string {
  return name
    .replace(/[œŒæÆß]/g, (c) => LIGATURES[c])
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** The key a roster row and an account are matched on: « last|first|promotion ». */
export function matchKey(lastName: string, firstName: string, promotion: number): string {
  return `${normaliseName(lastName)}|${normaliseName(firstName)}|${promotion}`
}
