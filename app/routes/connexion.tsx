import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { EmailField, ErrorSummary, Field, SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { authenticate } from '~/features/accounts/accounts.server'
import { minutesUntil } from '~/features/accounts/throttle.server'
import { startSession } from '~/features/accounts/guards.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { currentPasswordField, emailField, parseForm, safeRedirect } from '~/shared/validation'
import { baseUrl, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { deactivationNotice } from '~/features/moderation/appeals.server'
import { clausePath } from '~/features/moderation/clauses.server'
import { DeactivatedAccount } from '~/features/moderation/components/appeal-deactivated'
import deskCss from '~/features/moderation/components/desk-styles.css'
import { useFormFailure } from '~/shared/form-result'

const LoginForm = z.object({
  email: emailField,
  password: currentPasswordField,
  redirectTo: z.string().optional(),
})

export const meta = titleMeta('login.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: deskCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  if (context.viewer) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '/mon-compte'))
  }
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = translator(context.locale)
  const formData = await readForm(request)
  const email = String(formData.get('email') ?? '')
  const parsed = parseForm(LoginForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, { email })

  const result = await authenticate(context.app, { ...parsed.data, ip: context.clientIp, userAgent: request.headers.get('user-agent') })
  if (!result.ok && result.error === 'deactivated') {
    // The right password of a deactivated account: no session, the decision and how to contest it.
    const notice = deactivationNotice(context.app, result.userId, baseUrl(request, context.app.config.APP_URL))
    if (notice)
      return data(
        {
          deactivated: {
            ...notice,
            clauseHref: clausePath(context.app, notice.statement.clause, notice.statement.decidedAt),
            contact: context.app.config.ASSOCIATION_EMAIL,
          },
        },
        { status: 403 },
      )
  }
  if (!result.ok) {
    const answer = {
      invalid: { status: 400, message: t('error.invalidCredentials') },
      throttled: {
        status: 429,
        message: t('error.throttled', { minutes: minutesUntil('retryAfterMs' in result ? result.retryAfterMs : 0) }),
      },
      deactivated: { status: 403, message: t('error.deactivated', { email: context.app.config.ASSOCIATION_EMAIL }) },
    }[result.error]
    return formError({ form: [answer.message] }, { email }, { status: answer.status })
  }
  const cookie = await startSession(context, result.userId)
  return redirectWithToast(context, safeRedirect(parsed.data.redirectTo, '/'), { type: 'success', key: 'login.done' }, { 'Set-Cookie': cookie })
}

export default function Login() {
  const t = useT()
  const data = useFormFailure()
  const [params] = useSearchParams()
  const redirectTo = params.get('redirectTo') ?? ''
  const answer = useActionData<typeof action>()
  if (answer && 'deactivated' in answer) return <DeactivatedAccount notice={answer.deactivated} />
  return (
    <div className="narrow">
      <PageHeader title={t('login.title')} />
      <Form method="post" className="card form" noValidate>
        <ErrorSummary errors={data.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <EmailField defaultValue={data.values.email} errors={data.errors.email} />
        <Field label={t('field.password')} name="password" type="password" autoComplete="current-password" required errors={data.errors.password} />
        <SubmitButton>{t('login.submit')}</SubmitButton>
        <p className="form__links">
          <Link to="/mot-de-passe-oublie">{t('login.forgot')}</Link>
          <span>
            {t('login.noAccount')} <Link to={`/inscription${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ''}`}>{t('nav.signup')}</Link>
          </span>
        </p>
      </Form>
    </div>
  )
}
