import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { JobAlertCriteria } from '~/features/careers/schema'
import careersCss from '~/features/careers/components/careers.css'
import { CareersNav } from '~/features/careers/components/careers-nav'
import { ConfirmAction } from '~/features/careers/components/confirm'
import { contractKey, experienceKey, formatMoment, remoteKey, sectorKey } from '~/features/careers/components/format'
import { alertCriteria, jobSearchQuery, parseJobSearch } from '~/features/careers/schema'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import type { Translate } from '~/i18n'
import { createJobAlert, deleteJobAlert, listJobAlerts } from '~/features/careers/careers-alerts.server'
import { requireMember } from '~/features/accounts/guards.server'
import { AccountLayout } from '~/features/accounts/components/account-menu'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'

export const meta = titleMeta('careers.alerts.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: careersCss }]

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context)
  return { alerts: listJobAlerts(context.app, viewer.id) }
}

/** Save the current search (its criteria come from its URL, checked like the search page's), or delete one. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context)
  const form = formObject(await readForm(request))
  if (form.intent === 'delete') {
    invariantResponse(deleteJobAlert(context.app, viewer.id, Number(form.alertId)), 'Not found', { status: 404 })
    return redirectWithToast(context, '/carriere/alertes', { type: 'success', key: 'careers.alerts.deleted' })
  }
  invariantResponse(form.intent === 'create', 'Invalid form')
  const search = parseJobSearch(new URLSearchParams((form.criteria ?? '').slice(0, 2000)))
  const result = createJobAlert(context.app, viewer.id, alertCriteria(search), baseUrl(request, context.app.config.APP_URL))
  if (!result.ok) return redirectWithToast(context, '/carriere/alertes', { type: 'error', key: 'careers.alerts.limit' })
  return redirectWithToast(context, '/carriere/alertes', { type: 'success', key: 'careers.alerts.created' })
}

/** An alert in words: « Stages et alternances · Lyon (50 km) · « data » ». */
function describe(t: Translate, c: JobAlertCriteria): string {
  const parts = [t(c.door === 'etudiant' ? 'careers.door.studentShort' : 'careers.door.alumniShort')]
  if (c.contract?.length) parts.push(c.contract.map((x) => t(contractKey(x))).join(', '))
  if (c.city) parts.push(t('careers.alerts.near', { city: c.city, km: c.radius ?? 50 }))
  if (c.remote) parts.push(t(remoteKey(c.remote)))
  if (c.sector) parts.push(t(sectorKey(c.sector)))
  if (c.experience) parts.push(t(experienceKey(c.experience)))
  if (c.q) parts.push(t('careers.alerts.words', { q: c.q }))
  return parts.join(' · ')
}

export default function Alerts() {
  const t = useT()
  const { locale } = useRootData()
  const { alerts } = useLoaderData<typeof loader>()
  return (
    <AccountLayout>
      <PageHeader title={t('careers.alerts.title')} lead={t('careers.alerts.lead')} />
      <CareersNav reader />
      {alerts.length === 0 ? (
        <div className="card state state--soft">
          <p>{t('careers.alerts.empty')}</p>
          <Link to="/carriere" className="button button--secondary">
            {t('careers.myApplications.browse')}
          </Link>
        </div>
      ) : (
        <ul className="offer-list">
          {alerts.map((a) => (
            <li key={a.id} className="card offer-card">
              <p>
                <strong>{describe(t, a.criteria)}</strong>
              </p>
              <p className="muted">{t('careers.alerts.since', { date: formatMoment(locale, a.createdAt) })}</p>
              <div className="actions">
                <Link to={jobSearchQuery(a.criteria)} className="button button--secondary button--small">
                  {t('careers.alerts.open')}
                </Link>
                <ConfirmAction label={t('careers.alerts.delete')} confirmLabel={t('careers.alerts.deleteConfirm')} intent="delete" fields={{ alertId: a.id }} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </AccountLayout>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
