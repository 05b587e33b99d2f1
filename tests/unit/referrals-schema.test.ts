import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MAX_PER_POST, funnelQuery, isInvitationToken, parseInviteForm, splitAddresses } from '../../app/features/referrals/schema'

// The invite form's rules (issue #17), which the page and the server share.
const form = (over: Partial<{ graduateIds: string[]; emails: string; message: string }> = {}) => ({ graduateIds: [], emails: '', message: '', ...over })

describe('the invite form', () => {
  it('splits typed addresses on lines, commas, semicolons and spaces, lower-cased, each once', () => {
    expect(splitAddresses(' A@exemple.fr,b@exemple.fr;\n\nc@exemple.fr  a@EXEMPLE.fr <d@exemple.fr>')).toEqual([
      'a@exemple.fr',
      'b@exemple.fr',
      'c@exemple.fr',
      'd@exemple.fr',
    ])
  })

  it('never throws, and either accepts at most 20 people or says which field is wrong', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 30 }), fc.string({ maxLength: 3000 }), fc.string({ maxLength: 700 }), (graduateIds, emails, message) => {
        const result = parseInviteForm({ graduateIds, emails, message })
        if (result.ok) {
          expect(result.data.graduateIds.length + result.data.emails.length).toBeGreaterThan(0)
          expect(result.data.graduateIds.length + result.data.emails.length).toBeLessThanOrEqual(MAX_PER_POST)
          expect((result.data.message ?? '').length).toBeLessThanOrEqual(500)
        } else expect(Object.keys(result.errors).length).toBeGreaterThan(0)
      }),
    )
  })

  it('refuses links in the message, control characters are dropped, line breaks kept', () => {
    for (const message of ['https://x.example', 'voir www.site.fr', 'rendez-vous sur amicale.com'])
      expect(parseInviteForm(form({ emails: 'a@exemple.fr', message })).ok, message).toBe(false)
    const ok = parseInviteForm(form({ emails: 'a@exemple.fr', message: 'Salut\u0007 !\r\nÀ bientôt.' }))
    expect(ok.ok && ok.data.message).toBe('Salut !\nÀ bientôt.')
  })

  it('takes personal link tokens of 22 base64url characters only', () => {
    expect(isInvitationToken('AbCdEfGhIjKlMnOpQrSt_-')).toBe(true)
    for (const bad of ['', 'court', 'AbCdEfGhIjKlMnOpQrSt_-x', '../../../../etc/passwd1', null, 42]) expect(isInvitationToken(bad)).toBe(false)
  })

  it('reads the funnel’s view and order from the address, falling back on sent, most first', () => {
    expect(funnelQuery(new URLSearchParams(''))).toEqual({ view: 'parrains', sort: 'sent', dir: 'desc' })
    expect(funnelQuery(new URLSearchParams('vue=promotions&tri=name'))).toEqual({ view: 'promotions', sort: 'sent', dir: 'desc' })
    expect(funnelQuery(new URLSearchParams('tri=name'))).toEqual({ view: 'parrains', sort: 'name', dir: 'asc' })
    expect(funnelQuery(new URLSearchParams('vue=x&tri=drop&ordre=sideways'))).toEqual({ view: 'parrains', sort: 'sent', dir: 'desc' })
  })
})
