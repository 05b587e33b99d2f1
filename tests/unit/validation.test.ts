import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { translator } from '../../app/i18n'
import { emailField, parseForm, safeRedirect } from '../../app/shared/validation'
import { isCommonPassword, newPasswordField as passwordField } from '../../app/features/accounts/account-forms.server'

const t = translator('fr')
const form = (values: Record<string, string>) => {
  const data = new FormData()
  for (const [k, v] of Object.entries(values)) data.set(k, v)
  return data
}

describe('safeRedirect', () => {
  it.each([
    ['/annuaire?promo=2012', '/annuaire?promo=2012'],
    ['/', '/'],
    ['https://evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['', '/'],
    [null, '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected)
  })
})

describe('password policy', () => {
  it('knows common passwords, whatever their case, including French ones', () => {
    expect(isCommonPassword('1234567890')).toBe(true)
    expect(isCommonPassword('QWERTYUIOP')).toBe(true)
    expect(isCommonPassword('azertyuiop')).toBe(true)
    expect(isCommonPassword('ma phrase de passe à moi')).toBe(false)
  })

  it('answers one French message per field, "required" first', () => {
    const schema = z.object({ email: emailField, password: passwordField })
    const result = parseForm(schema, form({ email: '', password: 'court' }), t)
    expect(result).toEqual({
      success: false,
      errors: {
        email: ['Ce champ est obligatoire.'],
        password: ['Le mot de passe doit contenir au moins 10 caractères.'],
      },
    })
    const common = parseForm(schema, form({ email: 'a@b.fr', password: 'password123' }), t)
    expect(common.success ? [] : common.errors.password).toEqual(['Ce mot de passe est trop courant\u00a0: choisissez-en un autre.'])
  })

  it('trims and accepts valid input', () => {
    const schema = z.object({ email: emailField, password: passwordField })
    expect(parseForm(schema, form({ email: '  nom@exemple.fr ', password: 'une phrase solide' }), t)).toEqual({
      success: true,
      data: { email: 'nom@exemple.fr', password: 'une phrase solide' },
    })
  })

  it('answers in French, never crashes, when zod speaks its own English (a forged or missing choice)', () => {
    const form = new FormData()
    form.set('intent', 'drop-table')
    const parsed = parseForm(z.object({ intent: z.enum(['approve', 'reject']), proofId: z.coerce.number().int() }), form, t)
    expect(parsed).toEqual({ success: false, errors: { intent: ['Ce champ est obligatoire.'], proofId: ['Ce champ est obligatoire.'] } })
  })
})
