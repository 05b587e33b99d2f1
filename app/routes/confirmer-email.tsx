import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { confirmEmailChange } from '~/features/accounts/accounts.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'

export const meta = titleMeta('confirmEmail.title')

/**
 * The link from the mail opens a page with one button, and only the button spends the
 * single-use token. Mail scanners open links: were the GET the confirmation, a scanner at an
 * address typed by mistake would confirm it, and that address's owner could then take the account.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  const token = (new URL(request.url).searchParams.get('token') ?? '').slice(0, 200)
  if (!token) return data({ token, message: translator(context.locale)('error.invalidToken') }, { status: 400 })
  return { token, message: null }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = translator(context.locale)
  const form = await request.formData().catch(() => null)
  const token = String(form?.get('token') ?? '').slice(0, 200)
  const result = token ? await confirmEmailChange(context.app, token) : { ok: false as const, error: 'invalidToken' as const }
  if (result.ok) {
    return redirectWithToast(context, context.viewer ? '/mon-compte' : '/connexion', {
      type: 'success',
      key: 'account.email.confirmed',
      params: { email: result.email },
    })
  }
  return data({ message: t(result.error === 'emailTaken' ? 'error.emailTakenChange' : 'error.invalidToken') }, { status: 400 })
}

export default function ConfirmEmail() {
  const t = useT()
  const { token, message: linkMessage } = useLoaderData<typeof loader>()
  const message = useActionData<typeof action>()?.message ?? linkMessage
  if (message) {
    return (
      <div className="narrow">
        <PageHeader title={t('confirmEmail.title')} />
        <div className="card">
          <p className="alert alert--error" role="alert">
            {message}
          </p>
          <Link to="/mon-compte" className="button button--primary">
            {t('nav.account')}
          </Link>
        </div>
      </div>
    )
  }
  return (
    <div className="narrow">
      <PageHeader title={t('confirmEmail.title')} lead={t('confirmEmail.lead')} />
      <Form method="post" className="card form">
        <input type="hidden" name="token" value={token} />
        <SubmitButton autoFocus>{t('confirmEmail.submit')}</SubmitButton>
      </Form>
    </div>
  )
}
