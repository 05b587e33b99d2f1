import { describe, expect, it } from 'vitest'
import { typoBudget, typoDistance, Vocabulary } from '../../search/typos'
import { distanceKm, geoPredicate } from '../../search/geo'

const vocabulary = (...terms: string[]) => {
  const v = new Vocabulary()
  for (const t of terms) v.add(t)
  return v
}
const derive = (v: Vocabulary, word: string, prefix = false) => Object.fromEntries(v.derive(word, prefix))

describe('typo tolerance', () => {
  it('allows no typo below 5 letters, one from 5, two from 9', () => {
    expect([typoBudget('hel'), typoBudget('lefe'), typoBudget('lefev'), typoBudget('lefebvre'), typoBudget('montpelli')]).toEqual([0, 0, 1, 1, 2])
    expect(typoBudget('élève')).toBe(1)
  })

  it('counts a swap of neighbours as one typo', () => {
    expect(typoDistance('lefvere', 'lefevre')).toBe(1)
    expect(typoDistance('lefebre', 'lefebvre')).toBe(1)
    expect(typoDistance('marsele', 'marseille')).toBe(2)
  })

  const words = vocabulary('lefevre', 'lefebvre', 'lefort', 'martin', 'martinez', 'marseille', 'montpellier', 'tartine', 'hel', 'helene')

  it('finds typo variants of a whole word, never the word itself', () => {
    expect(derive(words, 'lefebre')).toEqual({ lefevre: 1, lefebvre: 1 })
    expect(derive(words, 'lefevre')).toEqual({ lefebvre: 1 })
    expect(derive(words, 'marsele')).toEqual({})
    expect(derive(words, 'monpelier')).toEqual({ montpellier: 2 })
    expect(derive(words, 'hwl')).toEqual({})
  })

  it('counts a first-letter typo as two: refused below 9 letters', () => {
    expect(derive(words, 'tartin')).toEqual({ tartine: 1 })
    expect(derive(words, 'partin')).toEqual({})
    expect(derive(vocabulary('montpellier'), 'nontpellier')).toEqual({ montpellier: 2 })
    expect(derive(vocabulary('montpellier'), 'nontpelier')).toEqual({})
  })

  it('lets the prefix word reach longer words through a typo in its prefix', () => {
    expect(derive(words, 'lefeb', true)).toEqual({ lefevre: 1 }) // « lefebvre » extends it: a plain prefix match
    expect(derive(words, 'mrtin', true)).toEqual({ martin: 1, martinez: 1 })
    expect(derive(words, 'mrtin')).toEqual({ martin: 1 })
  })

  it('learns words added after a search', () => {
    const v = vocabulary('martin')
    expect(derive(v, 'lefebre')).toEqual({})
    v.add('lefevre')
    expect(derive(v, 'lefebre')).toEqual({ lefevre: 1 })
    expect(v.size).toBe(2)
  })
})

describe('geo', () => {
  const paris = { lat: 48.8566, lng: 2.3522 }
  const lyon = { lat: 45.764, lng: 4.8357 }

  it('measures great-circle distances (haversine)', () => {
    expect(distanceKm(paris, lyon)).toBeCloseTo(391.5, 0)
    expect(distanceKm(paris, paris)).toBe(0)
    expect(distanceKm({ lat: 0, lng: 179.5 }, { lat: 0, lng: -179.5 })).toBeCloseTo(111.2, 0)
  })

  it('tests radius and boxes, including a box across the antimeridian', () => {
    const near = geoPredicate({ around: { ...lyon, radiusKm: 20 } })
    expect(near(45.7719, 4.8902)).toBe(true) // Villeurbanne
    expect(near(paris.lat, paris.lng)).toBe(false)
    expect(geoPredicate({ around: { ...paris, radiusKm: 392.5 } })(lyon.lat, lyon.lng)).toBe(true)
    const fiji = geoPredicate({ box: { north: -10, south: -20, west: 175, east: -175 } })
    expect([fiji(-17, 178), fiji(-17, -179), fiji(-17, 170)]).toEqual([true, true, false])
    const france = geoPredicate({ box: { north: 51.1, south: 42.3, west: -5.2, east: 8.3 } })
    expect([france(paris.lat, paris.lng), france(40.4, -3.7)]).toEqual([true, false])
  })
})

describe('partial selection', () => {
  it('finds the k smallest keys, sorted or not', async () => {
    const { smallestSorted, smallestUnordered } = await import('../../search/select')
    const keys = Float64Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000)
    expect([...smallestSorted(keys, 1000, 5)]).toEqual([0, 1, 2, 3, 4])
    expect([...smallestUnordered(keys, 1000, 300)].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i))
    expect([...smallestSorted(keys, 3, 10)]).toEqual([0, 919, 838].sort((a, b) => a - b))
  })
})
