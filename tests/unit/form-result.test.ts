import { describe, expect, it } from 'vitest'
import { formError } from '../../app/shared/form-result.server'
import { z } from 'zod'
import { fieldId, formFailure, summaryItems } from '../../app/shared/form-result'
import { parseFields } from '../../app/shared/validation'
import type { Translate } from '../../app/i18n'

describe('one way to answer a form', () => {
  it('sends the errors and the values, 400 unless told otherwise, with what tells forms apart', async () => {
    const plain = formError({ title: ['Trop court'] }, { title: 'a' })
    // Single fetch: `data()` keeps the value as built and carries the status beside it.
    expect(plain.init?.status).toBe(400)
    expect(plain.data).toEqual({ errors: { title: ['Trop court'] }, values: { title: 'a' } })
    const refused = formError({ form: ['Déjà candidat'] }, {}, { status: 409, extra: { intent: 'apply' } })
    expect(refused.init?.status).toBe(409)
    expect(refused.data).toEqual({ intent: 'apply', errors: { form: ['Déjà candidat'] }, values: {} })
  })

  it('reads a failure of this form only: another intent, a success or nothing read as a fresh form', () => {
    const answer = { intent: 'email', errors: { newEmail: ['Adresse invalide'] }, values: { newEmail: 'x' } }
    expect(formFailure(answer, 'email')).toEqual({ failed: true, errors: answer.errors, values: answer.values })
    expect(formFailure(answer)).toMatchObject({ failed: true })
    for (const other of [formFailure(answer, 'password'), formFailure({ sent: true }), formFailure(undefined)])
      expect(other).toEqual({ failed: false, errors: {}, values: {} })
  })
})

describe('the error summary’s lines', () => {
  it('links each field to the id the kit gives it, the form’s own errors first and without a link', () => {
    const items = summaryItems({ email: ['Adresse invalide'], form: ['Trop de tentatives'], password: ['Trop court', 'Trop courant'] })
    expect(items).toEqual([
      { name: 'form', message: 'Trop de tentatives' },
      { name: 'email', message: 'Adresse invalide', target: 'field-email' },
      { name: 'password', message: 'Trop court Trop courant', target: 'field-password' },
    ])
    expect(summaryItems({})).toEqual([])
    expect(summaryItems({ title: [] })).toEqual([])
  })

  it('gives two forms of one page their own ids, and keeps ids valid whatever the name', () => {
    expect(fieldId('currentPassword')).toBe('field-currentPassword')
    expect(fieldId('currentPassword', 'password')).toBe('field-password-currentPassword')
    expect(fieldId('tickets[0].name')).toBe('field-tickets-0--name')
    expect(summaryItems({ reason: ['Motif requis'] }, 'proofId-12')[0].target).toBe('field-proofId-12-reason')
  })
})

describe('parsing a form field by field', () => {
  const t = ((key: string, params?: Record<string, unknown>) => (params ? `${key} ${JSON.stringify(params)}` : key)) as Translate
  const schema = z.object({
    title: z.string().trim().min(1, 'error.required').max(5, 'error.tooLong'),
    kind: z.enum(['a', 'b'], { errorMap: () => ({ message: 'careers.error.choose' }) }),
    min: z.coerce.number(),
  })

  it('keeps the valid fields’ values when others fail, so that rules across fields still run', () => {
    // zod's own object parse stops at the enum: a refinement on the object would not run.
    const { data, errors } = parseFields(schema, { title: 'beaucoup trop long', min: '12' }, t)
    expect(data).toEqual({ min: 12 })
    expect(errors).toEqual({ title: ['error.tooLong {"max":5}'], kind: ['careers.error.choose'] })
  })

  it('gives every value when all are valid, and no error', () => {
    expect(parseFields(schema, { title: ' Stage ', kind: 'a', min: '3' }, t)).toEqual({ data: { title: 'Stage', kind: 'a', min: 3 }, errors: {} })
  })
})
