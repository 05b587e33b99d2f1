import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorSummary, NewPasswordField, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { isResetTokenValid, resetPassword } from '~/features/accounts/accounts.server'
import { sessionCookieHeader } from '~/features/accounts/auth.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { parseForm } from '~/shared/validation'
import { passwordResetForm } from '~/features/accounts/account-forms.server'
import { readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'

export const meta = titleMeta('reset.title')

export function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  return { token, valid: token !== '' && isResetTokenValid(context.app, token) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = translator(context.locale)
  const formData = await readForm(request)
  const parsed = parseForm(passwordResetForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, {}, { extra: { invalid: false } })
  const result = await resetPassword(context.app, { token: parsed.data.token, newPassword: parsed.data.newPassword })
  if (!result.ok) return formError({}, {}, { extra: { invalid: true } })
  // Every session of the user ended, including this browser's if it had one.
  const cookie = sessionCookieHeader(context.app.auth.createBlankSessionCookie(), context.secure)
  return redirectWithToast(context, '/connexion', { type: 'success', key: 'reset.done' }, { 'Set-Cookie': cookie })
}

export default function ResetPassword() {
  const t = useT()
  const { token, valid } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  return (
    <div className="narrow">
      <PageHeader title={t('reset.title')} />
      {!valid || data?.invalid ? (
        <div className="card">
          <p className="alert alert--error" role="alert">
            {t('error.invalidToken')}
          </p>
          <Link to="/mot-de-passe-oublie" className="button button--primary">
            {t('reset.newRequest')}
          </Link>
        </div>
      ) : (
        <Form method="post" className="card form" noValidate>
          <input type="hidden" name="token" value={token} />
          <ErrorSummary errors={formFailure(data).errors} />
          <NewPasswordField name="newPassword" label={t('field.newPassword')} errors={formFailure(data).errors.newPassword} />
          <SubmitButton>{t('reset.submit')}</SubmitButton>
        </Form>
      )}
    </div>
  )
}
