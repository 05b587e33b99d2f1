import type { MessageKey } from '~/i18n'
import { useT } from '~/shared/i18n'
import { Field, SelectField } from '~/shared/components/forms'
import { PHONE_MAX_LENGTH, PROFILE_FIELD_MAX } from '~/features/directory/schema'

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
const MAX_LENGTHS: Record<ContactFieldName, number> = {
  proEmail: PROFILE_FIELD_MAX.email,
  personalEmail: PROFILE_FIELD_MAX.email,
  proPhone: PHONE_MAX_LENGTH,
  personalPhone: PHONE_MAX_LENGTH,
  linkedin: PROFILE_FIELD_MAX.linkedin,
}

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
            maxLength={MAX_LENGTHS[field]}
            defaultValue={values?.[field] ?? contacts[field]?.value ?? ''}
            errors={errors[field]}
          />
          <SelectField
            label={t('myProfile.visibility')}
            name={visibilityField(field)}
            id={`${field}-visibility`}
            required
            options={[
              { value: 'members', label: t('myProfile.visibility.members') },
              { value: 'nobody', label: t('myProfile.visibility.nobody') },
            ]}
            defaultValue={values?.[visibilityField(field)] ?? contacts[field]?.visibility ?? 'members'}
            errors={errors[visibilityField(field)]}
          />
        </div>
      ))}
    </section>
  )
}
