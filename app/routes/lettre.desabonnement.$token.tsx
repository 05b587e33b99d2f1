import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { UnsubscribePage } from '~/shared/components/unsubscribe-page'
import { unsubscribeFromLetters, unsubscribeTokenValid } from '~/features/campaigns/unsubscribe.server'
import { invariantResponse } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('campaigns.unsubscribe.title')

/** A confirmation button rather than an unsubscribe on GET: mail scanners follow links. */
export function loader({ context, params }: LoaderFunctionArgs) {
  invariantResponse(unsubscribeTokenValid(context.app, params.token ?? ''), 'Not found', { status: 404 })
  return {}
}

/** The button, and a mail client's one-click List-Unsubscribe-Post (no Origin: see the CSRF guard), land here. */
export function action({ context, params }: ActionFunctionArgs) {
  invariantResponse(unsubscribeFromLetters(context.app, params.token ?? ''), 'Not found', { status: 404 })
  return { done: true }
}

export default function LetterUnsubscribe() {
  const t = useT()
  const done = useActionData<typeof action>()?.done
  return (
    <UnsubscribePage
      title="campaigns.unsubscribe.title"
      lead={t('campaigns.unsubscribe.lead')}
      done={done ? t('campaigns.unsubscribe.done') : null}
      submit="campaigns.unsubscribe.submit"
      more={{ to: '/mon-compte/donnees/consentements', label: 'privacy.consents.manageAll' }}
    />
  )
}

export const ErrorBoundary = GeneralErrorBoundary
