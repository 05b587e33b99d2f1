import { describe, expect, it } from 'vitest'
import { formError } from '../../app/shared/form-result.server'
import { formFailure } from '../../app/shared/form-result'

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
