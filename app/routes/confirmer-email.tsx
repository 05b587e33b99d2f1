import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '../components/layout'
import { translator } from '../i18n'
import { confirmEmailChange } from '../services/accounts.server'
import { useT } from '../utils/i18n'
import { titleMeta } from '../utils/meta'
import { redirectWithToast } from '../utils/toast.server'

export const meta = titleMeta('confirmEmail.title')

/** The link from the mail: following it is the confirmation (the token is single-use and unguessable). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const result = token ? await confirmEmailChange(context.app, token) : { ok: false as const, error: 'invalidToken' as const }
  if (result.ok) {
    return redirectWithToast(context, context.viewer ? '/mon-compte' : '/connexion', {
      type: 'success',
      key: 'account.email.confirmed',
      params: { email: result.email },
    })
  }
  const t = translator(context.locale)
  return json(
    { message: t(result.error === 'emailTaken' ? 'error.emailTakenChange' : 'error.invalidToken') },
    { status: 400 },
  )
}

export default function ConfirmEmail() {
  const t = useT()
  const { message } = useLoaderData<typeof loader>()
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
