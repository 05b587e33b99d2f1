import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { alertForToken, unsubscribeJobAlert } from '~/features/careers/careers-alerts.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { formObject } from '~/shared/validation'
import { readForm } from '~/shared/http.server'

export const meta = titleMeta('careers.unsubscribe.title')

function linkParams(params: URLSearchParams | Record<string, string>) {
  const get = (k: string) => (params instanceof URLSearchParams ? params.get(k) : params[k]) ?? ''
  return { alertId: Number(get('alerte')), token: get('jeton').slice(0, 100) }
}

/**
 * The signed link from the weekly mail works without logging in. Following it shows a button
 * (a mail scanner that opens links must not unsubscribe anyone); the button removes the alert.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  const { alertId, token } = linkParams(new URL(request.url).searchParams)
  const alert = Number.isInteger(alertId) ? alertForToken(context.app, alertId, token) : 'invalid'
  return data({ state: alert === 'invalid' ? 'invalid' : alert ? 'active' : 'gone', alertId, token }, { status: alert === 'invalid' ? 400 : 200 })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { alertId, token } = linkParams(formObject(await readForm(request)))
  const result = Number.isInteger(alertId) ? unsubscribeJobAlert(context.app, alertId, token) : 'invalid'
  return data({ result }, { status: result === 'invalid' ? 400 : 200 })
}

export default function Unsubscribe() {
  const t = useT()
  const { state, alertId, token } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const done = data?.result === 'removed' || data?.result === 'gone' || state === 'gone'
  return (
    <div className="narrow">
      <PageHeader title={t('careers.unsubscribe.title')} />
      <section className="card">
        {state === 'invalid' || data?.result === 'invalid' ? (
          <p role="alert">{t('careers.unsubscribe.invalid')}</p>
        ) : done ? (
          <p role="status">{t('careers.unsubscribe.done')}</p>
        ) : (
          <Form method="post" className="form">
            <p>{t('careers.unsubscribe.lead')}</p>
            <input type="hidden" name="alerte" value={alertId} />
            <input type="hidden" name="jeton" value={token} />
            <button type="submit" className="button button--primary">
              {t('careers.unsubscribe.confirm')}
            </button>
          </Form>
        )}
        <p>
          <Link to="/carriere/alertes">{t('careers.unsubscribe.manage')}</Link>
        </p>
        <p>
          <Link to="/mon-compte/donnees/consentements">{t('privacy.consents.manageAll')}</Link>
        </p>
      </section>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
