import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import careersCss from '~/features/careers/components/careers.css'
import { contractKey, experienceKey, formatDay, formatMoment, formatSalary, remoteKey, sectorKey } from '~/features/careers/components/format'
import { StatusBadge } from '~/features/careers/components/offer-card'
import { OfferMap } from '~/features/careers/components/offer-map'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { ErrorSummary, FileField, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { applyToJobOffer, readCvUpload } from '~/features/careers/careers-applications.server'
import { ApplicationForm } from '~/features/careers/careers-forms.server'
import { APPLICATION_MESSAGE_MAX } from '~/features/careers/schema'
import { offerForViewer } from '~/features/careers/careers.server'
import { requireMember, requireUser } from '~/features/accounts/guards.server'
import { baseUrl, invariantResponse } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import { parseUploadFields, parseUploadForm, uploadFormValues, UploadTooLarge } from '~/shared/multipart.server'
import { redirectWithToast } from '~/shared/toast.server'
import type { FieldErrors } from '~/shared/validation'
import { revalidateAfterRefusal } from '~/shared/revalidate'
import { mapTiles } from '~/shared/map/tiles'
import { ReportLink } from '~/features/moderation/components/report-form'
import { HeldBadge, HeldNotice } from '~/features/moderation/components/held-notice'

export const meta = titleMeta('careers.offer.title')
// Leaflet's stylesheet comes with the map (app/shared/map/leaflet-styles.ts).
export const links: LinksFunction = () => [careersCss].map((href) => ({ rel: 'stylesheet', href }))
// « Already applied » (another tab) means the page was out of date.
export const shouldRevalidate = revalidateAfterRefusal

function offerId(params: { offerId?: string }) {
  const id = Number(params.offerId)
  invariantResponse(Number.isInteger(id) && id > 0, 'Not found', { status: 404 })
  return id
}

/** Members read open offers; the poster and webmasters also see it before and after. */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = requireUser(request, context)
  const found = offerForViewer(context.app, viewer, offerId(params))
  invariantResponse(found, 'Not found', { status: 404 })
  if (found === 'notMember') throw data({ reason: 'notMember' }, { status: 403 })
  return { ...found, tiles: mapTiles(context.app.config, context.locale) }
}

/** Applying: a message and a CV (PDF, 5 MB at most, checked by content); mailed at once. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = requireMember(request, context)
  const id = offerId(params)
  const t = translator(context.locale)
  let formData: FormData
  try {
    formData = await parseUploadForm(request)
  } catch (error) {
    if (error instanceof UploadTooLarge) return formError({ cv: [t('careers.apply.cvTooLarge')] }, {}, { status: 413 })
    throw error
  }
  const message = uploadFormValues(formData).message ?? ''
  const parsed = parseUploadFields(ApplicationForm, formData, t)
  const errors: FieldErrors = parsed.success ? {} : parsed.errors
  const cv = await readCvUpload(formData.get('cv'))
  if (!cv.ok) errors.cv = [t(cv.error === 'tooLarge' ? 'careers.apply.cvTooLarge' : cv.error === 'type' ? 'careers.apply.cvType' : 'careers.apply.cvRequired')]
  if (!parsed.success || !cv.ok) return formError(errors, { message })
  const result = await applyToJobOffer(context.app, {
    offerId: id,
    userId: viewer.id,
    message: parsed.data.message,
    cv: cv.cv,
    baseUrl: baseUrl(request, context.app.config.APP_URL),
  })
  if (!result.ok) {
    const key = result.error === 'duplicate' ? 'careers.apply.duplicate' : result.error === 'ownOffer' ? 'careers.apply.ownOffer' : 'careers.apply.closed'
    return formError({ form: [t(key)] }, { message }, { status: result.error === 'duplicate' ? 409 : 400 })
  }
  return redirectWithToast(context, '/carriere/mes-candidatures', {
    type: 'success',
    key: result.emailed ? 'careers.apply.sent' : 'careers.apply.savedMailLater',
  })
}

export default function OfferPage() {
  const t = useT()
  const { locale } = useRootData()
  const { offer, isOwner, hold, myApplication, canApply, tiles } = useLoaderData<typeof loader>()
  const data = useFormFailure()
  const salary = formatSalary(t, locale, offer)
  return (
    <div className="narrow narrow--wide stack">
      <PageHeader title={offer.title} lead={offer.company}>
        <Link to="/carriere/offres">{t('careers.offer.back')}</Link>
        {isOwner ? null : <ReportLink kind="offer" id={offer.id} back={`/carriere/offres/${offer.id}`} label={t('moderation.reports.linkOffer')} />}
      </PageHeader>
      {offer.status !== 'published' || isOwner || hold ? (
        <p>
          <StatusBadge status={offer.status} /> <HeldBadge kind="offer" hold={hold} />{' '}
          {isOwner && hold !== 'edited' ? <Link to={`/carriere/mes-offres/${offer.id}`}>{t('careers.myOffers.edit')}</Link> : null}
        </p>
      ) : null}
      {/* Only its poster and webmasters reach a held offer's page. */}
      <HeldNotice kind="offer" id={offer.id} hold={hold} reviewer={!isOwner} />
      <section className="card">
        <dl className="facts offer-facts">
          <dt>{t('careers.field.contractType')}</dt>
          <dd>{t(contractKey(offer.contractType))}</dd>
          <dt>{t('careers.field.sector')}</dt>
          <dd>{t(sectorKey(offer.sector))}</dd>
          <dt>{t('careers.field.city')}</dt>
          <dd>
            {offer.city} ({offer.country}) — {t(remoteKey(offer.remote))}
          </dd>
          <dt>{t('careers.field.experience')}</dt>
          <dd>{t(experienceKey(offer.experience))}</dd>
          <dt>{t('careers.field.startDate')}</dt>
          <dd>{formatDay(locale, offer.startDate)}</dd>
          <dt>{t('careers.field.deadline')}</dt>
          <dd>{formatDay(locale, offer.deadline)}</dd>
          {salary ? (
            <>
              <dt>{t('careers.offer.salary')}</dt>
              <dd>{salary}</dd>
            </>
          ) : null}
          {offer.publishedAt ? (
            <>
              <dt>{t('careers.offer.published')}</dt>
              <dd>{formatMoment(locale, offer.publishedAt)}</dd>
            </>
          ) : null}
        </dl>
        <OfferMap lat={offer.latitude} lng={offer.longitude} label={t('careers.offer.map', { city: offer.city })} tiles={tiles} />
        <h2>{t('careers.field.description')}</h2>
        <p className="offer-text">{offer.description}</p>
        <h2>{t('careers.field.profileSought')}</h2>
        <p className="offer-text">{offer.profileSought}</p>
      </section>
      <section className="card" aria-labelledby="postuler">
        <h2 id="postuler">{t('careers.apply.title')}</h2>
        {myApplication ? (
          <p className="alert alert--success" role="status">
            {t('careers.apply.already', { date: formatMoment(locale, myApplication.createdAt) })}{' '}
            <Link to="/carriere/mes-candidatures">{t('careers.nav.myApplications')}</Link>
          </p>
        ) : canApply ? (
          <Form method="post" encType="multipart/form-data" className="form" noValidate>
            <ErrorSummary errors={data.errors} />
            <p className="muted">{t('careers.apply.lead')}</p>
            <TextAreaField
              label={t('careers.apply.message')}
              name="message"
              rows={6}
              required
              maxLength={APPLICATION_MESSAGE_MAX}
              defaultValue={data.values.message}
              errors={data.errors.message}
            />
            <FileField
              label={t('careers.apply.cv')}
              hint={t('careers.apply.cvHint')}
              name="cv"
              accept=".pdf,application/pdf"
              required
              errors={data.errors.cv}
            />
            <SubmitButton>{t('careers.apply.submit')}</SubmitButton>
          </Form>
        ) : (
          <p className="muted">{t(isOwner ? 'careers.apply.ownOffer' : 'careers.apply.closed')}</p>
        )}
      </section>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
