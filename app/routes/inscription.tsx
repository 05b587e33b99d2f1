import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { EmailField, ErrorSummary, NewPasswordField, PersonNameFields, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { SignUpSent } from '~/features/accounts/components/signup-sent'
import { translator } from '~/i18n'
import { requestSignUp } from '~/features/accounts/signup.server'
import { minutesUntil } from '~/features/accounts/throttle.server'
import { requireAnonymous } from '~/features/accounts/guards.server'
import { baseUrl, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { formFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { parseForm, safeRedirect } from '~/shared/validation'
import { signUpForm } from '~/features/accounts/account-forms.server'
import { isInvitationToken } from '~/features/referrals/schema'
import { TermsCheckbox } from '~/features/moderation/components/terms-checkbox'
import { TERMS_ACCEPT_FIELD } from '~/features/moderation/terms'
import { termsAcceptanceOf, termsVersionToAccept } from '~/features/moderation/terms.server'
import { BirthNameField } from '~/features/roster/components/birth-name-field'
import { birthNameField } from '~/features/roster/activation-schema'

export const meta = titleMeta('signup.title')

export function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context)
  return { termsVersion: termsVersionToAccept(context.app) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const values = {
    lastName: String(formData.get('lastName') ?? ''),
    firstName: String(formData.get('firstName') ?? ''),
    email: String(formData.get('email') ?? ''),
    birthName: String(formData.get('birthName') ?? ''),
  }
  const parsed = parseForm(signUpForm, formData, t)
  const birthName = birthNameField.safeParse(values.birthName)
  // The box is asked once terms are published; every error shows at once, the box's next to it.
  const terms = termsAcceptanceOf(context.app, formData)
  const termsRefused = terms.required && !terms.accepted
  if (!parsed.success || termsRefused || !birthName.success) {
    const errors = {
      ...(parsed.success ? {} : parsed.errors),
      ...(birthName.success ? {} : { birthName: [t('error.tooLong', { max: 100 })] }),
      ...(termsRefused ? { [TERMS_ACCEPT_FIELD]: [t('terms.accept.required')] } : {}),
    }
    return formError(errors, values, { extra: { sent: false as const } })
  }

  // The same answer whether the address is new or already has an account: the mail tells them apart.
  const result = await requestSignUp(context.app, {
    ...parsed.data,
    ip: context.clientIp,
    locale: context.locale,
    next: safeRedirect(parsed.data.redirectTo, '/'),
    baseUrl: baseUrl(request, context.app.config.APP_URL),
    terms: terms.required ? { versionId: terms.versionId, via: 'signup' } : null,
    roster: { birthName: birthName.data },
    invitation: isInvitationToken(formData.get('invitation')) ? String(formData.get('invitation')) : null,
  })
  if (!result.ok) {
    const message = t('error.throttled', { minutes: minutesUntil(result.retryAfterMs) })
    return formError({ form: [message] }, values, { status: 429, extra: { sent: false as const } })
  }
  return { sent: true as const, email: parsed.data.email.trim().toLowerCase() }
}

export default function Signup() {
  const t = useT()
  const data = useActionData<typeof action>()
  const { termsVersion } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const redirectTo = params.get('redirectTo') ?? ''
  if (data?.sent) return <SignUpSent email={data.email} />
  const { errors, values } = formFailure(data)
  return (
    <div className="narrow">
      <PageHeader title={t('signup.title')} lead={t('signup.lead')} />
      <Form method="post" className="card form" noValidate>
        <ErrorSummary errors={errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {/* A recommendation's personal link (/rejoindre/<token>) brought this sign-up. */}
        <input type="hidden" name="invitation" value={params.get('invitation') ?? ''} />
        <PersonNameFields values={values} errors={errors} />
        <BirthNameField defaultValue={values.birthName} errors={errors.birthName} />
        <EmailField defaultValue={values.email} errors={errors.email} />
        <NewPasswordField name="password" label={t('field.password')} errors={errors.password} />
        {termsVersion ? <TermsCheckbox version={termsVersion} errors={errors[TERMS_ACCEPT_FIELD]} /> : null}
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
