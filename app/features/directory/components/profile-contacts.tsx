import type { MessageKey } from '~/i18n'
import { useT } from '~/shared/i18n'
import { Field } from '~/shared/components/forms'

export const CONTACT_FIELDS = ['proEmail', 'proPhone', 'personalEmail', 'personalPhone', 'linkedin'] as const
export type ContactFieldName = (typeof CONTACT_FIELDS)[number]
export const visibilityField = (field: ContactFieldName) => `${field}Visibility`

const LABELS: Record<ContactFieldName, MessageKey> = {
  proEmail: 'profile.proEmail',
  proPhone: 'profile.proPhone',
  personalEmail: 'profile.personalEmail',
  personalPhone: 'profile.personalPhone',
  linkedin: 'profile.linkedin',
}
const TYPES: Record<ContactFieldName, string> = { proEmail: 'email', personalEmail: 'email', proPhone: 'tel', personalPhone: 'tel', linkedin: 'url' }

/** Each contact detail with who may see it (members or nobody). */
export function ContactFieldset({
  contacts,
  values,
  errors,
}: {
  contacts: Partial<Record<ContactFieldName, { value: string; visibility: 'members' | 'nobody' }>>
  values?: Record<string, string>
  errors: Record<string, string[] | undefined>
}) {
  const t = useT()
  return (
    <section className="form-section">
      <h2>{t('myProfile.contacts')}</h2>
      <p className="field__hint">{t('myProfile.contactsLead')}</p>
      {CONTACT_FIELDS.map((field) => (
        <div key={field} className="contact-row">
          <Field
            label={t(LABELS[field])}
            name={field}
            type={TYPES[field]}
            maxLength={200}
            defaultValue={values?.[field] ?? contacts[field]?.value ?? ''}
            errors={errors[field]}
          />
          <div className="field">
            <label htmlFor={`${field}-visibility`}>{t('myProfile.visibility')}</label>
            <select
              id={`${field}-visibility`}
              name={visibilityField(field)}
              defaultValue={values?.[visibilityField(field)] ?? contacts[field]?.visibility ?? 'members'}
            >
              <option value="members">{t('myProfile.visibility.members')}</option>
              <option value="nobody">{t('myProfile.visibility.nobody')}</option>
            </select>
          </div>
        </div>
      ))}
    </section>
  )
}
