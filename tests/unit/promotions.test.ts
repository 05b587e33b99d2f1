import { describe, expect, it } from 'vitest'
import { formatPromotionList, parsePromotionList } from '../../app/shared/promotions'

const bounds = { min: 1950, max: 2030 }

describe('promotions as a webmaster types them', () => {
  it('reads years and ranges, in any separator, and gives them back as ranges', () => {
    expect(parsePromotionList('2010, 2012-2014', bounds)).toEqual({ ok: true, promotions: [2010, 2012, 2013, 2014] })
    expect(parsePromotionList('2014 à 2012', bounds)).toEqual({ ok: false, reason: 'format' })
    expect(parsePromotionList(' 2012 à 2013 ; 2010 2010 ', bounds)).toEqual({ ok: true, promotions: [2010, 2012, 2013] })
    expect(parsePromotionList('2012 – 2013', bounds)).toEqual({ ok: true, promotions: [2012, 2013] })
    expect(formatPromotionList([2014, 2010, 2012, 2013, 2013])).toBe('2010, 2012-2014')
  })

  it('tells an empty list, a malformed one and one out of bounds apart', () => {
    expect(parsePromotionList('  ', bounds)).toEqual({ ok: false, reason: 'empty' })
    expect(parsePromotionList('2010, abc', bounds)).toEqual({ ok: false, reason: 'format' })
    expect(parsePromotionList('201', bounds)).toEqual({ ok: false, reason: 'format' })
    expect(parsePromotionList('1900', bounds)).toEqual({ ok: false, reason: 'range' })
    expect(parsePromotionList('2029-2031', bounds)).toEqual({ ok: false, reason: 'range' })
    expect(parsePromotionList('1000-9999', { min: 0, max: 9999 })).toEqual({ ok: false, reason: 'format' })
  })
})
