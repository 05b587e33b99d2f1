import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDate, translator } from '~/i18n'
import { Pagination, pageParam } from '~/shared/components/pagination'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { readForm } from '~/shared/http.server'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseFields } from '~/shared/validation'
import { requireWebmaster } from '~/features/accounts/guards.server'
import requestsCss from '~/features/privacy/components/requests.css'
import { RecordRequestForm, RequestList, RequestSummary, RequestTabs } from '~/features/privacy/components/requests'
import { listPrivacyRequests, recordPrivacyRequest, requestAccount } from '~/features/privacy/requests.server'
import { addMonths, parisDay, RECEIVED_AT_MOST_MONTHS_AGO, recordRequestForm, type RecordRequestInput } from '~/features/privacy/requests-schema'

export const meta = titleMeta('privacy.requests.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: requestsCss }]

/** /admin/rgpd (issue #16): the requests received by mail or post, by deadline, and the form recording a new one. */
export function loader({ request, context }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const view = new URL(request.url).searchParams.get('vue') === 'cloturees' ? 'closed' : 'open'
  const list = listPrivacyRequests(context.app, { view, page: pageParam(request) })
  const today = parisDay(context.app.now())
  return { view, ...list, today, earliest: addMonths(today, -RECEIVED_AT_MOST_MONTHS_AGO) } as const
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const ctx = context.app
  const t = translator(context.locale)
  const values = formObject(await readForm(request))
  if (values.intent !== 'record') throw new Response('Formulaire inconnu', { status: 400 })
  const extra = { intent: 'record' }
  // Every error at once: the fields' own rules, then whether an account has the address typed.
  const { data, errors } = parseFields(recordRequestForm(parisDay(ctx.now())), values, t)
  if (!errors.requesterEmail && !errors.accountEmail) {
    const account = requestAccount(ctx, { requesterEmail: data.requesterEmail, accountEmail: data.accountEmail })
    if (!account.ok) errors.accountEmail = [t('privacy.requests.error.noAccount')]
  }
  if (Object.keys(errors).length > 0) return formError(errors, values, { extra })
  const result = recordPrivacyRequest(ctx, { by: viewer.id, ...(data as RecordRequestInput) })
  if (!result.ok)
    return formError(result.error === 'noAccount' ? { accountEmail: [t('privacy.requests.error.noAccount')] } : { form: [t('form.errorSummary')] }, values, {
      extra,
    })
  return redirectWithToast(context, `/admin/rgpd/${result.id}`, {
    type: 'success',
    key: 'privacy.requests.recorded',
    params: { date: formatDate(context.locale, result.dueAt) },
  })
}

export default function AdminPrivacyRequests() {
  const t = useT()
  const { view, rows, counts, page, pages, today, earliest } = useLoaderData<typeof loader>()
  const form = useFormFailure('record')
  return (
    <section className="rgpd" aria-labelledby="rgpd-titre">
      <h2 id="rgpd-titre">{t('privacy.requests.title')}</h2>
      <p className="muted rgpd__lead">{t('privacy.requests.lead')}</p>
      <p className="actions">
        <a className="button button--primary rgpd__record-link" href="#enregistrer">
          {t('privacy.requests.recordLink')}
        </a>
        <Link className="button button--ghost" to="/admin/rgpd/acces">
          {t('privacy.requests.accessLog')}
        </Link>
      </p>
      <RequestTabs view={view} counts={counts} />
      <div className="rgpd__layout">
        <div className="rgpd__list">
          {view === 'open' && counts.open > 0 ? <RequestSummary counts={counts} /> : null}
          <RequestList rows={rows} view={view} />
          <Pagination page={page} pages={pages} />
        </div>
        <RecordRequestForm form={form} today={today} earliest={earliest} />
      </div>
    </section>
  )
}
