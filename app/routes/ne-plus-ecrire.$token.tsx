import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { addressOfToken, optOut } from '~/features/outreach/opt-outs.server'
import { invariantResponse } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('outreach.optOut.title')

function addressOf(context: LoaderFunctionArgs['context'], token: string | undefined) {
  const email = addressOfToken(context.app.config.SESSION_SECRET, token ?? '')
  invariantResponse(email, 'Not found', { status: 404 })
  return email
}

/** A confirmation button rather than an opt-out on GET: mail scanners follow links. */
export function loader({ context, params }: LoaderFunctionArgs) {
  return { email: addressOf(context, params.token) }
}

/** The button, and a mail client's one-click List-Unsubscribe POST, land here. */
export function action({ context, params }: ActionFunctionArgs) {
  const email = addressOf(context, params.token)
  optOut(context.app, email)
  return { done: true }
}

export default function StopWriting() {
  const t = useT()
  const { email } = useLoaderData<typeof loader>()
  const done = useActionData<typeof action>()?.done
  return (
    <div className="narrow">
      <PageHeader title={t('outreach.optOut.title')} lead={t(done ? 'outreach.optOut.done' : 'outreach.optOut.lead', { email })} />
      {done ? null : (
        <Form method="post">
          <SubmitButton>{t('outreach.optOut.submit')}</SubmitButton>
        </Form>
      )}
      <p>
        <Link to="/confidentialite">{t('outreach.optOut.privacy')}</Link>
      </p>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
