/**
 * Text folding shared by both engines, modelled on what Meilisearch's tokenizer (charabia) does to
 * Latin text: lower case, diacritics removed, æ/œ ligatures spelled out, any character that is not
 * a letter or a digit separates words. Folding the same way on both sides is what makes « lefevre »
 * find « Lefèvre » and « HELENE » find « Hélène » in either engine.
 */

const LIGATURES: Record<string, string> = { æ: 'ae', œ: 'oe' }
const MARKS = /\p{M}+/gu
const WORD = /[\p{L}\p{N}]+/gu

/** Folds a whole string at once: the fast path, used when indexing and querying. */
export function foldText(text: string): string {
  // Lower case first: « İ » lower-cases to « i » plus a combining dot, which NFD then lets us drop.
  const folded = text.toLowerCase().normalize('NFD').replace(MARKS, '')
  return /[æœ]/.test(folded) ? folded.replace(/[æœ]/g, (c) => LIGATURES[c]) : folded
}

/**
 * Folds while remembering, for every folded character, the span of the original string it came
 * from. Highlights are computed on folded text but must point into the ORIGINAL string: « Hélène »
 * may be stored decomposed (e + U+0301), and « œ » folds to two characters.
 */
export function foldWithOffsets(text: string): { folded: string; starts: number[]; ends: number[] } {
  let folded = ''
  const starts: number[] = []
  const ends: number[] = []
  let index = 0
  for (const char of text) {
    const part = foldText(char)
    for (let i = 0; i < part.length; i++) {
      starts.push(index)
      ends.push(index + char.length)
    }
    folded += part
    index += char.length
  }
  return { folded, starts, ends }
}

export interface Token {
  text: string
  /** Offsets into the folded string. */
  start: number
  end: number
}

export function tokenize(folded: string): Token[] {
  const tokens: Token[] = []
  for (const match of folded.matchAll(WORD)) tokens.push({ text: match[0], start: match.index, end: match.index + match[0].length })
  return tokens
}

/** The words of an indexed field value (MiniSearch's tokenizer). */
export function indexTerms(text: string): string[] {
  return foldText(text).match(WORD) ?? []
}

/** Meilisearch reads at most ten words of a query; so do we. */
export const MAX_QUERY_WORDS = 10

export interface ParsedQuery {
  words: string[]
  /** Only the last word is a prefix, and not when the query ends with a separator (« hel »). */
  lastIsPrefix: boolean
}

export function parseQuery(q: string): ParsedQuery {
  const folded = foldText(q)
  const all = folded.match(WORD) ?? []
  const words = all.slice(0, MAX_QUERY_WORDS)
  const endsInWord = /[\p{L}\p{N}]$/u.test(folded)
  return { words, lastIsPrefix: words.length > 0 && all.length <= MAX_QUERY_WORDS && endsInWord }
}

/**
 * How a filter value is compared. Meilisearch compares filter strings case-insensitively but keeps
 * accents (its facet normalization is NFKD + lower case), so « paris » selects « Paris » while
 * « Evry » does not select « Évry ». The embedded engine compares the same way.
 */
export function facetKey(value: string): string {
  return value.trim().normalize('NFKD').toLowerCase()
}

const NAME_PART = (text: string) =>
  foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')

/**
 * The name sort key: last name, then first name, then id, folded, so that a plain code-unit
 * comparison gives French order at the primary level (« Émile » between « Eloïse » and « Eric »,
 * « Le Goff » before « Legoff »). Inner separators become « - », the field separator is a space:
 * space sorts before « - » and letters, so « Martin » comes before « Martin-Dupont » and
 * « Martinez ». The id makes the order total, so both engines agree even on namesakes.
 * Meilisearch gets this key as a `sortName` field because its own string sort is byte order on
 * NFKD text, which would put « Émile » after « Eric ».
 */
export function sortNameKey(lastName: string, firstName: string, id: string): string {
  return `${NAME_PART(lastName)} ${NAME_PART(firstName)} ${id}`
}
