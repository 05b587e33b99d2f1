import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { EmailField, Field, FormAlert, NewPasswordField, SubmitButton } from '../components/forms'
import { PageHeader } from '../components/layout'
import { translator } from '../i18n'
import { registerUser } from '../services/accounts.server'
import { minutesUntil } from '../services/throttle.server'
import { requireAnonymous, startSession } from '../utils/auth.server'
import { useT } from '../utils/i18n'
import { titleMeta } from '../utils/meta'
import { redirectWithToast } from '../utils/toast.server'
import { emailField, nameField, parseForm, passwordField, safeRedirect, type FieldErrors } from '../utils/validation'

const SignupForm = z.object({
  lastName: nameField,
  firstName: nameField,
  email: emailField,
  password: passwordField,
  redirectTo: z.string().optional(),
})

export const meta = titleMeta('signup.title')

export function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context)
  return null
}

type ActionData = { errors: FieldErrors; form: string[]; values: Record<string, string> }

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context)
  const t = translator(context.locale)
  const formData = await request.formData()
  const values = {
    lastName: String(formData.get('lastName') ?? ''),
    firstName: String(formData.get('firstName') ?? ''),
    email: String(formData.get('email') ?? ''),
  }
  const parsed = parseForm(SignupForm, formData, t)
  if (!parsed.success) return json<ActionData>({ errors: parsed.errors, form: [], values }, { status: 400 })

  const result = await registerUser(context.app, { ...parsed.data, ip: context.clientIp })
  if (!result.ok) {
    if (result.error === 'throttled') {
      const message = t('error.throttled', { minutes: minutesUntil(result.retryAfterMs) })
      return json<ActionData>({ errors: {}, form: [message], values }, { status: 429 })
    }
    return json<ActionData>({ errors: { email: [t('error.emailTaken')] }, form: [], values }, { status: 400 })
  }
  const cookie = await startSession(context, result.userId)
  return redirectWithToast(
    context,
    safeRedirect(parsed.data.redirectTo, '/'),
    { type: 'success', key: 'signup.done', params: { firstName: parsed.data.firstName } },
    { 'Set-Cookie': cookie },
  )
}

export default function Signup() {
  const t = useT()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const redirectTo = params.get('redirectTo') ?? ''
  return (
    <div className="narrow">
      <PageHeader title={t('signup.title')} lead={t('signup.lead')} />
      <Form method="post" className="card form" noValidate>
        <FormAlert messages={data?.form} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label={t('field.lastName')}
          hint={t('field.lastNameHint')}
          name="lastName"
          autoComplete="family-name"
          required
          maxLength={100}
          defaultValue={data?.values.lastName}
          errors={data?.errors.lastName}
        />
        <Field
          label={t('field.firstName')}
          name="firstName"
          autoComplete="given-name"
          required
          maxLength={100}
          defaultValue={data?.values.firstName}
          errors={data?.errors.firstName}
        />
        <EmailField defaultValue={data?.values.email} errors={data?.errors.email} />
        <NewPasswordField name="password" label={t('field.password')} errors={data?.errors.password} />
        <SubmitButton>{t('signup.submit')}</SubmitButton>
        <p className="form__links">
          <span>
            {t('signup.haveAccount')} <Link to="/connexion">{t('nav.login')}</Link>
          </span>
        </p>
      </Form>
    </div>
  )
}
