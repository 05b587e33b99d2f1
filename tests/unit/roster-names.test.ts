import { describe, expect, it } from 'vitest'
import { matchKey, normaliseName } from '../../app/features/roster/names'

describe('names compared with the graduates’ list', () => {
  it('forgive accents, hyphens, apostrophes, spaces, ligatures and case', () => {
    expect(normaliseName('Lefèvre-Dupont')).toBe('lefevre dupont')
    expect(normaliseName("  D'Almeida ")).toBe('d almeida')
    expect(normaliseName('D’ALMEIDA')).toBe('d almeida')
    expect(normaliseName('Œuvray')).toBe('oeuvray')
    expect(normaliseName('Hélène  Marie')).toBe('helene marie')
    expect(matchKey('LEFÈVRE', 'Jean-Noël', 2012)).toBe(matchKey('Lefevre', 'jean noel', 2012))
  })

  it('keep different people apart', () => {
    expect(matchKey('Martin', 'Léa', 2012)).not.toBe(matchKey('Martin', 'Léo', 2012))
    expect(matchKey('Martin', 'Léa', 2012)).not.toBe(matchKey('Martin', 'Léa', 2013))
  })
})
