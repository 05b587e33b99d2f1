import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { invariantResponse, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { redirectWithToast } from '~/shared/toast.server'
import { titleMeta } from '~/shared/meta'
import { useT } from '~/shared/i18n'
import { isPayingMember } from '~/shared/viewer'
import { translator } from '~/i18n'
import { parseForm } from '~/shared/validation'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { requireUser } from '~/features/accounts/guards.server'
import { listJobAlerts } from '~/features/careers/careers-alerts.server'
import consentsCss from '~/features/privacy/components/consents.css'
import { ConsentCentre } from '~/features/privacy/components/consent-centre'
import { CONSENT_LABELS, CONSENTS, consentStates, setConsent } from '~/features/privacy/consents.server'

export const meta = titleMeta('privacy.consents.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consentsCss }]

/** The consent centre (issue #16): every account, members and registered alike. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const ctx = context.app
  return {
    consents: consentStates(ctx, viewer.id),
    isMember: isPayingMember(viewer),
    jobAlertCount: listJobAlerts(ctx, viewer.id).length,
  }
}

const setForm = z.object({
  consent: z.enum(CONSENTS, { errorMap: () => ({ message: 'privacy.consents.error.consent' }) }),
  granted: z.enum(['on', 'off'], { errorMap: () => ({ message: 'privacy.consents.error.granted' }) }),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (intent !== 'set') return formError({ form: [t('privacy.consents.error.intent')] }, {}, { extra: { intent: 'set' } })
  const parsed = parseForm(setForm, formData, t)
  // The fields are hidden: their messages go at the top of the page, with no field to point to.
  if (!parsed.success) return formError({ form: Object.values(parsed.errors).flat() }, {}, { extra: { intent } })
  const { consent } = parsed.data
  const granted = parsed.data.granted === 'on'
  const result = setConsent(context.app, { userId: viewer.id, consent, granted, via: 'centre' })
  if (!result.ok) {
    invariantResponse(result.error === 'alertsNeedCriteria', 'Not found', { status: 404 })
    // An alert needs criteria: it is created from a search, on the alerts page (members only).
    if (isPayingMember(viewer)) return redirect('/carriere/alertes')
    return formError({ form: [t('privacy.consents.jobAlerts.membersOnly')] }, {}, { status: 403, extra: { intent } })
  }
  return redirectWithToast(context, `/mon-compte/donnees/consentements#consentement-${consent}`, {
    type: 'success',
    key: granted ? 'privacy.consents.saved.given' : 'privacy.consents.saved.withdrawn',
    params: { label: t(CONSENT_LABELS[consent]) },
  })
}

export default function Consentements() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  return (
    <AccountLayout>
      <div className="narrow narrow--wide account-page">
        <PageHeader title={t('privacy.consents.title')} lead={t('privacy.consents.lead')} />
        <ConsentCentre {...data} />
      </div>
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
