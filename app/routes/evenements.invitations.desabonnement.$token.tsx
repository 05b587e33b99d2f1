import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { SubmitButton } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
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
    <div className="narrow">
      <PageHeader title={t('events.optOut.title')} lead={t(done ? 'events.optOut.done' : 'events.optOut.lead')} />
      {done ? null : (
        <Form method="post">
          <SubmitButton>{t('events.optOut.submit')}</SubmitButton>
        </Form>
      )}
      <p>
        <Link to="/mon-compte/donnees/consentements">{t('privacy.consents.manageAll')}</Link>
      </p>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
