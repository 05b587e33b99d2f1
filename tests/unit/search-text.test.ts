import { describe, expect, it } from 'vitest'
import { facetKey, foldText, foldWithOffsets, indexTerms, parseQuery, sortNameKey } from '../../search/normalize'
import { highlightRanges, queryMatcher, utf16RangeToUtf8, utf8RangeToUtf16 } from '../../search/highlight'

describe('folding', () => {
  it('lower-cases, drops accents and spells out ligatures', () => {
    expect(foldText('Hélène LEFÈVRE')).toBe('helene lefevre')
    expect(foldText('Œuvre Æsir Noël Çà İstanbul')).toBe('oeuvre aesir noel ca istanbul')
    expect(foldText('Zoe\u0301')).toBe('zoe') // decomposed input
  })

  it('maps every folded character back to its span in the original', () => {
    const { folded, starts, ends } = foldWithOffsets('Zoe\u0301 Œil')
    expect(folded).toBe('zoe oeil')
    expect(starts).toEqual([0, 1, 2, 4, 5, 5, 6, 7])
    expect(ends).toEqual([1, 2, 3, 5, 6, 6, 7, 8])
  })

  it('folds the same way character by character as all at once', () => {
    for (const text of ['Hélène', 'Œdipe', 'İzmir', 'Ångström', 'ß', 'Çédric-Noël']) expect(foldWithOffsets(text).folded).toBe(foldText(text))
  })

  it('splits words on anything that is not a letter or a digit', () => {
    expect(indexTerms("Lefèvre-Dupont, L'Oréal R&D 3M")).toEqual(['lefevre', 'dupont', 'l', 'oreal', 'r', 'd', '3m'])
  })

  it('keeps ten words and makes only the last one a prefix, unless a separator ends the query', () => {
    expect(parseQuery('Léa MAR')).toEqual({ words: ['lea', 'mar'], lastIsPrefix: true })
    expect(parseQuery('lea mar ')).toEqual({ words: ['lea', 'mar'], lastIsPrefix: false })
    expect(parseQuery('  ')).toEqual({ words: [], lastIsPrefix: false })
    const long = parseQuery('a b c d e f g h i j k')
    expect(long.words).toHaveLength(10)
    expect(long.lastIsPrefix).toBe(false)
  })

  it('compares filter values without case but with accents, as Meilisearch does', () => {
    expect(facetKey(' Lyon ')).toBe(facetKey('LYON'))
    expect(facetKey('Évry')).not.toBe(facetKey('Evry'))
  })

  it('builds a name key whose plain order is French order', () => {
    const names: [string, string][] = [
      ['Zola', 'Émile'],
      ['Écuyer', 'Anaïs'],
      ['Martinez', 'Louis'],
      ['Martin-Dupont', 'Alice'],
      ['Martin', 'Zoé'],
      ['Le Goff', 'Sophie'],
      ['Legoff', 'Yann'],
      ['Durand', 'Eric'],
      ['Durand', 'Émile'],
    ]
    const sorted = names.map(([l, f], i) => [sortNameKey(l, f, String(i)), `${f} ${l}`]).sort(([a], [b]) => (a < b ? -1 : 1))
    expect(sorted.map(([, n]) => n)).toEqual([
      'Émile Durand',
      'Eric Durand',
      'Anaïs Écuyer',
      'Sophie Le Goff',
      'Yann Legoff',
      'Zoé Martin',
      'Alice Martin-Dupont',
      'Louis Martinez',
      'Émile Zola',
    ])
  })
})

describe('highlight ranges', () => {
  const ranges = (text: string, q: string, variants: Map<string, number>[] = []) => highlightRanges(text, queryMatcher(parseQuery(q), variants))

  it('points into the original string, accents included', () => {
    expect(ranges('Hélène', 'hel')).toEqual([[0, 3]])
    expect(ranges('Hélène', 'HELENE')).toEqual([[0, 6]])
    expect(ranges('He\u0301le\u0300ne', 'hel')).toEqual([[0, 4]])
    expect(ranges('Zoe\u0301', 'zoe')).toEqual([[0, 4]]) // the combining accent comes along
    expect(ranges('Œuvre', 'oe')).toEqual([[0, 1]])
    expect(ranges('Crédit Agricole', 'credit agricole')).toEqual([
      [0, 6],
      [7, 8],
    ])
  })

  it('lights whole words for exact and typo matches, only the typed length for the prefix word', () => {
    expect(ranges('Lefèvre-Dupont', 'lefevre dup')).toEqual([
      [0, 7],
      [8, 3],
    ])
    expect(ranges('Lefebvre', 'lefevre ', [new Map([['lefebvre', 1]])])).toEqual([[0, 8]])
    expect(ranges('Lefebvre', 'lefeb', [new Map([['lefebvre', 1]])])).toEqual([[0, 5]])
    expect(ranges('Martin Martinez', 'martin ')).toEqual([[0, 6]])
    expect(ranges('Paul', 'lefevre')).toEqual([])
  })

  it('converts UTF-8 byte positions (Meilisearch) to string ranges and back', () => {
    expect(utf8RangeToUtf16('Hélène', 0, 4)).toEqual([0, 3])
    expect(utf8RangeToUtf16('Crédit Agricole', 8, 8)).toEqual([7, 8])
    expect(utf8RangeToUtf16('Zoe\u0301', 0, 3)).toEqual([0, 4])
    expect(utf8RangeToUtf16('Hélène', 0, 2)).toEqual([0, 2]) // a cut inside « é » rounds up to the whole character
    expect(utf16RangeToUtf8('Crédit Agricole', 7, 8)).toEqual({ start: 8, length: 8 })
  })
})
