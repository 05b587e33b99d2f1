import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import careersCss from '~/features/careers/components/careers.css'
import { StatusBadge } from '~/features/careers/components/offer-card'
import { OfferForm } from '~/features/careers/components/offer-form'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { FormAlert } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { offerErrors, offerFormValues, parseOfferForm } from '~/features/careers/careers-forms.server'
import { offerStatus, ownJobOffer, updateJobOffer } from '~/features/careers/careers.server'
import { requireUser } from '~/features/accounts/guards.server'
import { invariantResponse, readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject } from '~/shared/validation'
import { revalidateAfterRefusal } from '~/shared/revalidate'
import { HeldNotice } from '~/features/moderation/components/held-notice'
import { holdStateOf } from '~/features/moderation/holds.server'

export const meta = titleMeta('careers.edit.title')
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: careersCss }]
// « No longer editable » means the offer moved on (moderated, filled): its page reloads.
export const shouldRevalidate = revalidateAfterRefusal

function ownOffer(args: LoaderFunctionArgs, userId: string) {
  const offer = ownJobOffer(args.context.app, userId, Number(args.params.offerId))
  invariantResponse(offer, 'Not found', { status: 404 })
  return offer
}

/** Its poster only: anyone else gets a 404, as if the offer did not exist. */
export function loader(args: LoaderFunctionArgs) {
  const viewer = requireUser(args.request, args.context)
  const offer = ownOffer(args, viewer.id)
  const status = offerStatus(offer, args.context.app.now())
  return {
    id: offer.id,
    status,
    rejectionReason: offer.rejectionReason,
    values: offerFormValues(offer),
    editable: status !== 'expired' && status !== 'filled',
    // Held for review after reports: one edit allowed, then the form gives way to the notice.
    hold: holdStateOf(args.context.app, 'offer', offer.id),
  }
}

export async function action(args: ActionFunctionArgs) {
  const viewer = requireUser(args.request, args.context)
  const offer = ownOffer(args, viewer.id)
  const t = translator(args.context.locale)
  const formData = await readForm(args.request)
  const values = formObject(formData)
  const parsed = parseOfferForm(args.context.app, formData, t)
  if (!parsed.success) return formError(parsed.errors, values)
  const result = updateJobOffer(args.context.app, viewer.id, offer.id, parsed.data)
  if (!result.ok) {
    return formError(offerErrors(t, result.error), values, { status: result.error === 'notEditable' || result.error === 'heldEditUsed' ? 409 : 400 })
  }
  return redirectWithToast(args.context, '/carriere/mes-offres', {
    type: 'success',
    key: result.status === 'published' ? 'careers.edit.savedPublished' : 'careers.edit.savedPending',
  })
}

export default function EditOffer() {
  const t = useT()
  const { id, status, rejectionReason, values, editable: open, hold } = useLoaderData<typeof loader>()
  const data = useFormFailure()
  // The one edit of a held offer is spent: the form is not offered again (a stale tab is refused).
  const editable = open && hold !== 'edited'
  return (
    <div className="narrow narrow--wide">
      <PageHeader title={t('careers.edit.title')} lead={t(status === 'published' ? 'careers.edit.leadPublished' : 'careers.edit.lead')}>
        <Link to="/carriere/mes-offres">{t('careers.myOffers.title')}</Link>
      </PageHeader>
      <p>
        <StatusBadge status={status} />
      </p>
      <HeldNotice kind="offer" id={id} hold={hold} />
      {rejectionReason && status === 'rejected' ? <FormAlert messages={[t('careers.myOffers.rejectedBecause', { reason: rejectionReason })]} /> : null}
      {/* When the form is shown, its error summary says these. */}
      {editable ? null : <FormAlert messages={data.errors.form} />}
      {editable ? (
        <OfferForm values={data.failed ? data.values : values} errors={data.errors} submitLabel={t('careers.edit.submit')} />
      ) : hold === 'edited' && open ? null : (
        <div className="card state state--soft">
          <p>{t('careers.error.notEditable')}</p>
          <Link to={`/carriere/deposer?depuis=${id}`} className="button button--secondary">
            {t('careers.myOffers.repost')}
          </Link>
        </div>
      )}
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
