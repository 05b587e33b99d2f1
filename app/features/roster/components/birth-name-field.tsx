import { Field } from '~/shared/components/forms'
import { useT } from '~/shared/i18n'

/** « Nom de naissance, si différent »: helps find the person in the graduates' list (sign-up, Cotiser, activation). */
export function BirthNameField({ defaultValue, errors }: { defaultValue?: string | null; errors?: string[] }) {
  const t = useT()
  return (
    <Field
      label={t('roster.field.birthName')}
      hint={t('roster.field.birthNameHint')}
      name="birthName"
      autoComplete="off"
      maxLength={100}
      defaultValue={defaultValue ?? ''}
      errors={errors}
    />
  )
}
