import { Form } from '@remix-run/react'
import { EmailField, ErrorSummary, Field, FieldScope, NewPasswordField, SubmitButton } from '~/shared/components/forms'
import { useFormFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'

/**
 * « Changer mes coordonnées ou mon mot de passe »: the e-mail and password forms, told apart by
 * `intent`. The section ids are the anchors the forms had on /mon-compte before the menu.
 */
export function CredentialsForms({ currentEmail }: { currentEmail: string }) {
  const t = useT()
  const emailForm = useFormFailure('email')
  const passwordForm = useFormFailure('password')
  const emailErrors = emailForm.errors
  const passwordErrors = passwordForm.errors
  return (
    <div className="stack">
      <section className="card" aria-labelledby="changer-email-titre" id="changer-email">
        <h2 id="changer-email-titre">{t('account.email.title')}</h2>
        <dl className="fact-list">
          <div className="fact-list__row">
            <dt>{t('field.email')}</dt>
            <dd data-testid="current-email">{currentEmail}</dd>
          </div>
        </dl>
        <p className="muted">{t('account.email.lead')}</p>
        {/* Both forms ask the current password: each form its own field ids. */}
        <FieldScope name="email">
          <Form method="post" className="form" noValidate>
            <ErrorSummary errors={emailErrors} />
            <EmailField name="newEmail" label={t('field.newEmail')} defaultValue={emailForm.values.newEmail} errors={emailErrors.newEmail} />
            <Field
              label={t('field.currentPassword')}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              errors={emailErrors.currentPassword}
            />
            <SubmitButton intent="email">{t('account.email.submit')}</SubmitButton>
          </Form>
        </FieldScope>
      </section>

      <section className="card" aria-labelledby="changer-mot-de-passe-titre" id="changer-mot-de-passe">
        <h2 id="changer-mot-de-passe-titre">{t('account.password.title')}</h2>
        <p className="muted">{t('account.password.lead')}</p>
        <FieldScope name="password">
          <Form method="post" className="form" noValidate>
            <ErrorSummary errors={passwordErrors} />
            <Field
              label={t('field.currentPassword')}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              errors={passwordErrors.currentPassword}
            />
            <NewPasswordField name="newPassword" label={t('field.newPassword')} errors={passwordErrors.newPassword} />
            <SubmitButton intent="password">{t('account.password.submit')}</SubmitButton>
          </Form>
        </FieldScope>
      </section>
    </div>
  )
}
