import { describedControl, FieldError, useFieldId } from '~/shared/components/form/field-parts'
import { useT } from '~/shared/i18n'
import { TERMS_ACCEPT_FIELD } from '~/features/moderation/terms'

/** « J'accepte les conditions d'utilisation (version N) », with a link to read them, on the sign-up and Cotiser forms. */
export function TermsCheckbox({ version, errors }: { version: number; errors?: string[] }) {
  const t = useT()
  const id = useFieldId(undefined, TERMS_ACCEPT_FIELD)
  return (
    <div className="field">
      <label className="checkbox">
        <input type="checkbox" id={id} name={TERMS_ACCEPT_FIELD} required {...describedControl(id, 'read', errors)} />
        <span>{t('terms.accept.label', { version })}</span>
      </label>
      <p className="field__hint" id={`${id}-hint`}>
        <a href={`/cgu/${version}`} target="_blank" rel="noopener">
          {t('terms.accept.read')}
        </a>
      </p>
      <FieldError id={id} errors={errors} />
    </div>
  )
}
