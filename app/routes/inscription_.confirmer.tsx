import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { confirmSignUp, signUpLinkFor } from '~/features/accounts/signup.server'
import { startSession } from '~/features/accounts/guards.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, safeRedirect } from '~/shared/validation'
import { readForm } from '~/shared/http.server'

const ConfirmForm = z.object({ token: z.string().min(1).max(4000) })

export const meta = titleMeta('signup.confirm.title')

/**
 * The link from the sign-up mail. Opening it creates nothing: mail scanners open links, so the
 * account is created by the button, which also logs this browser in.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const link = token ? signUpLinkFor(context.app, token) : null
  return data({ token: link ? token : '', email: link?.email ?? null }, { status: link ? 200 : 400 })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = ConfirmForm.safeParse(formObject(await readForm(request)))
  const result = parsed.success ? confirmSignUp(context.app, parsed.data.token) : ({ ok: false, error: 'invalidToken' } as const)
  if (result.ok) {
    const cookie = await startSession(context, result.userId)
    return redirectWithToast(
      context,
      safeRedirect(result.next, '/'),
      { type: 'success', key: 'signup.done', params: { firstName: result.firstName } },
      { 'Set-Cookie': cookie },
    )
  }
  if (result.error === 'alreadyConfirmed') return redirectWithToast(context, '/connexion', { type: 'info', key: 'signup.alreadyConfirmed' })
  return data({ token: '', email: null }, { status: 400 })
}

export default function ConfirmSignUp() {
  const t = useT()
  const { token, email } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <PageHeader title={t('signup.confirm.title')} />
      {email ? (
        <Form method="post" className="card form">
          <p>{t('signup.confirm.lead', { email })}</p>
          <input type="hidden" name="token" value={token} />
          <SubmitButton>{t('signup.submit')}</SubmitButton>
        </Form>
      ) : (
        <div className="card">
          <p className="alert alert--error" role="alert">
            {t('error.invalidToken')}
          </p>
          <Link to="/inscription" className="button button--primary">
            {t('nav.signup')}
          </Link>
        </div>
      )}
    </div>
  )
}
