import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { formatDate, translator, type MessageKey } from '~/i18n'
import { formError } from '~/shared/form-result.server'
import { baseUrl, invariantResponse, readForm } from '~/shared/http.server'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'
import { requireWebmaster } from '~/features/accounts/guards.server'
import requestsCss from '~/features/privacy/components/requests.css'
import { RequestDetail } from '~/features/privacy/components/request-detail'
import { closePrivacyRequest, eraseForRequest, exportForRequest, extendPrivacyRequest, privacyRequestView } from '~/features/privacy/requests.server'
import { CloseRequestForm, EraseRequestForm, ExtendRequestForm, requestIdParam } from '~/features/privacy/requests-schema'

export const meta = titleMeta('privacy.requests.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: requestsCss }]

function requestIdOf(params: Record<string, string | undefined>): number {
  const id = requestIdParam(params.requestId)
  invariantResponse(id !== null, 'Not found', { status: 404 })
  return id
}

export function loader({ request, context, params }: LoaderFunctionArgs) {
  requireWebmaster(request, context)
  const view = privacyRequestView(context.app, requestIdOf(params))
  invariantResponse(view, 'Not found', { status: 404 })
  return { request: view }
}

/** Why an action was refused, and the status it answers with. */
const refusals: Record<string, { key: MessageKey; status: number; field?: string }> = {
  notFound: { key: 'privacy.requests.error.notFound', status: 404 },
  closed: { key: 'privacy.requests.error.closed', status: 409 },
  wrongKind: { key: 'privacy.requests.error.wrongKind', status: 409 },
  noAccount: { key: 'privacy.requests.error.requestNoAccount', status: 409 },
  alreadyExporting: { key: 'privacy.requests.export.already', status: 409 },
  alreadyExtended: { key: 'privacy.requests.extend.already', status: 409 },
  late: { key: 'privacy.requests.extend.late', status: 409 },
  invalid: { key: 'privacy.requests.extend.reasonRequired', status: 400, field: 'reason' },
  reasonRequired: { key: 'privacy.requests.close.reasonRequired', status: 400, field: 'outcome' },
  self: { key: 'privacy.requests.erase.self', status: 409 },
  busy: { key: 'privacy.requests.erase.busy', status: 409 },
}

/** `extend` (reason), `close` (status, outcome), `export`, `erase` (confirm): each answered on this page. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireWebmaster(request, context)
  const id = requestIdOf(params)
  const ctx = context.app
  const t = translator(context.locale)
  const formData = await readForm(request)
  const values = formObject(formData)
  const intent = values.intent
  const here = `/admin/rgpd/${id}`
  const refused = (error: string) => {
    const refusal = refusals[error] ?? { key: 'privacy.requests.error.unknownIntent', status: 400 }
    return formError({ [refusal.field ?? 'form']: [t(refusal.key)] }, values, { status: refusal.status, extra: { intent } })
  }
  // A request that does not exist is a 404 whatever the form says.
  invariantResponse(privacyRequestView(ctx, id), 'Not found', { status: 404 })

  switch (intent) {
    case 'extend': {
      const parsed = parseForm(ExtendRequestForm, formData, t)
      if (!parsed.success) return formError(parsed.errors, values, { extra: { intent } })
      const result = extendPrivacyRequest(ctx, { id, reason: parsed.data.reason })
      if (!result.ok) return refused(result.error)
      return redirectWithToast(context, here, { type: 'success', key: 'privacy.requests.extended', params: { date: formatDate(context.locale, result.dueAt) } })
    }
    case 'close': {
      const parsed = parseForm(CloseRequestForm, formData, t)
      if (!parsed.success) return formError(parsed.errors, values, { extra: { intent } })
      const result = closePrivacyRequest(ctx, { id, by: viewer.id, status: parsed.data.status, outcome: parsed.data.outcome })
      if (!result.ok) return refused(result.error)
      return redirectWithToast(context, here, {
        type: 'success',
        key: parsed.data.status === 'done' ? 'privacy.requests.closed.done' : 'privacy.requests.closed.refused',
      })
    }
    case 'export': {
      const result = exportForRequest(ctx, { id, by: viewer.id, baseUrl: baseUrl(request, ctx.config.APP_URL) })
      if (!result.ok) return refused(result.error)
      return redirectWithToast(context, here, { type: 'success', key: 'privacy.requests.export.requested' })
    }
    case 'erase': {
      const parsed = parseForm(EraseRequestForm, formData, t)
      if (!parsed.success) return formError(parsed.errors, values, { extra: { intent } })
      const result = await eraseForRequest(ctx, { id, by: viewer.id, baseUrl: baseUrl(request, ctx.config.APP_URL) })
      if (!result.ok) return refused(result.error)
      return redirectWithToast(context, here, { type: 'success', key: 'privacy.requests.erase.done' })
    }
    default:
      throw new Response('Formulaire inconnu', { status: 400 })
  }
}

export default function AdminPrivacyRequest() {
  const { request } = useLoaderData<typeof loader>()
  // A new set of forms once the request changes (extended, closed): the text typed for the last action does not stay.
  return <RequestDetail key={`${request.status}:${String(request.dueAt)}`} {...request} />
}
