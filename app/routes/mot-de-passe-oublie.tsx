import { json, type ActionFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { z } from 'zod'
import { EmailField, FormAlert, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { requestPasswordReset } from '~/features/accounts/accounts.server'
import { minutesUntil } from '~/features/accounts/throttle.server'
import { baseUrl, readForm } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { emailField, parseForm, type FieldErrors } from '~/shared/validation'

const ForgotForm = z.object({ email: emailField })

export const meta = titleMeta('forgot.title')

type ActionData = { sent: true } | { sent: false; errors: FieldErrors; form: string[]; email: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const t = translator(context.locale)
  const formData = await readForm(request)
  const email = String(formData.get('email') ?? '')
  const parsed = parseForm(ForgotForm, formData, t)
  if (!parsed.success) return json<ActionData>({ sent: false, errors: parsed.errors, form: [], email }, { status: 400 })
  const result = requestPasswordReset(context.app, {
    email: parsed.data.email,
    ip: context.clientIp,
    baseUrl: baseUrl(request, context.app.config.APP_URL),
  })
  if (!result.ok) {
    const message = t('error.throttled', { minutes: minutesUntil(result.retryAfterMs) })
    return json<ActionData>({ sent: false, errors: {}, form: [message], email }, { status: 429 })
  }
  return json<ActionData>({ sent: true })
}

export default function ForgotPassword() {
  const t = useT()
  const data = useActionData<typeof action>()
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
          <FormAlert messages={data?.form} />
          <EmailField defaultValue={data?.email} errors={data?.errors.email} />
          <SubmitButton>{t('forgot.submit')}</SubmitButton>
        </Form>
      )}
    </div>
  )
}
