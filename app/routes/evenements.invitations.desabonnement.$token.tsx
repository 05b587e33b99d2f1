import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { UnsubscribePage } from '~/shared/components/unsubscribe-page'
import { isOptOutTokenValid, optOutOfInvitations } from '~/features/events/event-invitations.server'
import { invariantResponse } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'

export const meta = titleMeta('events.optOut.title')

/** A confirmation button rather than an unsubscribe on GET: mail scanners follow links. */
export function loader({ context, params }: LoaderFunctionArgs) {
  invariantResponse(isOptOutTokenValid(context.app, params.token ?? ''), 'Not found', { status: 404 })
  return {}
}

export function action({ context, params }: ActionFunctionArgs) {
  invariantResponse(optOutOfInvitations(context.app, params.token ?? ''), 'Not found', { status: 404 })
  return { done: true }
}

export default function OptOut() {
  const t = useT()
  const done = useActionData<typeof action>()?.done
  return (
    <UnsubscribePage
      title="events.optOut.title"
      lead={t('events.optOut.lead')}
      done={done ? t('events.optOut.done') : null}
      submit="events.optOut.submit"
      more={{ to: '/mon-compte/donnees/consentements', label: 'privacy.consents.manageAll' }}
    />
  )
}

export const ErrorBoundary = GeneralErrorBoundary
