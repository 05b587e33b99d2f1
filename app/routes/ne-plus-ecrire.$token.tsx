import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { UnsubscribePage } from '~/shared/components/unsubscribe-page'
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
  const done = useActionData<typeof action>()?.done
  const { email } = useLoaderData<typeof loader>()
  return (
    <UnsubscribePage
      title="outreach.optOut.title"
      lead={t('outreach.optOut.lead', { email })}
      done={done ? t('outreach.optOut.done', { email }) : null}
      submit="outreach.optOut.submit"
      more={{ to: '/confidentialite', label: 'outreach.optOut.privacy' }}
    />
  )
}

export const ErrorBoundary = GeneralErrorBoundary
