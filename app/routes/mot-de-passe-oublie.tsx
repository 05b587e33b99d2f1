import { type ActionFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { z } from 'zod'
import { EmailField, ErrorSummary, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { requestPasswordReset } from '~/features/accounts/accounts.server'
import { minutesUntil } from '~/features/accounts/throttle.server'
import { baseUrl, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { emailField, parseForm } from '~/shared/validation'

const ForgotForm = z.object({ email: emailField })

export const meta = titleMeta('forgot.title')

export async function action({ request, context }: ActionFunctionArgs) {
  const t = translator(context.locale)
  const formData = await readForm(request)
  const email = String(formData.get('email') ?? '')
  const parsed = parseForm(ForgotForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, { email }, { extra: { sent: false as const } })
  const result = requestPasswordReset(context.app, {
    email: parsed.data.email,
    ip: context.clientIp,
    baseUrl: baseUrl(request, context.app.config.APP_URL),
  })
  if (!result.ok) {
    const message = t('error.throttled', { minutes: minutesUntil(result.retryAfterMs) })
    return formError({ form: [message] }, { email }, { status: 429, extra: { sent: false as const } })
  }
  return { sent: true as const }
}

export default function ForgotPassword() {
  const t = useT()
  const data = useActionData<typeof action>()
  const failed = formFailure(data)
  return (
    <div className="narrow">
      <PageHeader title={t('forgot.title')} lead={data?.sent ? undefined : t('forgot.lead')} />
      {data?.sent ? (
        <div className="card">
          <p className="alert alert--success" role="status">
            {t('forgot.sent')}
          </p>
          <Link to="/connexion">{t('nav.login')}</Link>
        </div>
      ) : (
        <Form method="post" className="card form" noValidate>
          <ErrorSummary errors={failed.errors} />
          <EmailField defaultValue={failed.values.email} errors={failed.errors.email} />
          <SubmitButton>{t('forgot.submit')}</SubmitButton>
        </Form>
      )}
    </div>
  )
}
