import type { HighlightField, Highlights } from './types'
import { foldWithOffsets, tokenize, type ParsedQuery } from './normalize'

export const HIGHLIGHT_FIELDS: readonly HighlightField[] = ['lastName', 'firstName', 'company', 'jobTitle', 'city']

/** How many folded characters of a (folded) token to highlight; 0 when it does not match. */
export type TokenMatcher = (token: string) => number

/**
 * Meilisearch's highlighting rule (milli's matching_words.rs): a token equal to a query word or to
 * one of its typo variants is highlighted whole; for the last, prefix word, only as many
 * characters as the query word has are highlighted (« hel » lights up « Hél » in « Hélène »), and
 * that holds for its typo variants too. Whole-word matches win over prefix ones.
 */
export function queryMatcher(query: ParsedQuery, variants: Map<string, number>[]): TokenMatcher {
  const last = query.words.length - 1
  return (token) => {
    for (let i = 0; i < query.words.length; i++) {
      if (i === last && query.lastIsPrefix) continue
      if (token === query.words[i] || variants[i]?.has(token)) return token.length
    }
    if (last >= 0 && query.lastIsPrefix) {
      const word = query.words[last]
      if (token.startsWith(word) || variants[last]?.has(token)) return Math.min(word.length, token.length)
    }
    return 0
  }
}

/**
 * Moves a range end past combining marks: in a decomposed « Zoé » (e + U+0301) a match ending on
 * « e » must take the accent along, or the mark would render outside the highlight.
 */
export function endOfGrapheme(text: string, end: number): number {
  while (end < text.length && /\p{M}/u.test(text[end])) end++
  return end
}

/** `[start, length]` ranges, in UTF-16 units of the ORIGINAL text, of the tokens that match. */
export function highlightRanges(text: string, matcher: TokenMatcher): [number, number][] {
  const { folded, starts, ends } = foldWithOffsets(text)
  const ranges: [number, number][] = []
  for (const token of tokenize(folded)) {
    const length = matcher(token.text)
    if (length === 0) continue
    const start = starts[token.start]
    ranges.push([start, endOfGrapheme(text, ends[token.start + length - 1]) - start])
  }
  return ranges
}

export function highlightDocument(doc: Partial<Record<HighlightField, string | null>>, matcher: TokenMatcher): Highlights {
  const highlights: Highlights = {}
  for (const field of HIGHLIGHT_FIELDS) {
    const value = doc[field]
    if (!value) continue
    const ranges = highlightRanges(value, matcher)
    if (ranges.length) highlights[field] = ranges
  }
  return highlights
}

/**
 * Meilisearch reports `_matchesPosition` in UTF-8 bytes, while JavaScript strings are UTF-16.
 * These convert between the two against the original field value. (Some 1.x releases counted the
 * length in characters, meilisearch#3938 and #5429: there a highlight comes out one character
 * short per accent it spans, and a cut inside a character rounds up to the whole character.)
 */
export function utf8RangeToUtf16(text: string, byteStart: number, byteLength: number): [number, number] {
  const toUnit = (bytes: number) => {
    let seen = 0
    let unit = 0
    for (const char of text) {
      if (seen >= bytes) break
      seen += Buffer.byteLength(char)
      unit += char.length
    }
    return unit
  }
  const start = toUnit(byteStart)
  return [start, endOfGrapheme(text, toUnit(byteStart + byteLength)) - start]
}

export function utf16RangeToUtf8(text: string, start: number, length: number): { start: number; length: number } {
  const byteStart = Buffer.byteLength(text.slice(0, start))
  return { start: byteStart, length: Buffer.byteLength(text.slice(start, start + length)) }
}
