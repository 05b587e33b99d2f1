import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { brandColors, contrastRatio, DEFAULT_PRIMARY, MIN_CONTRAST, normaliseHex, shortNameOf } from '../../app/shared/brand'
import { envSchema, publicSettings } from '../../app/shared/config'
import { loadConfig } from '../../server/config'

const base = { SESSION_SECRET: 'x'.repeat(32) }

describe('ASSOCIATION_COLOR', () => {
  it('defaults to the design blue, whose variants app.css holds (no override sent)', () => {
    const config = loadConfig(base)
    expect(config.ASSOCIATION_COLOR).toBe(DEFAULT_PRIMARY)
    expect(publicSettings(config).brandColors).toBeNull()
  })

  it.each([
    ['#8A1C3B', '#8a1c3b'],
    ['#036', '#003366'],
    ['  #0b5d3b ', '#0b5d3b'],
  ])('takes %s as %s', (input, stored) => {
    const parsed = envSchema.parse({ ASSOCIATION_COLOR: input })
    expect(parsed.ASSOCIATION_COLOR).toBe(stored)
  })

  it.each([
    ['not a colour', 'red', /hex colour/],
    ['not hex', '#12345g', /hex colour/],
    ['too light for white text: the accent', '#e0a526', /contrast of 2\.\d\d:1 with white.*darker shade such as #[0-9a-f]{6}/],
    ['just under AA', '#7a7a7a', /contrast of 4\.\d\d:1/],
  ])('refuses %s (%s) with a message saying why', (_why, value, message) => {
    const parsed = envSchema.safeParse({ ASSOCIATION_COLOR: value })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0].path).toEqual(['ASSOCIATION_COLOR'])
    expect(parsed.error?.issues[0].message).toMatch(message)
  })

  it('stops the start with the setting named', () => {
    expect(() => loadConfig({ ...base, ASSOCIATION_COLOR: '#ffd700' })).toThrow(/Invalid settings:\n {2}ASSOCIATION_COLOR: #ffd700 has a contrast of 1\.\d\d:1/)
  })

  it('the suggested darker shade passes, so following the message works', () => {
    const parsed = envSchema.safeParse({ ASSOCIATION_COLOR: '#e0a526' })
    const suggested = /such as (#[0-9a-f]{6})/.exec(parsed.error?.issues[0].message ?? '')?.[1] ?? ''
    expect(envSchema.parse({ ASSOCIATION_COLOR: suggested }).ASSOCIATION_COLOR).toBe(suggested)
  })

  it('derives a hover and a soft tint that keep AA for every accepted colour', () => {
    const hex = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
      .map(([r, g, b]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`)
    fc.assert(
      fc.property(
        hex.filter((c) => contrastRatio(c, '#ffffff') >= MIN_CONTRAST),
        (primary) => {
          const colors = brandColors(primary)
          expect(contrastRatio(colors.hover, '#ffffff')).toBeGreaterThanOrEqual(MIN_CONTRAST)
          expect(contrastRatio(colors.primary, colors.soft)).toBeGreaterThanOrEqual(MIN_CONTRAST)
          expect(contrastRatio(colors.hover, colors.soft)).toBeGreaterThanOrEqual(MIN_CONTRAST)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('normalises only real hex colours', () => {
    expect(normaliseHex('#ABC')).toBe('#aabbcc')
    expect(normaliseHex('1f4fa3')).toBe('#1f4fa3')
    expect(normaliseHex('#1f4fa')).toBeNull()
    expect(normaliseHex('rgb(0,0,0)')).toBeNull()
  })
})

describe('the short name and the logo', () => {
  it('derives the phone header’s name from the association’s', () => {
    expect(shortNameOf('Amicale des diplômés')).toBe('Amicale')
    expect(shortNameOf('ESIL Alumni')).toBe('ESIL Alumni')
    expect(publicSettings(loadConfig(base)).associationShortName).toBe('Amicale')
    expect(publicSettings(loadConfig({ ...base, ASSOCIATION_SHORT_NAME: 'Les Anciens' })).associationShortName).toBe('Les Anciens')
  })

  it('refuses a logo that is not an image file, or that is missing', () => {
    expect(envSchema.safeParse({ ASSOCIATION_LOGO: 'logo.pdf' }).success).toBe(false)
    expect(() => loadConfig({ ...base, ASSOCIATION_LOGO: '/nowhere/logo.png' })).toThrow(/ASSOCIATION_LOGO: no file at \/nowhere\/logo\.png/)
  })
})
