import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import careersCss from '~/features/careers/components/careers.css'
import { CareersNav, isReader } from '~/features/careers/components/careers-nav'
import { OfferForm } from '~/features/careers/components/offer-form'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { offerErrors, offerFormValues, parseOfferForm } from '~/features/careers/careers-forms.server'
import { createJobOffer, offerStatus, ownJobOffer, repostJobOffer } from '~/features/careers/careers.server'
import { requireUser } from '~/features/accounts/guards.server'
import { requireUnrestricted } from '~/features/moderation/restrictions.server'
import { invariantResponse, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'

export const meta = titleMeta('careers.post.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: careersCss }]

/** The offer an expired or filled one is reposted from (`?depuis=`), its owner's only. */
function repostSource(request: Request, context: LoaderFunctionArgs['context'], userId: string) {
  const from = new URL(request.url).searchParams.get('depuis')
  if (!from) return null
  const offer = ownJobOffer(context.app, userId, Number(from))
  invariantResponse(offer, 'Not found', { status: 404 })
  const status = offerStatus(offer, context.app.now())
  invariantResponse(status === 'expired' || status === 'filled', 'Not repostable', { status: 409 })
  return offer
}

/** Any logged-in account posts (a member recruiting, a partner company); a webmaster validates. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const source = repostSource(request, context, viewer.id)
  const values: Record<string, string> = source ? { ...offerFormValues(source), deadline: '', startDate: '' } : { applicationEmail: viewer.email }
  return { values, repostOf: source?.id ?? null, reader: isReader(viewer) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireUser(request, context)
  requireUnrestricted(context.app, viewer.id)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const values = formObject(formData)
  const parsed = parseOfferForm(context.app, formData, t)
  if (!parsed.success) return formError(parsed.errors, values)
  const repostOf = values.repostOf ? Number(values.repostOf) : null
  const result = repostOf ? repostJobOffer(context.app, viewer.id, repostOf, parsed.data) : createJobOffer(context.app, viewer.id, parsed.data)
  if (!result.ok) {
    return formError(offerErrors(t, result.error), values, { status: result.error === 'notFound' ? 404 : 400 })
  }
  return redirectWithToast(context, '/carriere/mes-offres', { type: 'success', key: 'careers.post.sent' })
}

export default function PostOffer() {
  const t = useT()
  const loaded = useLoaderData<typeof loader>()
  const data = useFormFailure()
  return (
    <>
      <PageHeader title={t(loaded.repostOf ? 'careers.repost.title' : 'careers.post.title')} lead={t('careers.post.lead')} />
      <CareersNav reader={loaded.reader} />
      <div className="narrow narrow--wide">
        <OfferForm
          values={data.failed ? data.values : loaded.values}
          errors={data.errors}
          submitLabel={t('careers.post.submit')}
          hidden={loaded.repostOf ? { repostOf: String(loaded.repostOf) } : {}}
        />
      </div>
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
